import type { ChannelView } from "../../../common/views.js";
import type { ChannelRow } from "../../platform/db/rows.js";
import { redactSecretSettings } from "./channel-secrets.js";

/** Secrets (inbound token hash, signing secret, passwords in settings) never leave through the view. */
export function presentChannel(channel: ChannelRow): ChannelView {
  return {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    isEnabled: channel.isEnabled,
    settings: redactSecretSettings(channel.type, channel.settings),
    createdAt: channel.createdAt.toISOString(),
  };
}
