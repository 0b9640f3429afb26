import type { ChannelType } from "../../common/domain.js";
import { apiChannelAdapter } from "./api/api-channel.adapter.js";
import type { ChannelAdapter } from "./channel-adapter.js";
import { chatChannelAdapter } from "./chat/chat-channel.adapter.js";
import { emailChannelAdapter } from "./email/email-channel.adapter.js";

/**
 * Adapters that can deliver outbound messages, by channel type. A type without one
 * (yet) stores replies but marks them failed with a clear reason.
 */
export const channelAdapters: Partial<Record<ChannelType, ChannelAdapter>> = {
  api: apiChannelAdapter,
  email: emailChannelAdapter,
  chat: chatChannelAdapter,
};
