import { z } from "zod";
import { type ChannelType, type IdentityKind, identityKinds } from "../../common/domain.js";
import type { ConversationView, MessageView } from "../../common/views.js";
import type { ServiceDeps } from "../context.js";
import type { ChannelRow } from "../platform/db/rows.js";
import { SavedFile } from "../modules/attachments/attachments.service.js";

/** One inbound message in Caredesk's terms, whatever wire format it arrived in. */
export const InboundMessage = z.object({
  externalId: z.string(),
  customer: z.object({
    identities: z.array(z.object({ kind: z.enum(identityKinds), value: z.string() })).min(1),
    name: z.string().nullable(),
    language: z.string().nullable(),
  }),
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  /** Already in the file store: saved before the message is processed. */
  attachments: z.array(SavedFile),
  sentAt: z.string().nullable(),
  /** Details only the channel's own intake reads (email: headers, addresses, quoted parts); not part of the common contract. */
  channelData: z.unknown().optional(),
});
export type InboundMessage = z.infer<typeof InboundMessage>;

/** What an adapter needs to deliver an agent's message to the customer. */
export type OutboundMessage = {
  message: MessageView;
  conversation: ConversationView;
  customer: { id: string; name: string; identities: Array<{ kind: IdentityKind; value: string }> };
};

/** What an adapter may use besides its arguments; `db` is never inside the caller's transaction. */
export type AdapterContext = Pick<ServiceDeps, "db" | "files" | "config" | "logger">;

export interface ChannelAdapter {
  readonly type: ChannelType;
  /**
   * Turns what ingest stored for this channel (the raw payload, or a reference to it
   * in the file store) into an InboundMessage. Runs again when processing is retried.
   */
  parseStored(payload: unknown, context: AdapterContext & { channel: ChannelRow }): Promise<InboundMessage>;
  /** Delivers the message; throws a DeliveryError (permanent or retryable) on failure. */
  send(outbound: OutboundMessage, channel: ChannelRow, context: AdapterContext): Promise<{ externalId: string | null }>;
}
