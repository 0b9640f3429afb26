import { and, asc, count, desc, eq, gt, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import type { ChatEntryRow, ChatVisitorRow, ConversationRow } from "../../platform/db/rows.js";
import { conversations } from "../conversations/conversations.table.js";
import { messages } from "../messages/messages.table.js";
import { chatConversations, chatEntries, chatVisitors } from "./chat.table.js";

/** Every process listens here for new chat entries; payload: ChatEntryNotification. */
export const CHAT_ENTRIES_CHANNEL = "caredesk_chat";

export type ChatEntryNotification = { accountId: string; channelId: string; conversationId: string; customerId: string; visitorId: string | null };

export async function insertVisitor(executor: Executor, values: typeof chatVisitors.$inferInsert): Promise<ChatVisitorRow> {
  const [visitor] = await executor.insert(chatVisitors).values(values).returning();
  return visitor!;
}

export async function findVisitorByTokenHash(executor: Executor, tokenHash: string): Promise<ChatVisitorRow | null> {
  const [visitor] = await executor.select().from(chatVisitors).where(eq(chatVisitors.tokenHash, tokenHash));
  return visitor ?? null;
}

export async function findVisitor(executor: Executor, accountId: string, id: string): Promise<ChatVisitorRow | null> {
  const [visitor] = await executor.select().from(chatVisitors).where(and(eq(chatVisitors.accountId, accountId), eq(chatVisitors.id, id)));
  return visitor ?? null;
}

/** For signed attachment links, which name the visitor but carry no login. */
export async function findVisitorUnscoped(executor: Executor, id: string): Promise<ChatVisitorRow | null> {
  const [visitor] = await executor.select().from(chatVisitors).where(eq(chatVisitors.id, id));
  return visitor ?? null;
}

export async function updateVisitor(executor: Executor, id: string, changes: Partial<typeof chatVisitors.$inferInsert>): Promise<ChatVisitorRow> {
  const [visitor] = await executor.update(chatVisitors).set(changes).where(eq(chatVisitors.id, id)).returning();
  return visitor!;
}

/** Records that a conversation is held on the chat; returns true if it was not before (a new conversation). */
export async function ensureChatConversation(
  executor: Executor,
  values: { conversationId: string; accountId: string; channelId: string; startedByVisitorId: string | null; startedFromIpHash: string | null },
): Promise<boolean> {
  const inserted = await executor.insert(chatConversations).values(values).onConflictDoNothing().returning({ id: chatConversations.conversationId });
  return inserted.length > 0;
}

/**
 * Gives the message the conversation's next sequence number, once: the chat row is locked
 * first, so entries of one conversation are numbered in commit order without gaps.
 */
export async function appendEntry(
  executor: Executor,
  values: { accountId: string; channelId: string; conversationId: string; messageId: string; clientMessageId: string | null },
): Promise<{ seq: number; isNew: boolean }> {
  await lockChatConversation(executor, values);
  const [existing] = await executor.select({ seq: chatEntries.seq }).from(chatEntries).where(eq(chatEntries.messageId, values.messageId));
  if (existing) return { seq: existing.seq, isNew: false };
  const [counter] = await executor
    .update(chatConversations)
    .set({ lastSeq: sql`${chatConversations.lastSeq} + 1` })
    .where(eq(chatConversations.conversationId, values.conversationId))
    .returning({ lastSeq: chatConversations.lastSeq });
  const seq = counter!.lastSeq;
  await executor.insert(chatEntries).values({ accountId: values.accountId, conversationId: values.conversationId, seq, messageId: values.messageId, clientMessageId: values.clientMessageId });
  return { seq, isNew: true };
}

/**
 * Replies of the conversation created up to this one (itself included) that have no chat
 * entry yet, oldest first. Delivery jobs run concurrently; numbering these together keeps
 * replies in the order they were written.
 */
export async function listUndeliveredRepliesUpTo(executor: Executor, accountId: string, conversationId: string, messageId: string): Promise<Array<{ id: string }>> {
  // Compared in SQL: PostgreSQL keeps microseconds that a JavaScript Date would round away.
  const upToThisOne = sql`(${messages.createdAt}, ${messages.id}) <= (select written.created_at, written.id from ${messages} as written where written.id = ${messageId})`;
  return executor
    .select({ id: messages.id })
    .from(messages)
    .leftJoin(chatEntries, eq(chatEntries.messageId, messages.id))
    .where(
      and(
        eq(messages.accountId, accountId),
        eq(messages.conversationId, conversationId),
        eq(messages.direction, "out"),
        eq(messages.isNote, false),
        inArray(messages.deliveryStatus, ["pending", "sent"]),
        upToThisOne,
        isNull(chatEntries.messageId),
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(50);
}

/** Locks the conversation's chat row (creating it if needed): whoever holds it numbers the next entries. */
export async function lockChatConversation(executor: Executor, values: { accountId: string; channelId: string; conversationId: string }): Promise<void> {
  await ensureChatConversation(executor, { conversationId: values.conversationId, accountId: values.accountId, channelId: values.channelId, startedByVisitorId: null, startedFromIpHash: null });
  await executor.select({ id: chatConversations.conversationId }).from(chatConversations).where(eq(chatConversations.conversationId, values.conversationId)).for("update");
}

export async function findEntryByMessage(executor: Executor, accountId: string, messageId: string): Promise<ChatEntryRow | null> {
  const [entry] = await executor.select().from(chatEntries).where(and(eq(chatEntries.accountId, accountId), eq(chatEntries.messageId, messageId)));
  return entry ?? null;
}

/** Entries after `afterSeq`, oldest first. */
export async function listEntries(executor: Executor, accountId: string, conversationId: string, afterSeq: number, limit: number): Promise<ChatEntryRow[]> {
  return executor
    .select()
    .from(chatEntries)
    .where(and(eq(chatEntries.accountId, accountId), eq(chatEntries.conversationId, conversationId), gt(chatEntries.seq, afterSeq)))
    .orderBy(asc(chatEntries.seq))
    .limit(limit);
}

/** The latest entries of a conversation, oldest first. */
export async function listLatestEntries(executor: Executor, accountId: string, conversationId: string, limit: number): Promise<ChatEntryRow[]> {
  const rows = await executor
    .select()
    .from(chatEntries)
    .where(and(eq(chatEntries.accountId, accountId), eq(chatEntries.conversationId, conversationId)))
    .orderBy(desc(chatEntries.seq))
    .limit(limit);
  return rows.reverse();
}

/** The customer's conversations on this chat channel, newest first. */
export async function listCustomerConversations(executor: Executor, accountId: string, channelId: string, customerId: string, limit: number): Promise<ConversationRow[]> {
  return executor
    .select()
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), eq(conversations.channelId, channelId), eq(conversations.customerId, customerId)))
    .orderBy(desc(conversations.createdAt), desc(conversations.id))
    .limit(limit);
}

