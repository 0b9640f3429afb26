import type { DomainEvent } from "../../../common/events.js";
import type { EventSubscriber, NewEvent } from "../../platform/events/events.js";
import type { AssignmentService } from "./assignment.service.js";

const finishedKinds = new Set(["solved", "closed"]);

/** Who may hold a new conversation back from routing (the bot, while it talks to the customer). */
export type RoutingGate = { isHolding(accountId: string, conversationId: string): Promise<boolean> };

type RoutingEvent = "conversation.created" | "message.created" | "conversation.handed_off";

/**
 * Routes new conversations: durable, so a crash between ingest and routing loses nothing.
 * A conversation the bot is answering is routed when the bot hands it off.
 */
export function routeNewConversations(assignment: AssignmentService, gate: RoutingGate): EventSubscriber<RoutingEvent> {
  return {
    name: "routing.route-conversation",
    events: ["conversation.created", "message.created", "conversation.handed_off"],
    // A conversation opened by an agent or before its first message is routed on the customer's message.
    isInterested: (event: NewEvent<RoutingEvent>) =>
      event.name === "conversation.created" ||
      event.name === "conversation.handed_off" ||
      (event.data.message.direction === "in" && event.data.conversation.assignee === null && event.data.conversation.statusKind === "new" && event.data.conversation.messageCount <= 1),
    async handle(event: DomainEvent<RoutingEvent>) {
      if (!event.conversationId) return;
      if (event.name !== "conversation.handed_off" && (await gate.isHolding(event.accountId, event.conversationId))) return;
      await assignment.route(event.accountId, event.conversationId);
    },
  };
}

type CapacityEvent = "conversation.status_changed" | "conversation.assigned" | "conversation.updated" | "agent.presence_changed" | "agent.updated";

/**
 * Works team queues whenever capacity frees up or work re-enters a queue: a conversation
 * solved or closed, reassigned or unassigned, transferred to another team, an agent coming
 * online or getting more capacity.
 */
export function drainWhenCapacityFrees(assignment: AssignmentService): EventSubscriber<CapacityEvent> {
  return {
    name: "routing.drain-queues",
    events: ["conversation.status_changed", "conversation.assigned", "conversation.updated", "agent.presence_changed", "agent.updated"],
    isInterested: (event: NewEvent<CapacityEvent>) => {
      switch (event.name) {
        case "conversation.status_changed": {
          const { conversation } = event.data;
          return (finishedKinds.has(conversation.statusKind) && conversation.assignee !== null) || (!finishedKinds.has(conversation.statusKind) && conversation.assignee === null && conversation.teamId !== null);
        }
        case "conversation.assigned":
          // Routing's own assignments free nothing and need no follow-up.
          return event.data.previousAssigneeId !== null || event.data.conversation.assignee === null || event.actor.type === "agent";
        case "conversation.updated":
          return event.data.changes.includes("teamId") && event.data.conversation.assignee === null;
        case "agent.presence_changed":
          return event.data.to === "online";
        case "agent.updated":
          return event.data.changes.some((change) => ["maxChats", "maxOpenConversations", "teamIds", "level", "skills", "languages", "isActive"].includes(change));
      }
    },
    async handle(event: DomainEvent<CapacityEvent>) {
      switch (event.name) {
        case "conversation.status_changed": {
          const { conversation } = event.data;
          if (conversation.assignee && finishedKinds.has(conversation.statusKind)) await assignment.drainTeamsOf(event.accountId, conversation.assignee.id);
          else if (!conversation.assignee) await assignment.requeue(event.accountId, conversation.id);
          return;
        }
        case "conversation.assigned": {
          const { conversation, previousAssigneeId } = event.data;
          if (conversation.assignee) await assignment.withdrawOffers(event.accountId, conversation.id);
          else await assignment.requeue(event.accountId, conversation.id);
          if (previousAssigneeId) await assignment.drainTeamsOf(event.accountId, previousAssigneeId);
          return;
        }
        case "conversation.updated":
          await assignment.requeue(event.accountId, event.data.conversation.id);
          return;
        case "agent.presence_changed":
        case "agent.updated":
          await assignment.drainTeamsOf(event.accountId, event.data.agent.id);
          return;
      }
    },
  };
}
