import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { activeStatusKinds, type StatusKind } from "../../../common/domain.js";
import type { InboxCountsView } from "../../../common/views.js";
import type { Executor, SqlResult } from "../../platform/db/database.js";
import type { ConversationRow, ConversationSlaRow } from "../../platform/db/rows.js";
import { type CursorValueKind, exactTimestamp } from "../../platform/pagination.js";
import { searchQuery } from "../../platform/db/search-vector.js";
import { agents } from "../agents/agents.table.js";
import { channels } from "../channels/channels.table.js";
import { customers } from "../customers/customers.table.js";
import { messages } from "../messages/messages.table.js";
import { conversationSlas } from "../sla/sla.table.js";
import type { InboxSort } from "./conversations.schemas.js";
import { conversationStatuses, conversations } from "./conversations.table.js";

/** A conversation with what its public view shows of its channel, customer and assignee. */
export type ConversationDetails = ConversationRow & {
  channelType: (typeof channels.$inferSelect)["type"];
  channelName: string;
  customerName: string;
  assigneeName: string | null;
  /** The SLA clocks (null: none); absent when the caller did not read them. */
  sla?: ConversationSlaRow | null;
};

const detailsColumns = {
  conversation: conversations,
  channelType: channels.type,
  channelName: channels.name,
  customerName: customers.name,
  assigneeName: agents.name,
  sla: conversationSlas,
};

function selectDetails(executor: Executor) {
  return executor
    .select(detailsColumns)
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .leftJoin(agents, eq(agents.id, conversations.assigneeId))
    .leftJoin(conversationSlas, eq(conversationSlas.conversationId, conversations.id));
}

/** Inbox rows also carry their sort timestamps exactly as stored, for the next page's cursor. */
export type InboxRow = ConversationDetails & { lastActivityAtExact: string; createdAtExact: string; slaDueExact: string };

/** Sorting by SLA due puts conversations without a running clock last (a far-future stand-in keeps the keyset simple). */
const slaDueOrLast = sql`coalesce(${conversationSlas.nextDueAt}, '9999-12-31T00:00:00Z'::timestamptz)`;

