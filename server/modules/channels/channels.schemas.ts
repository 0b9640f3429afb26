import { z } from "zod";
import { type ChannelType, channelTypes } from "../../../common/domain.js";
import { ApiChannelSettings } from "../../channels/api/api-channel.adapter.js";
import { ChatChannelSettings } from "../../channels/chat/chat-settings.js";
import { EmailChannelSettings } from "../../channels/email/email-settings.js";

/** Settings per channel type; types whose adapters come later accept any object for now. */
export const channelSettingsSchemas: Record<ChannelType, z.ZodType<Record<string, unknown>>> = {
  api: ApiChannelSettings,
  email: EmailChannelSettings as unknown as z.ZodType<Record<string, unknown>>,
  chat: ChatChannelSettings as unknown as z.ZodType<Record<string, unknown>>,
  whatsapp: z.record(z.string(), z.unknown()),
  telegram: z.record(z.string(), z.unknown()),
  messenger: z.record(z.string(), z.unknown()),
  instagram: z.record(z.string(), z.unknown()),
  phone: z.record(z.string(), z.unknown()),
  letter: z.record(z.string(), z.unknown()),
};

export const CreateChannelBody = z.object({
  type: z.enum(channelTypes),
  name: z.string().trim().min(1).max(100),
  isEnabled: z.boolean().default(true),
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type CreateChannelInput = z.infer<typeof CreateChannelBody>;

export const UpdateChannelBody = z
  .object({ name: z.string().trim().min(1).max(100), isEnabled: z.boolean(), settings: z.record(z.string(), z.unknown()) })
  .partial();
export type UpdateChannelInput = z.infer<typeof UpdateChannelBody>;

export const ChannelIdParams = z.object({ id: z.uuid() });

export const ChannelCredentialsView = z.object({
  inboundToken: z.string().nullable().describe("Bearer token for POST /api/channels/{id}/messages; shown only once"),
  signingSecret: z.string().nullable().describe("Key of the HMAC-SHA256 signature on outbound webhooks"),
});
