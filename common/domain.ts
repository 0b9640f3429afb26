/** Domain vocabulary shared by server, agent app and widget (see docs/ARCHITECTURE.md). */

export const roles = ["admin", "supervisor", "agent", "analyst"] as const;
export type Role = (typeof roles)[number];

export const levels = [1, 2, 3] as const;
export type Level = (typeof levels)[number];

export const locales = ["en", "de"] as const;
export type Locale = (typeof locales)[number];

export const statusKinds = ["new", "open", "pending", "on_hold", "solved", "closed"] as const;
export type StatusKind = (typeof statusKinds)[number];
/** Kinds in which a conversation still needs work from the team. */
export const activeStatusKinds = ["new", "open", "pending", "on_hold"] as const satisfies readonly StatusKind[];

export const priorities = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof priorities)[number];

export const categories = ["question", "request", "complaint", "feedback"] as const;
export type Category = (typeof categories)[number];

export const channelTypes = ["api", "email", "chat", "whatsapp", "telegram", "messenger", "instagram", "phone", "letter"] as const;
export type ChannelType = (typeof channelTypes)[number];

export const identityKinds = ["email", "phone", "chat_visitor", "api", "whatsapp", "telegram", "messenger", "instagram"] as const;
export type IdentityKind = (typeof identityKinds)[number];

export const messageDirections = ["in", "out"] as const;
export type MessageDirection = (typeof messageDirections)[number];

export const authorTypes = ["customer", "agent", "bot", "system"] as const;
export type AuthorType = (typeof authorTypes)[number];

/**
 * Where an outbound message stands with its channel. Inbound messages are `received`;
 * notes and messages on channels without delivery are `not_applicable`.
 */
export const deliveryStatuses = ["not_applicable", "received", "pending", "sent", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** Whether an agent can take work now: online while connected and active, away on request or after inactivity. */
export const agentPresences = ["online", "away", "offline"] as const;
export type AgentPresence = (typeof agentPresences)[number];

/** Channel types on which the customer waits live: offered to one agent at a time. */
export const realTimeChannelTypes = ["chat", "whatsapp", "telegram", "messenger", "instagram", "phone"] as const satisfies readonly ChannelType[];

export const presenceStates = ["viewing", "typing"] as const;
export type PresenceState = (typeof presenceStates)[number];

/** What an email on a conversation is: a received mail, an agent's reply, reply-all or forward, or the automatic acknowledgement. */
export const emailKinds = ["message", "reply", "reply_all", "forward", "acknowledgement"] as const;
export type EmailKind = (typeof emailKinds)[number];

/** How an SLA policy counts time: open hours of a business-hours schedule, or around the clock. */
export const slaMeasures = ["business_hours", "calendar"] as const;
export type SlaMeasure = (typeof slaMeasures)[number];

/** The targets of an SLA policy. */
export const slaTargets = ["first_response", "next_response", "resolution"] as const;
export type SlaTarget = (typeof slaTargets)[number];

/** Where a target stands: in time, past its warning threshold, or past its due time. */
export const slaStates = ["ok", "warning", "breached"] as const;
export type SlaState = (typeof slaStates)[number];

/** When an SLA policy escalates a conversation by itself. */
export const slaAutoEscalations = ["off", "on_warning", "on_breach"] as const;
export type SlaAutoEscalation = (typeof slaAutoEscalations)[number];

/** What caused an escalation: an agent, or automatically an SLA warning or breach, a second reopen, strongly negative sentiment. */
export const escalationTriggers = ["agent", "sla_warning", "sla_breach", "reopen", "sentiment"] as const;
export type EscalationTrigger = (typeof escalationTriggers)[number];