function selectInboxRows(executor: Executor) {
  return executor
    .select({
      ...detailsColumns,
      lastActivityAtExact: exactTimestamp(conversations.lastActivityAt),
      createdAtExact: exactTimestamp(conversations.createdAt),
      slaDueExact: sql<string>`to_char(${slaDueOrLast} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .leftJoin(agents, eq(agents.id, conversations.assigneeId))
    .leftJoin(conversationSlas, eq(conversationSlas.conversationId, conversations.id));
}

function flatten(row: {
  conversation: ConversationRow;
  channelType: ConversationDetails["channelType"];
  channelName: string;
  customerName: string;
  assigneeName: string | null;
  sla: ConversationSlaRow | null;
}): ConversationDetails {
  return { ...row.conversation, channelType: row.channelType, channelName: row.channelName, customerName: row.customerName, assigneeName: row.assigneeName, sla: row.sla };
}

export async function findDetails(executor: Executor, accountId: string, id: string): Promise<ConversationDetails | null> {
  const [row] = await selectDetails(executor).where(and(eq(conversations.accountId, accountId), eq(conversations.id, id)));
  return row ? flatten(row) : null;
}

export async function findForUpdate(executor: Executor, accountId: string, id: string): Promise<ConversationRow | null> {
  const [conversation] = await executor
    .select()
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), eq(conversations.id, id)))
    .for("update");
  return conversation ?? null;
}

/** The customer's newest conversation on a channel that is not closed, to append a new message to. */
export async function findOpenForCustomer(executor: Executor, accountId: string, channelId: string, customerId: string): Promise<ConversationRow | null> {
  const [conversation] = await executor
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.accountId, accountId),
        eq(conversations.channelId, channelId),
        eq(conversations.customerId, customerId),
        sql`${conversations.statusKind} <> 'closed'`,
      ),
    )
    .orderBy(desc(conversations.lastActivityAt))
    .limit(1)
    .for("update");
  return conversation ?? null;
}

export async function insert(executor: Executor, values: typeof conversations.$inferInsert): Promise<ConversationRow> {
  const [conversation] = await executor.insert(conversations).values(values).returning();
  return conversation!;
}

/** Inserts a conversation in the account's first status of kind `new` (by position), in one statement. */
export async function insertWithFirstStatus(executor: Executor, values: Omit<typeof conversations.$inferInsert, "status" | "statusKind">): Promise<ConversationRow> {
  const firstNew = (column: "key" | "kind") =>
    sql`(select ${sql.identifier(column)} from ${conversationStatuses} where ${conversationStatuses.accountId} = ${values.accountId} and ${conversationStatuses.kind} = 'new' order by ${conversationStatuses.position}, ${conversationStatuses.key} limit 1)`;
  const [conversation] = await executor
    .insert(conversations)
    .values({ ...values, status: firstNew("key") as unknown as string, statusKind: firstNew("kind") as unknown as "new" })
    .returning();
  return conversation!;
}

export async function update(executor: Executor, id: string, changes: Partial<typeof conversations.$inferInsert>): Promise<ConversationRow> {
  const [conversation] = await executor.update(conversations).set({ ...changes, updatedAt: new Date() }).where(eq(conversations.id, id)).returning();
  return conversation!;
}

export type InboxFilter = {
  accountId: string;
  agentId: string;
  statusKinds?: StatusKind[];
  status?: string;
  assignee?: "me" | "unassigned" | string;
  teamId?: string;
  channelId?: string;
  customerId?: string;
  priorities?: string[];
  levels?: number[];
  tag?: string;
  query?: string;
};

export type InboxCursor = Array<string | number | null>;

const sortColumns: Record<InboxSort, { order: SQL[]; key: (row: InboxRow) => InboxCursor; after: (cursor: InboxCursor) => SQL }> = {
  last_activity_desc: {
    order: [desc(conversations.lastActivityAt), desc(conversations.id)],
    key: (row) => [row.lastActivityAtExact, row.id],
    after: ([at, id]) => sql`(${conversations.lastActivityAt}, ${conversations.id}) < (${at}::timestamptz, ${id}::uuid)`,
  },
  last_activity_asc: {
    order: [asc(conversations.lastActivityAt), asc(conversations.id)],
    key: (row) => [row.lastActivityAtExact, row.id],
    after: ([at, id]) => sql`(${conversations.lastActivityAt}, ${conversations.id}) > (${at}::timestamptz, ${id}::uuid)`,
  },
  created_desc: {
    order: [desc(conversations.createdAt), desc(conversations.id)],
    key: (row) => [row.createdAtExact, row.id],
    after: ([at, id]) => sql`(${conversations.createdAt}, ${conversations.id}) < (${at}::timestamptz, ${id}::uuid)`,
  },
  created_asc: {
    order: [asc(conversations.createdAt), asc(conversations.id)],
    key: (row) => [row.createdAtExact, row.id],
    after: ([at, id]) => sql`(${conversations.createdAt}, ${conversations.id}) > (${at}::timestamptz, ${id}::uuid)`,
  },
  sla_due_asc: {
    order: [asc(slaDueOrLast), asc(conversations.id)],
    key: (row) => [row.slaDueExact, row.id],
    after: ([at, id]) => sql`(${slaDueOrLast}, ${conversations.id}) > (${at}::timestamptz, ${id}::uuid)`,
  },
  priority_desc: {
    order: [desc(conversations.priorityRank), desc(conversations.lastActivityAt), desc(conversations.id)],
    key: (row) => [row.priorityRank, row.lastActivityAtExact, row.id],
    after: ([rank, at, id]) =>
      sql`(${conversations.priorityRank}, ${conversations.lastActivityAt}, ${conversations.id}) < (${rank}::smallint, ${at}::timestamptz, ${id}::uuid)`,
  },
};

export function cursorKinds(sort: InboxSort): CursorValueKind[] {
  return sort === "priority_desc" ? ["smallint", "timestamp", "id"] : ["timestamp", "id"];
}

export function cursorOf(sort: InboxSort, row: InboxRow): InboxCursor {
  return sortColumns[sort].key(row);
}

export async function listInbox(executor: Executor, filter: InboxFilter, sort: InboxSort, after: InboxCursor | null, limit: number): Promise<InboxRow[]> {
  const sorting = sortColumns[sort];
  const rows = await selectInboxRows(executor)
    .where(and(...filterConditions(filter), after ? sorting.after(after) : undefined))
    .orderBy(...sorting.order)
    .limit(limit + 1);
  return rows.map((row) => ({ ...flatten(row), lastActivityAtExact: row.lastActivityAtExact, createdAtExact: row.createdAtExact, slaDueExact: row.slaDueExact }));
}

/** Finished conversations are counted up to this many; beyond it the exact figure is not worth a scan. */
export const FINISHED_COUNT_LIMIT = 10_000;

/**
 * How many conversations each inbox view holds. Active ones are counted exactly from a
 * small partial index; solved and closed ones (the whole history) only up to a limit.
 */
export async function countViews(executor: Executor, accountId: string, agentId: string): Promise<InboxCountsView> {
  const active = await executor
    .select({
      statusKind: conversations.statusKind,
      total: sql<number>`count(*)::int`,
      mine: sql<number>`(count(*) filter (where ${conversations.assigneeId} = ${agentId}))::int`,
      unassigned: sql<number>`(count(*) filter (where ${conversations.assigneeId} is null))::int`,
    })
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), inArray(conversations.statusKind, [...activeStatusKinds])))
    .groupBy(conversations.statusKind);
  const finished = (kind: "solved" | "closed") =>
    executor.execute(
      sql`select count(*)::int as count from (select 1 from ${conversations} where ${conversations.accountId} = ${accountId} and ${conversations.statusKind} = ${kind} limit ${FINISHED_COUNT_LIMIT}) as capped`,
    );
  const [solved, closed] = await Promise.all([finished("solved"), finished("closed")]);
  const countOf = (kind: StatusKind) => active.find((row) => row.statusKind === kind)?.total ?? 0;
  const sum = (pick: (row: (typeof active)[number]) => number) => active.reduce((total, row) => total + pick(row), 0);
  return {
    mine: sum((row) => row.mine),
    unassigned: sum((row) => row.unassigned),
    active: sum((row) => row.total),
    byStatusKind: {
      new: countOf("new"),
      open: countOf("open"),
      pending: countOf("pending"),
      on_hold: countOf("on_hold"),
      solved: Number((solved as unknown as SqlResult).rows[0]?.count ?? 0),
      closed: Number((closed as unknown as SqlResult).rows[0]?.count ?? 0),
    },
    finishedCountLimit: FINISHED_COUNT_LIMIT,
  };
}

function filterConditions(filter: InboxFilter): Array<SQL | undefined> {
  const query = filter.query ? searchQuery(filter.query) : null;
  return [
    eq(conversations.accountId, filter.accountId),
    filter.statusKinds?.length ? inArray(conversations.statusKind, filter.statusKinds) : undefined,
    filter.status ? eq(conversations.status, filter.status) : undefined,
    filter.assignee === "me"
      ? eq(conversations.assigneeId, filter.agentId)
      : filter.assignee === "unassigned"
        ? sql`${conversations.assigneeId} is null`
        : filter.assignee
          ? eq(conversations.assigneeId, filter.assignee)
          : undefined,
    filter.teamId ? eq(conversations.teamId, filter.teamId) : undefined,
    filter.channelId ? eq(conversations.channelId, filter.channelId) : undefined,
    filter.customerId ? eq(conversations.customerId, filter.customerId) : undefined,
    filter.priorities?.length ? inArray(conversations.priority, filter.priorities as ConversationRow["priority"][]) : undefined,
    filter.levels?.length ? inArray(conversations.level, filter.levels as ConversationRow["level"][]) : undefined,
    filter.tag ? sql`${conversations.tags} @> array[${filter.tag}]::text[]` : undefined,
    query
      ? sql`(${conversations.searchVector} @@ ${query} or ${conversations.id} in (select ${messages.conversationId} from ${messages} where ${messages.accountId} = ${filter.accountId} and ${messages.searchVector} @@ ${query}))`
      : undefined,
  ];
}

