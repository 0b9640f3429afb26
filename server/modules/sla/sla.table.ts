import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { ChannelType, Priority, SlaAutoEscalation, SlaMeasure, SlaState } from "../../../common/domain.js";
import { createdAt, primaryId, timestampColumn, updatedAt } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { businessHours } from "../business-hours/business-hours.table.js";
import { conversations } from "../conversations/conversations.table.js";

/**
 * An account's response promise for conversations of a channel type and priority (either may
 * be null: any). Targets are seconds of business time (or of calendar time); a null target
 * promises nothing.
 */
export const slaPolicies = pgTable(
  "sla_policies",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    channelType: text("channel_type").$type<ChannelType>(),
    priority: text("priority").$type<Priority>(),
    firstResponseSeconds: integer("first_response_seconds"),
    nextResponseSeconds: integer("next_response_seconds"),
    resolutionSeconds: integer("resolution_seconds"),
    measure: text("measure").$type<SlaMeasure>().notNull().default("business_hours"),
    /** A schedule of its own; null: the conversation's team's, else its channel's, else the account's default. */
    businessHoursId: uuid("business_hours_id").references(() => businessHours.id, { onDelete: "set null" }),
    warningPercent: smallint("warning_percent").notNull().default(75),
    autoEscalation: text("auto_escalation").$type<SlaAutoEscalation>().notNull().default("off"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("sla_policies_scope_unique").on(table.accountId, sql`coalesce(${table.channelType}, '*')`, sql`coalesce(${table.priority}, '*')`),
    check("sla_policies_warning_check", sql`${table.warningPercent} between 1 and 99`),
    check("sla_policies_measure_check", sql`${table.measure} in ('business_hours', 'calendar')`),
    check("sla_policies_auto_escalation_check", sql`${table.autoEscalation} in ('off', 'on_warning', 'on_breach')`),
    check(
      "sla_policies_targets_check",
      sql`coalesce(${table.firstResponseSeconds}, 1) > 0 and coalesce(${table.nextResponseSeconds}, 1) > 0 and coalesce(${table.resolutionSeconds}, 1) > 0`,
    ),
  ],
);

/**
 * A conversation's SLA clocks: when each target is due, whether it was warned about or
 * breached (each stamp is set once, in the transaction that records its event), and the
 * first-response and resolution instants for reports. Recomputed from the conversation,
 * its messages and its status history whenever one of them changes.
 */
export const conversationSlas = pgTable(
  "conversation_slas",
  {
    conversationId: uuid("conversation_id")
      .primaryKey()
      .references(() => conversations.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    policyId: uuid("policy_id").references(() => slaPolicies.id, { onDelete: "set null" }),
    isPaused: boolean("is_paused").notNull().default(false),
    firstResponseDueAt: timestampColumn("first_response_due_at"),
    firstResponseWarningAt: timestampColumn("first_response_warning_at"),
    firstResponseState: text("first_response_state").$type<SlaState>(),
    firstResponseWarnedAt: timestampColumn("first_response_warned_at"),
    firstResponseBreachedAt: timestampColumn("first_response_breached_at"),
    firstResponseAt: timestampColumn("first_response_at"),
    /** Since when the customer waits for an answer (their first unanswered message after the first response). */
    awaitingSince: timestampColumn("awaiting_since"),
    nextResponseDueAt: timestampColumn("next_response_due_at"),
    nextResponseWarningAt: timestampColumn("next_response_warning_at"),
    nextResponseState: text("next_response_state").$type<SlaState>(),
    nextResponseWarnedAt: timestampColumn("next_response_warned_at"),
    nextResponseBreachedAt: timestampColumn("next_response_breached_at"),
    nextResponseBreachCount: integer("next_response_breach_count").notNull().default(0),
    resolutionDueAt: timestampColumn("resolution_due_at"),
    resolutionWarningAt: timestampColumn("resolution_warning_at"),
    resolutionState: text("resolution_state").$type<SlaState>(),
    resolutionWarnedAt: timestampColumn("resolution_warned_at"),
    resolutionBreachedAt: timestampColumn("resolution_breached_at"),
    resolvedAt: timestampColumn("resolved_at"),
    /** The earliest due instant of a running target: the inbox sorts by it. */
    nextDueAt: timestampColumn("next_due_at"),
    reopenCount: integer("reopen_count").notNull().default(0),
    /** The instant the pending check-sla job is set for: a new job is queued only when it moves. */
    timerAt: timestampColumn("timer_at"),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    index("conversation_slas_account_due_idx").on(table.accountId, table.nextDueAt),
    index("conversation_slas_policy_idx").on(table.policyId),
  ],
);
