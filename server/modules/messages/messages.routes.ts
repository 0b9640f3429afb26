import { z } from "zod";
import { MessageView, pageOf } from "../../../common/views.js";
import { anyRole, staffRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { ConversationIdParams } from "../conversations/conversations.schemas.js";
import { presentMessage } from "./messages.presenter.js";
import { ListMessagesQuery, MessageIdParams, SendMessageBody } from "./messages.schemas.js";

const tags = ["messages"];

export function registerMessageRoutes(app: HttpApp, { messages }: Services): void {
  app.get(
    "/api/conversations/:id/messages",
    {
      schema: { tags, summary: "A conversation's messages: the newest page first, each page oldest to newest; the cursor goes back in time", params: ConversationIdParams, querystring: ListMessagesQuery, response: { 200: pageOf(MessageView) } },
      config: { access: anyRole },
    },
    async (request) => {
      const page = await messages.list(request.actor, request.params.id, request.query);
      return { data: page.data.map(presentMessage), nextCursor: page.nextCursor };
    },
  );

  app.post(
    "/api/conversations/:id/messages",
    {
      schema: { tags, summary: "Reply to the customer or add an internal note (isNote)", params: ConversationIdParams, body: SendMessageBody, response: { 201: z.object({ data: MessageView }) } },
      config: { access: staffRoles },
    },
    async (request, reply) => reply.status(201).send({ data: presentMessage(await messages.send(request.actor, request.params.id, request.body)) }),
  );

  app.post(
    "/api/messages/:id/retry",
    { schema: { tags, summary: "Send a failed reply again", params: MessageIdParams, response: { 200: z.object({ data: MessageView }) } }, config: { access: staffRoles } },
    async (request) => ({ data: presentMessage(await messages.retryDelivery(request.actor, request.params.id)) }),
  );
}
