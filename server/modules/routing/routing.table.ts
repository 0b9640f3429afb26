import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { AssignmentStrategy, RoutingRuleActions, RoutingRuleConditions } from "../../../common/routing.js";
import type { AssignmentExplanation, AssignmentOfferStatus, AssignmentOutcome } from "../../../common/routing.js";
import { createdAt, primaryId, timestampColumn, updatedAt } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { agents } from "../agents/agents.table.js";
import { conversations } from "../conversations/conversations.table.js";
import { teams } from "../teams/teams.table.js";

/** An account's routing rules, applied in `position` order; the first enabled match wins. */
export const routingRules = pgTable(
  "routing_rules",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    isEnabled: boolean("is_enabled").notNull().default(true),
    conditions: jsonb("conditions").$type<RoutingRuleConditions>().notNull(),
    actions: jsonb("actions").$type<RoutingRuleActions>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("routing_rules_account_position_idx").on(table.accountId, table.position)],
);

/** How a team hands out its work; a team without a row works its queue by hand. */
export const teamAssignmentSettings = pgTable(
  "team_assignment_settings",
  {
    teamId: uuid("team_id").primaryKey().references(() => teams.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    strategy: text("strategy").$type<AssignmentStrategy>().notNull().default("manual"),
    offerTimeoutSeconds: integer("offer_timeout_seconds").notNull().default(30),
    updatedAt: updatedAt(),
  },
  (table) => [
    check("team_assignment_settings_strategy_check", sql`${table.strategy} in ('manual', 'round_robin', 'least_loaded')`),
    check("team_assignment_settings_timeout_check", sql`${table.offerTimeoutSeconds} between 5 and 600`),
  ],
);

/** When each agent last got work from a team: round-robin's turn order. */
export const teamRotation = pgTable(
  "team_rotation",
  {
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    teamId: uuid("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id").notNull().references(() => agents.id, { onDelete: "cascade" }),
    lastAssignedAt: timestampColumn("last_assigned_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.teamId, table.agentId] })],
);

/** A conversation's routing state: whether the rules ran, and what they asked for. */
export const conversationRouting = pgTable(
  "conversation_routing",
  {
    conversationId: uuid("conversation_id").primaryKey().references(() => conversations.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id").references(() => routingRules.id, { onDelete: "set null" }),
    requiredSkills: text("required_skills").array().notNull().default(sql`'{}'::text[]`),
    routedAt: timestampColumn("routed_at"),
  },
);

/** A real-time conversation offered to one agent, who accepts or declines before it expires. */
export const assignmentOffers = pgTable(
  "assignment_offers",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id").notNull().references(() => agents.id, { onDelete: "cascade" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    status: text("status").$type<AssignmentOfferStatus>().notNull().default("pending"),
    explanation: jsonb("explanation").$type<AssignmentExplanation>().notNull(),
    expiresAt: timestampColumn("expires_at").notNull(),
    respondedAt: timestampColumn("responded_at"),
    createdAt: createdAt(),
  },
  (table) => [
    // One live offer per conversation: the offer moves on, it is never duplicated.
    uniqueIndex("assignment_offers_pending_unique").on(table.conversationId).where(sql`${table.status} = 'pending'`),
    index("assignment_offers_agent_pending_idx").on(table.agentId).where(sql`${table.status} = 'pending'`),
    index("assignment_offers_conversation_idx").on(table.conversationId, table.createdAt),
    check("assignment_offers_status_check", sql`${table.status} in ('pending', 'accepted', 'declined', 'expired', 'withdrawn')`),
  ],
);

/** Every routing decision with its reasons, for the agent who asks "why me?" and for reports. */
export const assignmentDecisions = pgTable(
  "assignment_decisions",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    agentId: uuid("agent_id").references(() => agents.id, { onDelete: "set null" }),
    outcome: text("outcome").$type<AssignmentOutcome>().notNull(),
    explanation: jsonb("explanation").$type<AssignmentExplanation>().notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index("assignment_decisions_conversation_idx").on(table.conversationId, table.createdAt),
    check("assignment_decisions_outcome_check", sql`${table.outcome} in ('assigned', 'offered', 'queued')`),
  ],
);
