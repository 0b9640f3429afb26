import type { ChannelAdapter } from "../channel-adapter.js";
import { parseStoredEmail } from "./email-inbound.js";
import { sendEmail } from "./email-outbound.js";

/**
 * Email: received mail is stored raw (.eml in the file store) by the intake, then parsed here
 * into an InboundMessage; replies are composed and sent through the channel's SMTP server.
 */
export const emailChannelAdapter: ChannelAdapter = {
  type: "email",
  parseStored: parseStoredEmail,
  send: sendEmail,
};
