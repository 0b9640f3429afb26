import { z } from "zod";
import { limits } from "../../../common/limits.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import { bearerToken } from "../../platform/http/authentication.js";
import { ValidationError } from "../../platform/errors.js";
import type { InboundMessageRow } from "../../platform/db/rows.js";
import type { Services } from "../../services.js";
import type { InboundMessage } from "../channel-adapter.js";
import { ApiInboundBody, type ApiInboundResult, ApiInboundResult as ApiInboundResultSchema } from "./api-channel.schemas.js";

/**
 * The API channel's way in. The sender authenticates with the channel's own token.
 * 201: stored and processed. 202: stored, processing failed and is retried; nothing is lost.
 * The same `externalId` again answers exactly as the first time did.
 */
export function registerApiChannelRoutes(app: HttpApp, { channels, ingest, attachments }: Services): void {
  app.post(
    "/api/channels/:id/messages",
    {
      schema: {
        tags: ["api channel"],
        summary: "Receive an inbound message from your system (authenticate with the channel token)",
        params: z.object({ id: z.uuid() }),
        body: ApiInboundBody,
        response: { 201: z.object({ data: ApiInboundResultSchema }), 202: z.object({ data: ApiInboundResultSchema }) },
      },
      bodyLimit: limits.jsonBodyBytes,
      config: { access: "channel" },
    },
    async (request, reply) => {
      const channel = await channels.authenticateInbound(request.params.id, bearerToken(request));
      if (channel.type !== "api") throw new ValidationError("channel_type_mismatch", "Messages can be posted only to API channels.");
      const body = request.body;
      // A repeat that carries files is answered before its files are written again; one that
      // was stored but not processed (its first processing failed) is processed now.
      const existing = body.attachments.length > 0 ? await ingest.findReceived(channel, body.externalId) : null;
      const processed = existing && existing.status !== "processed" ? await ingest.process(existing.id) : existing;
      const result = processed
        ? { inboundMessage: processed, conversationNumber: await ingest.conversationNumber(processed), isDuplicate: true }
        : await ingest.receive(channel, body.externalId, await toInboundMessage(body, (file) => attachments.save(channel.accountId, file)));
      const data = present(result.inboundMessage, result.conversationNumber);
      if (result.isDuplicate) void reply.header("idempotent-replayed", "true");
      return reply.status(data.status === "processed" ? 201 : 202).send({ data });
    },
  );
}

async function toInboundMessage(
  body: ApiInboundBody,
  save: (file: { fileName: string; bytes: Buffer }) => Promise<InboundMessage["attachments"][number]>,
): Promise<InboundMessage> {
  const identities: InboundMessage["customer"]["identities"] = [];
  if (body.customer.identifier) identities.push({ kind: "api", value: body.customer.identifier });
  if (body.customer.email) identities.push({ kind: "email", value: body.customer.email });
  if (body.customer.phone) identities.push({ kind: "phone", value: body.customer.phone });
  // Attachments are written to the file store before the message is stored and processed.
  const saved = [];
  for (const attachment of body.attachments) {
    saved.push(await save({ fileName: attachment.fileName, bytes: Buffer.from(attachment.contentBase64, "base64") }));
  }
  return {
    externalId: body.externalId,
    customer: { identities, name: body.customer.name ?? null, language: body.customer.language ?? null },
    subject: body.subject ?? null,
    text: body.text,
    html: body.html ?? null,
    attachments: saved,
    sentAt: body.sentAt ?? null,
  };
}

function present(inbound: InboundMessageRow, conversationNumber: number | null): ApiInboundResult {
  return { inboundMessageId: inbound.id, status: inbound.status, conversationId: inbound.conversationId, conversationNumber, messageId: inbound.messageId };
}
