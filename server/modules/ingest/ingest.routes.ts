import { z } from "zod";
import { adminRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { InboundMessageRow } from "../../platform/db/rows.js";
import type { Services } from "../../services.js";

const InboundMessageView = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  externalId: z.string(),
  status: z.enum(["received", "processed", "failed"]),
  error: z.string().nullable(),
  attempts: z.number().int(),
  conversationId: z.uuid().nullable(),
  messageId: z.uuid().nullable(),
  receivedAt: z.string(),
});

const tags = ["ingest"];

export function registerIngestRoutes(app: HttpApp, { ingest }: Services): void {
  app.get(
    "/api/inbound-messages/failed",
    { schema: { tags, summary: "Inbound messages whose processing failed (kept, retried automatically)", response: { 200: z.object({ data: z.array(InboundMessageView) }) } }, config: { access: adminRoles } },
    async (request) => ({ data: (await ingest.listFailed(request.actor)).map(presentInbound) }),
  );

  app.post(
    "/api/inbound-messages/:id/retry",
    { schema: { tags, summary: "Process a failed inbound message again now", params: z.object({ id: z.uuid() }), response: { 200: z.object({ data: InboundMessageView }) } }, config: { access: adminRoles } },
    async (request) => ({ data: presentInbound(await ingest.retry(request.actor, request.params.id)) }),
  );
}

function presentInbound(row: InboundMessageRow): z.infer<typeof InboundMessageView> {
  return {
    id: row.id,
    channelId: row.channelId,
    externalId: row.externalId,
    status: row.status,
    error: row.error,
    attempts: row.attempts,
    conversationId: row.conversationId,
    messageId: row.messageId,
    receivedAt: row.receivedAt.toISOString(),
  };
}
