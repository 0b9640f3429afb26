import { sql } from "drizzle-orm";
import { check, index, pgTable, smallint, text, uuid } from "drizzle-orm/pg-core";
import type { EscalationTrigger, Level } from "../../../common/domain.js";
import { createdAt, primaryId } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { agents } from "../agents/agents.table.js";
import { conversations } from "../conversations/conversations.table.js";
import { messages } from "../messages/messages.table.js";
import { teams } from "../teams/teams.table.js";

/** Every hand-over of a conversation to a higher level or another team, by an agent or automatically. */
export const conversationEscalations = pgTable(
  "conversation_escalations",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    trigger: text("trigger").$type<EscalationTrigger>().notNull(),
    fromLevel: smallint("from_level").$type<Level>().notNull(),
    toLevel: smallint("to_level").$type<Level>().notNull(),
    fromTeamId: uuid("from_team_id").references(() => teams.id, { onDelete: "set null" }),
    toTeamId: uuid("to_team_id").references(() => teams.id, { onDelete: "set null" }),
    reason: text("reason").notNull(),
    /** The internal note that keeps the reason in the conversation's history. */
    noteId: uuid("note_id").references(() => messages.id, { onDelete: "set null" }),
    escalatedByAgentId: uuid("escalated_by_agent_id").references(() => agents.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (table) => [
    index("conversation_escalations_conversation_idx").on(table.conversationId, table.createdAt),
    index("conversation_escalations_account_idx").on(table.accountId, table.createdAt),
    check("conversation_escalations_trigger_check", sql`${table.trigger} in ('agent', 'sla_warning', 'sla_breach', 'reopen', 'sentiment')`),
  ],
);
