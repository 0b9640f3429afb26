import { z } from "zod";
import { MessageView } from "../../../common/views.js";
import { adminRoles, anyRole, staffRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { ConversationIdParams } from "../conversations/conversations.schemas.js";
import { presentMessage } from "../messages/messages.presenter.js";
import { MessageIdParams } from "../messages/messages.schemas.js";
import { EmailDraftQuery, EmailDraftView, EmailForwardBody, EmailReplyBody, MailboxStatusView } from "./email.schemas.js";

const tags = ["email"];

/** What the agent app needs for email conversations beyond the generic message routes. */
export function registerEmailRoutes(app: HttpApp, { email }: Services): void {
  app.get(
    "/api/conversations/:id/email/draft",
    {
      schema: {
        tags,
        summary: "Recipients, subject and participants a reply, reply-all or forward would get (to prefill the compose form)",
        params: ConversationIdParams,
        querystring: EmailDraftQuery,
        response: { 200: z.object({ data: EmailDraftView }) },
      },
      config: { access: staffRoles },
    },
    async (request) => ({ data: await email.draft(request.actor, request.params.id, request.query) }),
  );

  app.post(
    "/api/conversations/:id/email/reply",
    {
      schema: {
        tags,
        summary: "Reply (to the customer) or reply-all (Cc kept) by mail; sent with threading headers, templates and signature",
        params: ConversationIdParams,
        body: EmailReplyBody,
        response: { 201: z.object({ data: MessageView }) },
      },
      config: { access: staffRoles },
    },
    async (request, reply) => reply.status(201).send({ data: presentMessage(await email.reply(request.actor, request.params.id, request.body)) }),
  );

  app.post(
    "/api/conversations/:id/email/forward",
    {
      schema: {
        tags,
        summary: "Forward a message of the conversation (with its attachments) to other people; their replies thread back in",
        params: ConversationIdParams,
        body: EmailForwardBody,
        response: { 201: z.object({ data: MessageView }) },
      },
      config: { access: staffRoles },
    },
    async (request, reply) => reply.status(201).send({ data: presentMessage(await email.forward(request.actor, request.params.id, request.body)) }),
  );

  app.get(
    "/api/messages/:id/email/raw",
    {
      schema: { tags, summary: "The mail's raw source (message/rfc822), exactly as it arrived or was sent", params: MessageIdParams },
      config: { access: anyRole },
    },
    async (request, reply) => {
      const { stream, byteSize, fileName } = await email.openRaw(request.actor, request.params.id);
      return reply
        .header("content-type", "message/rfc822")
        .header("content-length", String(byteSize))
        .header("content-disposition", `attachment; filename="${fileName}"`)
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "sandbox; default-src 'none'")
        .header("cache-control", "private, max-age=3600")
        .send(stream);
    },
  );

  app.post(
    "/api/messages/:id/email/remote-images",
    {
      schema: { tags, summary: "Allow the remote images of a received mail (they tell the sender it was read)", params: MessageIdParams, response: { 200: z.object({ data: MessageView }) } },
      config: { access: staffRoles },
    },
    async (request) => ({ data: presentMessage(await email.allowRemoteImages(request.actor, request.params.id)) }),
  );

  app.post(
    "/api/messages/:id/email/reprocess",
    {
      schema: { tags, summary: "Parse a received mail again from its raw source (clears the parse-error mark when it now reads)", params: MessageIdParams, response: { 200: z.object({ data: MessageView }) } },
      config: { access: staffRoles },
    },
    async (request) => ({ data: presentMessage(await email.reprocess(request.actor, request.params.id)) }),
  );

  app.get(
    "/api/channels/:id/email/status",
    {
      schema: { tags, summary: "Where polling of an email channel's mailbox stands (lease holder, folders, last error)", params: z.object({ id: z.uuid() }), response: { 200: z.object({ data: MailboxStatusView }) } },
      config: { access: adminRoles },
    },
    async (request) => ({ data: await email.mailboxStatus(request.actor, request.params.id) }),
  );
}
