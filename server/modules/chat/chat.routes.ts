import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { limits } from "../../../common/limits.js";
import { ValidationError } from "../../platform/errors.js";
import { bearerToken } from "../../platform/http/authentication.js";
import { sendError } from "../../platform/http/error-handler.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { ChannelRow, ChatVisitorRow } from "../../platform/db/rows.js";
import type { Services } from "../../services.js";
import { attachmentTooLarge } from "../attachments/attachments.service.js";
import type { ChatSocketHub } from "./chat-socket.js";
import type { VisitorContext } from "./chat.service.js";
import {
  AttachmentParams,
  AttachmentQuery,
  ChatConversationView,
  ChatSessionView,
  ChatWidgetConfigView,
  EmailBody,
  SendMessageBody,
  SendResultView,
  StartSessionBody,
  TypingBody,
  WidgetConfigQuery,
  clientMessageId as ClientMessageId,
} from "./chat.schemas.js";

const tags = ["website chat"];
const WIDGET_PREFIX = "/api/widget/";
/** New sessions per address and minute (a page load that finds no token makes one). */
const SESSIONS_PER_MINUTE = 30;

/**
 * The widget's API. Pages on any allowed site call it (CORS): the visitor token in
 * `Authorization: Bearer` proves the session, so no cookies are involved and the origin can
 * be reflected; the channel's allowed origins are enforced by the service on every call.
 */
