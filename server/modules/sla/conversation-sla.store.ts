import { and, eq, sql } from "drizzle-orm";
import type { StatusKind } from "../../../common/domain.js";
import type { Executor, SqlResult } from "../../platform/db/database.js";
import type { ConversationRow, ConversationSlaRow } from "../../platform/db/rows.js";
import { domainEvents } from "../../platform/events/events.table.js";
import { channels } from "../channels/channels.table.js";
import { conversations } from "../conversations/conversations.table.js";
import { messages } from "../messages/messages.table.js";
import { conversationSlas } from "./sla.table.js";

export type ClockSources = {
  conversation: ConversationRow;
  channelType: (typeof channels.$inferSelect)["type"];
  awaitingSince: Date | null;
  timeline: Array<{ at: Date; kind: StatusKind }>;
};

/**
 * Takes the conversation's clock row for update, creating it first: every change to a
 * conversation's clocks runs under this lock, on whichever server, one after the other.
 */
export async function lockClock(executor: Executor, accountId: string, conversationId: string): Promise<ConversationSlaRow | null> {
  const [conversation] = await executor
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), eq(conversations.id, conversationId)));
  if (!conversation) return null;
  await executor.insert(conversationSlas).values({ conversationId, accountId }).onConflictDoNothing();
  const [row] = await executor
    .select()
    .from(conversationSlas)
    .where(and(eq(conversationSlas.accountId, accountId), eq(conversationSlas.conversationId, conversationId)))
    .for("update");
  return row ?? null;
}

export async function findClock(executor: Executor, accountId: string, conversationId: string): Promise<ConversationSlaRow | null> {
  const [row] = await executor
    .select()
    .from(conversationSlas)
    .where(and(eq(conversationSlas.accountId, accountId), eq(conversationSlas.conversationId, conversationId)));
  return row ?? null;
}

export async function updateClock(executor: Executor, conversationId: string, changes: Partial<typeof conversationSlas.$inferInsert>): Promise<ConversationSlaRow> {
  const [row] = await executor
    .update(conversationSlas)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(conversationSlas.conversationId, conversationId))
    .returning();
  return row!;
}

/** What the clocks are computed from, read as committed now: the conversation, its messages, its status history. */
export async function loadClockSources(executor: Executor, accountId: string, conversationId: string): Promise<ClockSources | null> {
  const [found] = await executor
    .select({ conversation: conversations, channelType: channels.type })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .where(and(eq(conversations.accountId, accountId), eq(conversations.id, conversationId)));
  if (!found) return null;
  // The customer's first message after the newest agent reply (notes and automatic replies answer nothing).
  const waiting = (await executor.execute(sql`
    select min(${messages.createdAt}) as since from ${messages}
    where ${messages.accountId} = ${accountId} and ${messages.conversationId} = ${conversationId} and ${messages.direction} = 'in'
      and ${messages.createdAt} > coalesce((
        select max(${messages.createdAt}) from ${messages}
        where ${messages.accountId} = ${accountId} and ${messages.conversationId} = ${conversationId}
          and ${messages.direction} = 'out' and ${messages.authorType} = 'agent' and not ${messages.isNote}
      ), '-infinity'::timestamptz)`)) as unknown as SqlResult;
  const since = waiting.rows[0]?.since;
  const changes = await executor
    .select({ at: domainEvents.createdAt, kind: sql<StatusKind>`${domainEvents.data}->'conversation'->>'statusKind'` })
    .from(domainEvents)
    .where(and(eq(domainEvents.conversationId, conversationId), eq(domainEvents.accountId, accountId), eq(domainEvents.name, "conversation.status_changed")))
    .orderBy(domainEvents.id);
  const timeline = [{ at: found.conversation.createdAt, kind: "new" as StatusKind }, ...changes];
  // The conversation row is the truth about now (its change and its event commit together).
  if (timeline[timeline.length - 1]!.kind !== found.conversation.statusKind) timeline.push({ at: found.conversation.updatedAt, kind: found.conversation.statusKind });
  return { conversation: found.conversation, channelType: found.channelType, awaitingSince: since ? new Date(since as string | Date) : null, timeline };
}

/** Active conversations of an account, to recompute their clocks after a policy or schedule changed. */
export async function listActiveConversationIds(executor: Executor, accountId: string): Promise<string[]> {
  const rows = await executor
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), sql`${conversations.statusKind} in ('new', 'open', 'pending', 'on_hold')`));
  return rows.map((row) => row.id);
}
