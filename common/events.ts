import type { BotConversationView, HandoffReason } from "./bot-views.js";
import type { AgentPresence, SlaTarget } from "./domain.js";
import type { AssignmentExplanation, AssignmentOfferView, HandOverKind } from "./routing.js";
import type { AgentView, ConversationView, CustomerView, EscalationView, MessageView } from "./views.js";

/** One side of a hand-over: who (if anyone) and which team had the conversation. */
export type HandOverParty = { agentId: string | null; teamId: string | null };

/**
 * Every domain event: its name and the data it carries. Realtime clients and outbound
 * webhooks receive the same names and shapes.
 */
export type DomainEventData = {
  "conversation.created": { conversation: ConversationView };
  "conversation.updated": { conversation: ConversationView; changes: string[] };
  "conversation.status_changed": { conversation: ConversationView; from: string; to: string };
  "conversation.assigned": { conversation: ConversationView; previousAssigneeId: string | null };
  /** The conversation's SLA due times or states changed (recomputed after a change, or paused, resumed). */
  "conversation.sla_changed": { conversation: ConversationView };
  "conversation.sla_warning": { conversation: ConversationView; target: SlaTarget; dueAt: string | null };
  "conversation.sla_breached": { conversation: ConversationView; target: SlaTarget; dueAt: string | null };
  /** Handed over to a higher level or another team, by an agent or automatically. */
  "conversation.escalated": { conversation: ConversationView; escalation: EscalationView };
  "message.created": { message: MessageView; conversation: ConversationView };
  "message.updated": { message: MessageView };
  "customer.created": { customer: CustomerView };
  "customer.updated": { customer: CustomerView };
  "agent.presence_changed": { agent: AgentView; from: AgentPresence; to: AgentPresence };
  /** The bot handed the conversation over to the team (it now waits for a human). */
  "conversation.handed_off": { conversation: ConversationView; bot: BotConversationView; reason: HandoffReason };
  /** The bot's answer solved the conversation: counted as contained. */
  "conversation.contained": { conversation: ConversationView; bot: BotConversationView };
  /** An agent replied or was assigned where the bot was talking or waiting: the bot stays silent from now on. */
  "conversation.taken_over": { conversation: ConversationView; bot: BotConversationView };
  "agent.updated": { agent: AgentView; changes: string[] };
  "conversation.routed": { conversation: ConversationView; ruleId: string | null; ruleName: string | null };
  /** Every change of hands (routing, assignment, reassignment, transfer, escalation), for reports. */
  "conversation.handed_over": {
    conversation: ConversationView;
    kind: HandOverKind;
    from: HandOverParty;
    to: HandOverParty;
    explanation: AssignmentExplanation | null;
  };
  "assignment.offered": { offer: AssignmentOfferView };
  "assignment.offer_closed": { offer: AssignmentOfferView };
};

export type DomainEventName = keyof DomainEventData;

export const domainEventNames = [
  "conversation.created",
  "conversation.updated",
  "conversation.status_changed",
  "conversation.assigned",
  "conversation.sla_changed",
  "conversation.sla_warning",
  "conversation.sla_breached",
  "conversation.escalated",
  "message.created",
  "message.updated",
  "customer.created",
  "customer.updated",
  "agent.presence_changed",
  "conversation.handed_off",
  "conversation.contained",
  "conversation.taken_over",
  "agent.updated",
  "conversation.routed",
  "conversation.handed_over",
  "assignment.offered",
  "assignment.offer_closed",
] as const satisfies readonly DomainEventName[];

export type ActorType = "agent" | "customer" | "bot" | "system" | "channel";

export type DomainEvent<Name extends DomainEventName = DomainEventName> = {
  [K in Name]: {
    id: number;
    name: K;
    accountId: string;
    conversationId: string | null;
    actor: { type: ActorType; id: string | null };
    data: DomainEventData[K];
    occurredAt: string;
  };
}[Name];

/** Frames on the agent app's WebSocket. */
export type RealtimeServerFrame =
  | { type: "ready"; agentId: string }
  | { type: "event"; event: DomainEvent }
  | { type: "presence"; conversationId: string; agents: Array<{ id: string; name: string; state: "viewing" | "typing" }> }
  /** The customer is typing in a live channel (the website chat); fades by itself if no "false" follows. */
  | { type: "customer_typing"; conversationId: string; isTyping: boolean }
  | { type: "error"; code: string; message: string };

export type RealtimeClientFrame =
  | { type: "presence"; conversationId: string; state: "viewing" | "typing" | "left" }
  /** The agent used the app (typed, clicked): keeps their presence online. Send at most every few seconds. */
  | { type: "activity" }
  | { type: "ping" };