export function registerChatRoutes(app: HttpApp, { chat }: Services, sockets: ChatSocketHub): void {
  app.decorateRequest("chatVisitor", null);
  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith(WIDGET_PREFIX)) return;
    const origin = request.headers.origin;
    if (origin) void reply.header("access-control-allow-origin", origin).header("vary", "Origin");
    if (request.method === "OPTIONS") {
      return reply
        .header("access-control-allow-methods", "GET, POST")
        .header("access-control-allow-headers", "authorization, content-type")
        .header("access-control-max-age", "600")
        .status(204)
        .send();
    }
    // Before the body is validated: without a valid token there is nothing to validate for.
    if (request.routeOptions.config.access === "visitor") request.chatVisitor = await chat.authenticate(bearerToken(request), contextOf(request));
  });

  app.get(
    "/api/widget/config",
    { schema: { tags, summary: "A chat channel's public widget configuration and availability", querystring: WidgetConfigQuery, response: { 200: z.object({ data: ChatWidgetConfigView }) } }, config: { access: "public" } },
    async (request) => ({ data: await chat.config(request.query.channelId, contextOf(request)) }),
  );

  app.post(
    "/api/widget/sessions",
    {
      schema: {
        tags,
        summary: "Start a visitor session (201, with a new visitor token) or resume one by its token (200)",
        body: StartSessionBody,
        response: { 200: z.object({ data: ChatSessionView }), 201: z.object({ data: ChatSessionView }) },
      },
      config: { access: "public", rateLimit: { max: SESSIONS_PER_MINUTE, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { isNew, ...session } = await chat.startSession(request.body, contextOf(request));
      return reply.status(isNew ? 201 : 200).send({ data: session });
    },
  );

  app.get(
    "/api/widget/conversations",
    { schema: { tags, summary: "The visitor's recent conversations with their messages", response: { 200: z.object({ data: z.array(ChatConversationView) }) } }, config: { access: "visitor" } },
    async (request) => {
      const { visitor } = visitorOf(request);
      return { data: await chat.history(visitor) };
    },
  );

  app.post(
    "/api/widget/messages",
    {
      schema: {
        tags,
        summary: "Send a visitor's message (idempotent by clientMessageId); 202: stored, still being processed",
        body: SendMessageBody,
        response: { 201: z.object({ data: SendResultView }), 202: z.object({ data: SendResultView }) },
      },
      config: { access: "visitor" },
    },
    async (request, reply) => {
      const context = contextOf(request);
      const { visitor, channel } = visitorOf(request);
      const result = await chat.send(visitor, channel, request.body, context);
      return reply.status(result.seq === null ? 202 : 201).send({ data: result });
    },
  );

  app.post(
    "/api/widget/attachments",
    {
      schema: {
        tags,
        summary: "Send a visitor's message with a file (multipart: `clientMessageId`, optional `text`, then `file`)",
        consumes: ["multipart/form-data"],
        response: { 201: z.object({ data: SendResultView }), 202: z.object({ data: SendResultView }) },
      },
      config: { access: "visitor" },
    },
    async (request, reply) => {
      const context = contextOf(request);
      const { visitor, channel } = visitorOf(request);
      if (!request.isMultipart()) throw new ValidationError("validation_failed", "Send the file as multipart/form-data in the field `file`.", [{ field: "body.file", message: "is required" }]);
      const fields: Record<string, string> = {};
      let file: { fileName: string; bytes: Buffer } | null = null;
      for await (const part of request.parts({ limits: { fileSize: limits.attachmentBytes, files: 1 } })) {
        if (part.type === "field") fields[part.fieldname] = String(part.value);
        else if (part.fieldname === "file") {
          const bytes = await part.toBuffer().catch((error: unknown) => {
            throw error instanceof app.multipartErrors.RequestFileTooLargeError ? attachmentTooLarge(part.filename) : error;
          });
          file = { fileName: part.filename, bytes };
        } else await part.toBuffer();
      }
      const id = ClientMessageId.safeParse(fields.clientMessageId);
      if (!id.success) throw new ValidationError("validation_failed", "The field `clientMessageId` is required.", [{ field: "body.clientMessageId", message: "is required" }]);
      if (!file) throw new ValidationError("validation_failed", "Send the file in the multipart field `file`.", [{ field: "body.file", message: "is required" }]);
      const result = await chat.send(visitor, channel, { clientMessageId: id.data, text: fields.text ?? "", files: [file] }, context);
      return reply.status(result.seq === null ? 202 : 201).send({ data: result });
    },
  );

  app.post(
    "/api/widget/typing",
    { schema: { tags, summary: "The visitor is (no longer) typing", body: TypingBody, response: { 204: z.null() } }, config: { access: "visitor" } },
    async (request, reply) => {
      const { visitor } = visitorOf(request);
      await chat.typing(visitor, request.body.isTyping);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/widget/email",
    {
      schema: { tags, summary: "The visitor's email address, so the team can answer by email", body: EmailBody, response: { 200: z.object({ data: z.object({ email: z.string(), isLinked: z.boolean() }) }) } },
      config: { access: "visitor" },
    },
    async (request) => {
      const { visitor, channel } = visitorOf(request);
      return { data: await chat.captureEmail(visitor, channel, request.body.email) };
    },
  );

  app.get(
    "/api/widget/attachments/:id",
    { schema: { tags, summary: "Download an attachment of the visitor's conversation (a signed link from a message)", params: AttachmentParams, querystring: AttachmentQuery }, config: { access: "public" } },
    async (request, reply) => {
      const { attachment, stream } = await chat.openAttachment(request.params.id, request.query.visitorId ?? null, request.query.signature ?? null);
      const isImage = /^image\/(png|jpeg|gif|webp)$/.test(attachment.contentType);
      return reply
        .header("content-type", attachment.contentType)
        .header("content-length", String(attachment.byteSize))
        .header("content-disposition", `${isImage ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`)
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "sandbox; default-src 'none'")
        .header("cross-origin-resource-policy", "cross-origin")
        .header("cache-control", "private, max-age=3600")
        .send(stream);
    },
  );

  app.route({
    method: "GET",
    url: "/api/widget/socket",
    schema: { tags, summary: "WebSocket of a chat visitor: say hello with the visitor token, then live messages with sequence numbers (see docs/chat-channel.md)" },
    config: { access: "public" },
    handler: async (_request, reply) => sendError(reply, 426, "websocket_required", "Open this address as a WebSocket (Upgrade: websocket)."),
    wsHandler: (socket, request) => sockets.accept(socket, contextOf(request)),
  });
}

declare module "fastify" {
  interface FastifyRequest {
    /** The chat visitor and channel, on routes whose access is `visitor`. */
    chatVisitor: { visitor: ChatVisitorRow; channel: ChannelRow } | null;
  }
}

function visitorOf(request: FastifyRequest): { visitor: ChatVisitorRow; channel: ChannelRow } {
  if (!request.chatVisitor) throw new Error("visitor routes are authenticated by the onRequest hook");
  return request.chatVisitor;
}

function contextOf(request: FastifyRequest): VisitorContext {
  const origin = request.headers.origin;
  return { origin: typeof origin === "string" ? origin : null, ip: request.ip };
}
