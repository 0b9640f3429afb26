/** Routing and assignment: the vocabulary and public views shared by server and agent app. */
import { z } from "zod";
import { agentPresences, categories, channelTypes, priorities, roles } from "./domain.js";
import { limits } from "./limits.js";
import { ConversationView } from "./views.js";

const timestamp = z.iso.datetime({ offset: true });
const id = z.uuid();
const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const word = z.string().trim().min(1).max(100);
const tag = z.string().trim().min(1).max(limits.tagLength);

/** manual: agents take work from the queue; round_robin: in turn; least_loaded: the freest agent. */
export const assignmentStrategies = ["manual", "round_robin", "least_loaded"] as const;
export type AssignmentStrategy = (typeof assignmentStrategies)[number];

export const assignmentOfferStatuses = ["pending", "accepted", "declined", "expired", "withdrawn"] as const;
export type AssignmentOfferStatus = (typeof assignmentOfferStatuses)[number];

export const assignmentOutcomes = ["assigned", "offered", "queued"] as const;
export type AssignmentOutcome = (typeof assignmentOutcomes)[number];

/** Why a conversation changed hands; escalation is raised by the escalation feature. */
export const handOverKinds = ["routing", "assignment", "reassignment", "transfer", "escalation"] as const;
export type HandOverKind = (typeof handOverKinds)[number];

export const assignmentReasons = ["account_manager", "round_robin", "least_loaded", "offer_accepted", "taken_from_queue", "no_agent_available", "manual_queue"] as const;
export type AssignmentReason = (typeof assignmentReasons)[number];

/**
 * What a rule looks at. Every list that is not empty must match (one of its values);
 * an empty list matches anything. A rule without conditions matches every conversation.
 */
export const RoutingRuleConditions = z
  .object({
    channelTypes: z.array(z.enum(channelTypes)).max(20).default([]),
    topics: z.array(word).max(50).default([]).describe("the conversation's topic or intent"),
    categories: z.array(z.enum(categories)).max(10).default([]),
    languages: z.array(z.string().trim().min(2).max(35)).max(50).default([]).describe("matched on the primary subtag: de matches de-AT"),
    priorities: z.array(z.enum(priorities)).max(10).default([]),
    customerTags: z.array(tag).max(50).default([]).describe("the customer's segment: any of these tags"),
    customerAttributes: z
      .array(z.object({ key: z.string().trim().min(1).max(100), value: z.string().trim().max(200) }))
      .max(20)
      .default([])
      .describe("all of these attributes must equal the value (compared as text)"),
    keywords: z.array(word).max(100).default([]).describe("any of these words in the subject or the first message (case-insensitive)"),
  })
  .meta({ id: "RoutingRuleConditions" });
export type RoutingRuleConditions = z.infer<typeof RoutingRuleConditions>;

export const RoutingRuleActions = z
  .object({
    teamId: id.nullable().default(null),
    level: level.nullable().default(null),
    priority: z.enum(priorities).nullable().default(null),
    tags: z.array(tag).max(limits.tagsPerConversation).default([]).describe("added to the conversation's tags"),
    skills: z.array(word).max(20).default([]).describe("an agent must have all of these to get the conversation"),
  })
  .meta({ id: "RoutingRuleActions" });
export type RoutingRuleActions = z.infer<typeof RoutingRuleActions>;

export const RoutingRuleView = z
  .object({ id, name: z.string(), position: z.number().int(), isEnabled: z.boolean(), conditions: RoutingRuleConditions, actions: RoutingRuleActions, createdAt: timestamp, updatedAt: timestamp })
  .meta({ id: "RoutingRule" });
export type RoutingRuleView = z.infer<typeof RoutingRuleView>;

export const TeamAssignmentView = z
  .object({
    teamId: id,
    strategy: z.enum(assignmentStrategies),
    offerTimeoutSeconds: z.number().int().describe("how long an agent has to accept a real-time conversation before it moves on"),
  })
  .meta({ id: "TeamAssignment" });
export type TeamAssignmentView = z.infer<typeof TeamAssignmentView>;

/** The reasons behind one assignment decision, for "why me?" and reports. */
export const AssignmentExplanation = z
  .object({
    reason: z.enum(assignmentReasons),
    strategy: z.enum(assignmentStrategies).nullable(),
    agent: z.object({ id, name: z.string(), level }).nullable(),
    requiredLevel: level,
    language: z.string().nullable().describe("the language the agent was matched on"),
    skills: z.array(z.string()).describe("the skills the agent was matched on"),
    openConversations: z.number().int().nullable().describe("the agent's open conversations before this one"),
    maxOpenConversations: z.number().int().nullable(),
    chats: z.number().int().nullable().describe("the agent's real-time conversations before this one"),
    maxChats: z.number().int().nullable(),
    isRealTime: z.boolean(),
    summary: z.string().describe('in English, e.g. "level 2, speaks de, 3 of 5 open conversations"'),
  })
  .meta({ id: "AssignmentExplanation" });
export type AssignmentExplanation = z.infer<typeof AssignmentExplanation>;

export const AssignmentDecisionView = z
  .object({ id, conversationId: id, teamId: id.nullable(), agentId: id.nullable(), outcome: z.enum(assignmentOutcomes), explanation: AssignmentExplanation, createdAt: timestamp })
  .meta({ id: "AssignmentDecision" });
export type AssignmentDecisionView = z.infer<typeof AssignmentDecisionView>;

export const AssignmentOfferView = z
  .object({
    id,
    conversation: ConversationView,
    agentId: id,
    teamId: id.nullable(),
    status: z.enum(assignmentOfferStatuses),
    explanation: AssignmentExplanation,
    expiresAt: timestamp,
    respondedAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "AssignmentOffer" });
export type AssignmentOfferView = z.infer<typeof AssignmentOfferView>;

export const QueuedConversationView = z
  .object({ conversation: ConversationView, queuedAt: timestamp, position: z.number().int() })
  .meta({ id: "QueuedConversation" });
export type QueuedConversationView = z.infer<typeof QueuedConversationView>;

export const AgentLoadView = z
  .object({
    id,
    name: z.string(),
    role: z.enum(roles),
    level,
    languages: z.array(z.string()),
    skills: z.array(z.string()),
    teamIds: z.array(id),
    presence: z.enum(agentPresences),
    presenceChangedAt: timestamp.nullable(),
    openConversations: z.number().int(),
    maxOpenConversations: z.number().int(),
    chats: z.number().int(),
    maxChats: z.number().int(),
    pendingOffers: z.number().int(),
  })
  .meta({ id: "AgentLoad" });
export type AgentLoadView = z.infer<typeof AgentLoadView>;

export const TeamQueueSummaryView = z
  .object({ id, name: z.string(), strategy: z.enum(assignmentStrategies), waiting: z.number().int(), oldestQueuedAt: timestamp.nullable(), pendingOffers: z.number().int() })
  .meta({ id: "TeamQueueSummary" });
export type TeamQueueSummaryView = z.infer<typeof TeamQueueSummaryView>;

export const SupervisorBoardView = z.object({ teams: z.array(TeamQueueSummaryView), agents: z.array(AgentLoadView) }).meta({ id: "SupervisorBoard" });
export type SupervisorBoardView = z.infer<typeof SupervisorBoardView>;
