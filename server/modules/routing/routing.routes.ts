import { z } from "zod";
import { AssignmentDecisionView, AssignmentOfferView, QueuedConversationView, RoutingRuleView, SupervisorBoardView, TeamAssignmentView } from "../../../common/routing.js";
import { AgentView, ConversationView } from "../../../common/views.js";
import { anyRole, managerRoles, staffRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { presentAgent } from "../agents/agents.presenter.js";
import { presentConversation } from "../conversations/conversations.presenter.js";
import { CreateRoutingRuleBody, ReorderRoutingRulesBody, RoutingRuleIdParams, UpdateRoutingRuleBody } from "./routing-rules.schemas.js";
import { presentDecision, presentOffer, presentRoutingRule } from "./routing.presenter.js";
import { ConversationIdParams, OfferIdParams, PresenceBody, QueueQuery, TeamAssignmentBody, TeamIdParams } from "./routing.schemas.js";

const tags = ["routing"];

export function registerRoutingRoutes(app: HttpApp, { routingRules, assignment, presence, conversations }: Services): void {
  app.get(
    "/api/routing-rules",
    { schema: { tags, summary: "The account's routing rules in the order they are tried", response: { 200: z.object({ data: z.array(RoutingRuleView) }) } }, config: { access: anyRole } },
    async (request) => ({ data: (await routingRules.list(request.actor)).map(presentRoutingRule) }),
  );

  app.post(
    "/api/routing-rules",
    { schema: { tags, summary: "Add a routing rule (at the end, or at `position`)", body: CreateRoutingRuleBody, response: { 201: z.object({ data: RoutingRuleView }) } }, config: { access: managerRoles } },
    async (request, reply) => reply.status(201).send({ data: presentRoutingRule(await routingRules.create(request.actor, request.body)) }),
  );

  app.post(
    "/api/routing-rules/reorder",
    { schema: { tags, summary: "Put the routing rules in a new order", body: ReorderRoutingRulesBody, response: { 200: z.object({ data: z.array(RoutingRuleView) }) } }, config: { access: managerRoles } },
    async (request) => ({ data: (await routingRules.reorder(request.actor, request.body.ruleIds)).map(presentRoutingRule) }),
  );

  app.patch(
    "/api/routing-rules/:id",
    {
      schema: { tags, summary: "Change a routing rule's name, conditions, actions or whether it is on", params: RoutingRuleIdParams, body: UpdateRoutingRuleBody, response: { 200: z.object({ data: RoutingRuleView }) } },
      config: { access: managerRoles },
    },
    async (request) => ({ data: presentRoutingRule(await routingRules.update(request.actor, request.params.id, request.body)) }),
  );

  app.delete(
    "/api/routing-rules/:id",
    { schema: { tags, summary: "Delete a routing rule", params: RoutingRuleIdParams, response: { 204: z.null() } }, config: { access: managerRoles } },
    async (request, reply) => {
      await routingRules.remove(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/teams/:id/assignment",
    { schema: { tags, summary: "How the team assigns its work", params: TeamIdParams, response: { 200: z.object({ data: TeamAssignmentView }) } }, config: { access: anyRole } },
    async (request) => ({ data: await assignment.teamSettings(request.actor, request.params.id) }),
  );

  app.put(
    "/api/teams/:id/assignment",
    {
      schema: { tags, summary: "Set the team's assignment strategy and offer timeout", params: TeamIdParams, body: TeamAssignmentBody, response: { 200: z.object({ data: TeamAssignmentView }) } },
      config: { access: managerRoles },
    },
    async (request) => ({ data: await assignment.updateTeamSettings(request.actor, request.params.id, request.body) }),
  );

  app.get(
    "/api/teams/:id/queue",
    {
      schema: { tags, summary: "The team's waiting conversations in the order they are worked (priority, then age)", params: TeamIdParams, querystring: QueueQuery, response: { 200: z.object({ data: z.array(QueuedConversationView) }) } },
      config: { access: anyRole },
    },
    async (request) => ({
      data: (await assignment.listQueue(request.actor, request.params.id, request.query.limit)).map((item, index) => ({
        conversation: presentConversation(item.conversation),
        queuedAt: item.queuedAt.toISOString(),
        position: index + 1,
      })),
    }),
  );

  app.post(
    "/api/teams/:id/queue/take",
    {
      schema: { tags, summary: "Take the head of the team's queue for yourself", params: TeamIdParams, response: { 200: z.object({ data: ConversationView.nullable() }) } },
      config: { access: staffRoles },
    },
    async (request) => {
      const taken = await assignment.takeNext(request.actor, request.params.id);
      return { data: taken ? presentConversation(await conversations.get(request.actor, taken.id)) : null };
    },
  );

  app.get(
    "/api/offers",
    { schema: { tags, summary: "Conversations offered to you, awaiting your answer", response: { 200: z.object({ data: z.array(AssignmentOfferView) }) } }, config: { access: anyRole } },
    async (request) => ({ data: (await assignment.listMyOffers(request.actor)).map(({ offer, conversation }) => presentOffer(offer, presentConversation(conversation))) }),
  );

  app.post(
    "/api/offers/:id/accept",
    { schema: { tags, summary: "Accept a conversation offered to you", params: OfferIdParams, response: { 200: z.object({ data: ConversationView }) } }, config: { access: staffRoles } },
    async (request) => {
      const offer = await assignment.accept(request.actor, request.params.id);
      return { data: presentConversation(await conversations.get(request.actor, offer.conversationId)) };
    },
  );

  app.post(
    "/api/offers/:id/decline",
    { schema: { tags, summary: "Pass on a conversation offered to you; it moves on to the next agent", params: OfferIdParams, response: { 204: z.null() } }, config: { access: staffRoles } },
    async (request, reply) => {
      await assignment.decline(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/conversations/:id/assignment-decisions",
    {
      schema: { tags, summary: "Why the conversation went where it went: every routing decision with its reasons", params: ConversationIdParams, response: { 200: z.object({ data: z.array(AssignmentDecisionView) }) } },
      config: { access: anyRole },
    },
    async (request) => ({ data: (await assignment.listDecisions(request.actor, request.params.id)).map(presentDecision) }),
  );

  app.get(
    "/api/routing/board",
    { schema: { tags, summary: "The supervisor board: every team's queue and every agent's presence and load", response: { 200: z.object({ data: SupervisorBoardView }) } }, config: { access: managerRoles } },
    async (request) => {
      const board = await assignment.board(request.actor);
      return {
        data: {
          teams: board.teams.map((team) => ({ ...team, oldestQueuedAt: team.oldestQueuedAt?.toISOString() ?? null })),
          agents: board.agents.map((agent) => ({
            id: agent.id,
            name: agent.name,
            role: agent.role as "admin",
            level: agent.level,
            languages: agent.languages,
            skills: agent.skills,
            teamIds: agent.teamIds,
            presence: agent.presence,
            presenceChangedAt: agent.presenceChangedAt?.toISOString() ?? null,
            openConversations: agent.openConversations,
            maxOpenConversations: agent.maxOpenConversations,
            chats: agent.chats,
            maxChats: agent.maxChats,
            pendingOffers: agent.pendingOffers,
          })),
        },
      };
    },
  );

  app.put(
    "/api/presence",
    { schema: { tags: ["agents"], summary: "Set your presence: away stops new work while you stay logged in", body: PresenceBody, response: { 200: z.object({ data: AgentView }) } }, config: { access: anyRole } },
    async (request) => ({ data: presentAgent(await presence.choose(request.actor, request.body.presence)) }),
  );
}
