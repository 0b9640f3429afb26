import { z } from "zod";
import { ConversationView, InboxCountsView, pageOf, StatusView } from "../../../common/views.js";
import { adminRoles, anyRole, staffRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import {
  ConversationIdParams,
  CreateStatusBody,
  ListConversationsQuery,
  StatusIdParams,
  UpdateConversationBody,
  UpdateStatusBody,
} from "./conversations.schemas.js";
import { presentConversation, presentStatus } from "./conversations.presenter.js";

const tags = ["conversations"];

export function registerConversationRoutes(app: HttpApp, { conversations, statuses }: Services): void {
  app.get(
    "/api/conversations",
    {
      schema: { tags, summary: "The inbox: filter, search (full text over subjects and messages), sort, keyset pages", querystring: ListConversationsQuery, response: { 200: pageOf(ConversationView) } },
      config: { access: anyRole },
    },
    async (request) => {
      const page = await conversations.list(request.actor, request.query);
      return { data: page.data.map(presentConversation), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/api/conversations/counts",
    { schema: { tags, summary: "How many conversations each inbox view holds", response: { 200: z.object({ data: InboxCountsView }) } }, config: { access: anyRole } },
    async (request) => ({ data: await conversations.counts(request.actor) }),
  );

  app.get(
    "/api/conversations/:id",
    { schema: { tags, summary: "Get a conversation", params: ConversationIdParams, response: { 200: z.object({ data: ConversationView }) } }, config: { access: anyRole } },
    async (request) => ({ data: presentConversation(await conversations.get(request.actor, request.params.id)) }),
  );

  app.patch(
    "/api/conversations/:id",
    {
      schema: {
        tags,
        summary: "Change status, priority, assignee, team, level, tags, topic, category, subject or language",
        params: ConversationIdParams,
        body: UpdateConversationBody,
        response: { 200: z.object({ data: ConversationView }) },
      },
      config: { access: staffRoles },
    },
    async (request) => ({ data: presentConversation(await conversations.update(request.actor, request.params.id, request.body)) }),
  );

  app.get(
    "/api/statuses",
    { schema: { tags: ["statuses"], summary: "The account's statuses and their kinds", response: { 200: z.object({ data: z.array(StatusView) }) } }, config: { access: anyRole } },
    async (request) => ({ data: (await statuses.list(request.actor)).map(presentStatus) }),
  );

  app.post(
    "/api/statuses",
    { schema: { tags: ["statuses"], summary: "Add a custom status mapped to a built-in kind", body: CreateStatusBody, response: { 201: z.object({ data: StatusView }) } }, config: { access: adminRoles } },
    async (request, reply) => reply.status(201).send({ data: presentStatus(await statuses.create(request.actor, request.body)) }),
  );

  app.patch(
    "/api/statuses/:id",
    { schema: { tags: ["statuses"], summary: "Rename or reorder a status", params: StatusIdParams, body: UpdateStatusBody, response: { 200: z.object({ data: StatusView }) } }, config: { access: adminRoles } },
    async (request) => ({ data: presentStatus(await statuses.update(request.actor, request.params.id, request.body)) }),
  );
}
