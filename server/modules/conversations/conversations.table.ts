import { sql } from "drizzle-orm";
import {
  type ExtraConfigColumn,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  smallint,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { Category, Level, Priority, StatusKind } from "../../../common/domain.js";
import { createdAt, newestFirst, primaryId, timestampColumn, tsvector, updatedAt } from "../../platform/db/columns.js";
import { bilingualSearchVector } from "../../platform/db/search-vector.js";
import { accounts } from "../accounts/accounts.table.js";
import { agents } from "../agents/agents.table.js";
import { channels } from "../channels/channels.table.js";
import { customers } from "../customers/customers.table.js";
import { teams } from "../teams/teams.table.js";

const isActive = (statusKind: ExtraConfigColumn) => sql`${statusKind} in ('new', 'open', 'pending', 'on_hold')`;

/** An account's own statuses, each mapped to a built-in kind that drives SLA clocks and reports. */
export const conversationStatuses = pgTable(
  "conversation_statuses",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    kind: text("kind").$type<StatusKind>().notNull(),
    position: integer("position").notNull().default(0),
    isBuiltIn: boolean("is_built_in").notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [
    // A constraint, not just an index: conversations reference (account_id, key).
    unique("conversation_statuses_key_unique").on(table.accountId, table.key),
    check("conversation_statuses_kind_check", sql`${table.kind} in ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')`),
  ],
);

export const conversations = pgTable(
  "conversations",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    subject: text("subject").notNull().default(""),
    channelId: uuid("channel_id").notNull().references(() => channels.id),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    status: text("status").notNull(),
    /** Copied from the status so that inbox filters and SLA clocks need no join. */
    statusKind: text("status_kind").$type<StatusKind>().notNull(),
    priority: text("priority").$type<Priority>().notNull().default("normal"),
    /** Priority as a number, for sorting the inbox by urgency. */
    priorityRank: smallint("priority_rank").generatedAlwaysAs(
      sql`case priority when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end`,
    ),
    assigneeId: uuid("assignee_id").references(() => agents.id, { onDelete: "set null" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    level: smallint("level").$type<Level>().notNull().default(1),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    topic: text("topic"),
    category: text("category").$type<Category>(),
    language: text("language"),
    /** The newest message's first characters, so the inbox needs no per-row message lookup. */
    preview: text("preview").notNull().default(""),
    messageCount: integer("message_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    firstResponseAt: timestampColumn("first_response_at"),
    solvedAt: timestampColumn("solved_at"),
    lastActivityAt: timestampColumn("last_activity_at").notNull().defaultNow(),
    lastCustomerMessageAt: timestampColumn("last_customer_message_at"),
    /** Since when the conversation waits in its team's queue (routing); null while nobody queued it. */
    queuedAt: timestampColumn("queued_at"),
    searchVector: tsvector("search_vector").generatedAlwaysAs(() => bilingualSearchVector("subject")),
  },
  (table) => [
    uniqueIndex("conversations_number_unique").on(table.accountId, table.number),
    foreignKey({
      name: "conversations_status_fk",
      columns: [table.accountId, table.status],
      foreignColumns: [conversationStatuses.accountId, conversationStatuses.key],
    }),
    // Sort keys are DESC NULLS FIRST, PostgreSQL's default for `order by … desc`: an index
    // declared NULLS LAST cannot serve that order. The partial indexes serve the views that
    // agents open all day (active work), whatever the mix of active kinds in the filter.
    index("conversations_inbox_idx").on(table.accountId, table.statusKind, ...newestFirst(table.lastActivityAt, table.id)),
    index("conversations_active_idx").on(table.accountId, ...newestFirst(table.lastActivityAt, table.id)).where(isActive(table.statusKind)),
    index("conversations_active_assignee_idx").on(table.accountId, table.assigneeId, ...newestFirst(table.lastActivityAt, table.id)).where(isActive(table.statusKind)),
    index("conversations_active_team_idx").on(table.accountId, table.teamId, ...newestFirst(table.lastActivityAt, table.id)).where(isActive(table.statusKind)),
    index("conversations_active_priority_idx").on(table.accountId, ...newestFirst(table.priorityRank, table.lastActivityAt, table.id)).where(isActive(table.statusKind)),
    index("conversations_active_counts_idx").on(table.accountId, table.statusKind, table.assigneeId).where(isActive(table.statusKind)),
    index("conversations_assignee_idx").on(table.accountId, table.assigneeId, table.statusKind, ...newestFirst(table.lastActivityAt, table.id)),
    index("conversations_team_idx").on(table.accountId, table.teamId, table.statusKind, ...newestFirst(table.lastActivityAt, table.id)),
    // A team's waiting work (routing's queue): small, because assigned work leaves it.
    index("conversations_team_queue_idx")
      .on(table.accountId, table.teamId, table.priorityRank.desc().nullsFirst(), table.queuedAt, table.id)
      .where(sql`${table.assigneeId} is null and ${table.queuedAt} is not null and ${isActive(table.statusKind)}`),
    index("conversations_created_idx").on(table.accountId, ...newestFirst(table.createdAt, table.id)),
    index("conversations_customer_idx").on(table.customerId, ...newestFirst(table.createdAt)),
    index("conversations_channel_customer_idx").on(table.channelId, table.customerId, table.statusKind),
    index("conversations_tags_idx").using("gin", table.tags),
    index("conversations_search_idx").using("gin", table.searchVector),
    check("conversations_priority_check", sql`${table.priority} in ('low', 'normal', 'high', 'urgent')`),
    check("conversations_level_check", sql`${table.level} between 1 and 3`),
    check("conversations_category_check", sql`${table.category} is null or ${table.category} in ('question', 'request', 'complaint', 'feedback')`),
  ],
);
