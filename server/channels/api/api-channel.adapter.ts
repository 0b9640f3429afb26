import { createHmac, randomUUID } from "node:crypto";
import { z } from "zod";
import type { ChannelRow } from "../../platform/db/rows.js";
import { DeliveryError } from "../../platform/errors.js";
import { type ChannelAdapter, InboundMessage, type OutboundMessage } from "../channel-adapter.js";

export const ApiChannelSettings = z.object({
  webhookUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
});
export type ApiChannelSettings = z.infer<typeof ApiChannelSettings>;

const WEBHOOK_TIMEOUT_MS = 10_000;
/** Client errors that a later attempt may not repeat. */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 409, 425, 429]);

/**
 * Signs `<timestamp>.<body>` with the channel's secret. Receivers recompute it and
 * reject old timestamps to stop replays (docs/api-channel.md shows how).
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export const apiChannelAdapter: ChannelAdapter = {
  type: "api",
  // The API route stores the normalized message itself (attachments already saved).
  parseStored: async (payload) => InboundMessage.parse(payload),
  async send(outbound: OutboundMessage, channel: ChannelRow) {
    const settings = ApiChannelSettings.parse(channel.settings);
    if (!settings.webhookUrl) throw new DeliveryError("This API channel has no webhook URL to deliver replies to.", true);
    if (!channel.signingSecret) throw new DeliveryError("This API channel has no signing secret.", true);
    const deliveryId = randomUUID();
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ event: "message.created", deliveryId, ...outbound });
    let response: Response;
    try {
      response = await fetch(settings.webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Caredesk-Webhook/1",
          "x-caredesk-delivery": deliveryId,
          "x-caredesk-message-id": outbound.message.id,
          "x-caredesk-timestamp": String(timestamp),
          "x-caredesk-signature": signWebhook(channel.signingSecret, timestamp, body),
        },
        body,
        redirect: "error",
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
    } catch (error) {
      const reason = error instanceof Error && error.name === "TimeoutError" ? "timed out" : (error as Error).message;
      throw new DeliveryError(`The webhook could not be reached: ${reason}.`);
    }
    const text = await response.text().catch(() => "");
    if (!response.ok) {
      const isPermanent = response.status < 500 && !RETRYABLE_CLIENT_STATUSES.has(response.status);
      throw new DeliveryError(`The webhook answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}.`, isPermanent);
    }
    return { externalId: externalIdFrom(text) };
  },
};

function externalIdFrom(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { id?: unknown };
    return typeof parsed.id === "string" || typeof parsed.id === "number" ? String(parsed.id).slice(0, 200) : null;
  } catch {
    return null;
  }
}