export async function findCustomerConversation(executor: Executor, accountId: string, channelId: string, customerId: string, conversationId: string): Promise<ConversationRow | null> {
  const [conversation] = await executor
    .select()
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), eq(conversations.channelId, channelId), eq(conversations.customerId, customerId), eq(conversations.id, conversationId)));
  return conversation ?? null;
}

/** Conversations opened on the channel since `since` by this visitor, or from this address. */
export async function countStartedSince(executor: Executor, channelId: string, since: Date, by: { visitorId: string } | { ipHash: string }): Promise<number> {
  const [row] = await executor
    .select({ count: count() })
    .from(chatConversations)
    .where(
      and(
        eq(chatConversations.channelId, channelId),
        gte(chatConversations.createdAt, since),
        "visitorId" in by ? eq(chatConversations.startedByVisitorId, by.visitorId) : eq(chatConversations.startedFromIpHash, by.ipHash),
      ),
    );
  return Number(row?.count ?? 0);
}

export async function conversationsOfEntries(executor: Executor, accountId: string, conversationIds: string[]): Promise<ConversationRow[]> {
  if (conversationIds.length === 0) return [];
  return executor.select().from(conversations).where(and(eq(conversations.accountId, accountId), inArray(conversations.id, conversationIds)));
}

/** Tells every process (after commit) that a conversation has a new chat entry. */
export async function notifyEntry(executor: Executor, notification: ChatEntryNotification): Promise<void> {
  await executor.execute(sql`select pg_notify(${CHAT_ENTRIES_CHANNEL}, ${JSON.stringify(notification)})`);
}
