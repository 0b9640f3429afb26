import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import type { EmailMailboxFolderRow, EmailMessageRow, EmailThreadRow } from "../../platform/db/rows.js";
import { channels } from "../channels/channels.table.js";
import { conversations } from "../conversations/conversations.table.js";
import { type EmailAddress, emailMailboxFolders, emailMailboxLeases, emailMessages, emailThreads } from "./email.table.js";

export async function insert(executor: Executor, values: typeof emailMessages.$inferInsert): Promise<EmailMessageRow> {
  const [row] = await executor.insert(emailMessages).values(values).returning();
  return row!;
}

/** Inserts unless the message already has its email row (a retried delivery); returns the row either way. */
export async function insertOnce(executor: Executor, values: typeof emailMessages.$inferInsert): Promise<EmailMessageRow> {
  const [row] = await executor.insert(emailMessages).values(values).onConflictDoNothing({ target: emailMessages.messageId }).returning();
  return row ?? (await findByMessage(executor, values.accountId, values.messageId))!;
}

export async function update(executor: Executor, id: string, changes: Partial<typeof emailMessages.$inferInsert>): Promise<EmailMessageRow> {
  const [row] = await executor.update(emailMessages).set({ ...changes, updatedAt: new Date() }).where(eq(emailMessages.id, id)).returning();
  return row!;
}

export async function findByMessage(executor: Executor, accountId: string, messageId: string): Promise<EmailMessageRow | null> {
  const [row] = await executor.select().from(emailMessages).where(and(eq(emailMessages.accountId, accountId), eq(emailMessages.messageId, messageId)));
  return row ?? null;
}

export async function findInboundByDedupeKey(executor: Executor, accountId: string, dedupeKey: string): Promise<EmailMessageRow | null> {
  const [row] = await executor
    .select()
    .from(emailMessages)
    .where(and(eq(emailMessages.accountId, accountId), eq(emailMessages.direction, "in"), eq(emailMessages.dedupeKey, dedupeKey)));
  return row ?? null;
}

/** Mail of the account with one of these Message-IDs, newest first. */
export async function findByHeaderMessageIds(executor: Executor, accountId: string, headerMessageIds: string[]): Promise<EmailMessageRow[]> {
  if (headerMessageIds.length === 0) return [];
  return executor
    .select()
    .from(emailMessages)
    .where(and(eq(emailMessages.accountId, accountId), inArray(emailMessages.headerMessageId, headerMessageIds)))
    .orderBy(desc(emailMessages.createdAt));
}

/** How much mail this sender sent the account since `since` (for the per-sender rate limit). */
export async function countInboundFrom(executor: Executor, accountId: string, fromAddress: string, since: Date): Promise<number> {
  const [row] = await executor
    .select({ count: sql<number>`count(*)::int` })
    .from(emailMessages)
    .where(
      and(eq(emailMessages.accountId, accountId), eq(emailMessages.direction, "in"), eq(emailMessages.fromAddress, fromAddress), gt(emailMessages.createdAt, since)),
    );
  return Number(row?.count ?? 0);
}

/** The newest received mail of a conversation: what a reply answers. */
export async function latestInbound(executor: Executor, accountId: string, conversationId: string): Promise<EmailMessageRow | null> {
  const [row] = await executor
    .select()
    .from(emailMessages)
    .where(and(eq(emailMessages.accountId, accountId), eq(emailMessages.conversationId, conversationId), eq(emailMessages.direction, "in")))
    .orderBy(desc(emailMessages.createdAt))
    .limit(1);
  return row ?? null;
}

/** The newest mail of a conversation in either direction. */
export async function latestInConversation(executor: Executor, accountId: string, conversationId: string): Promise<EmailMessageRow | null> {
  const [row] = await executor
    .select()
    .from(emailMessages)
    .where(and(eq(emailMessages.accountId, accountId), eq(emailMessages.conversationId, conversationId)))
    .orderBy(desc(emailMessages.createdAt))
    .limit(1);
  return row ?? null;
}

export async function findThread(executor: Executor, accountId: string, conversationId: string): Promise<EmailThreadRow | null> {
  const [row] = await executor.select().from(emailThreads).where(and(eq(emailThreads.accountId, accountId), eq(emailThreads.conversationId, conversationId)));
  return row ?? null;
}

export async function findThreadByToken(executor: Executor, accountId: string, token: string): Promise<EmailThreadRow | null> {
  const [row] = await executor.select().from(emailThreads).where(and(eq(emailThreads.accountId, accountId), eq(emailThreads.token, token)));
  return row ?? null;
}

/** The conversation's thread, created with a fresh token on first use. */
export async function ensureThread(executor: Executor, accountId: string, conversationId: string): Promise<EmailThreadRow> {
  await executor.insert(emailThreads).values({ accountId, conversationId, token: newThreadToken() }).onConflictDoNothing({ target: emailThreads.conversationId });
  return (await findThread(executor, accountId, conversationId))!;
}

/** Adds people to a conversation's participants (lower-case addresses, first name seen wins). */
export async function addParticipants(executor: Executor, accountId: string, conversationId: string, people: EmailAddress[]): Promise<void> {
  if (people.length === 0) return;
  const thread = await ensureThread(executor, accountId, conversationId);
  const known = new Set(thread.participants.map((person) => person.address));
  const added = people.filter((person) => !known.has(person.address) && known.add(person.address));
  if (added.length === 0) return;
  await executor
    .update(emailThreads)
    .set({ participants: [...thread.participants, ...added], updatedAt: new Date() })
    .where(eq(emailThreads.conversationId, conversationId));
}

/** 16 lower-case letters and digits: carried in our Message-IDs and reply addresses. */
export function newThreadToken(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(16)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/** The `[#number]` subject marker's conversation. */
export async function findConversationIdByNumber(executor: Executor, accountId: string, number: number): Promise<string | null> {
  const [row] = await executor
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), eq(conversations.number, number)));
  return row?.id ?? null;
}

// IMAP folder state

export async function findFolderState(executor: Executor, channelId: string, folder: string): Promise<EmailMailboxFolderRow | null> {
  const [row] = await executor.select().from(emailMailboxFolders).where(and(eq(emailMailboxFolders.channelId, channelId), eq(emailMailboxFolders.folder, folder)));
  return row ?? null;
}

export async function listFolderStates(executor: Executor, accountId: string, channelId: string): Promise<EmailMailboxFolderRow[]> {
  return executor
    .select()
    .from(emailMailboxFolders)
    .where(and(eq(emailMailboxFolders.accountId, accountId), eq(emailMailboxFolders.channelId, channelId)))
    .orderBy(asc(emailMailboxFolders.folder));
}

export async function saveFolderState(
  executor: Executor,
  values: { accountId: string; channelId: string; folder: string } & Partial<Omit<typeof emailMailboxFolders.$inferInsert, "accountId" | "channelId" | "folder">>,
): Promise<void> {
  const { accountId, channelId, folder, ...changes } = values;
  await executor
    .insert(emailMailboxFolders)
    .values({ accountId, channelId, folder, ...changes })
    .onConflictDoUpdate({ target: [emailMailboxFolders.channelId, emailMailboxFolders.folder], set: { ...changes, updatedAt: new Date() } });
}

// Mailbox leases

/**
 * Takes or renews the lease on a mailbox for `holder`; true when `holder` has it now. A lease
 * held by someone else is taken only once it has expired.
 */
export async function acquireLease(executor: Executor, lease: { channelId: string; accountId: string; holder: string; ttlSeconds: number }): Promise<boolean> {
  const expiresAt = sql`now() + make_interval(secs => ${lease.ttlSeconds})`;
  const rows = await executor
    .insert(emailMailboxLeases)
    .values({ channelId: lease.channelId, accountId: lease.accountId, holder: lease.holder, expiresAt: expiresAt as unknown as Date })
    .onConflictDoUpdate({
      target: emailMailboxLeases.channelId,
      set: {
        holder: lease.holder,
        expiresAt: expiresAt as unknown as Date,
        acquiredAt: sql`case when ${emailMailboxLeases.holder} = ${lease.holder} then ${emailMailboxLeases.acquiredAt} else now() end` as unknown as Date,
      },
      setWhere: or(eq(emailMailboxLeases.holder, lease.holder), lt(emailMailboxLeases.expiresAt, sql`now()`)),
    })
    .returning({ holder: emailMailboxLeases.holder });
  return rows.some((row) => row.holder === lease.holder);
}

export async function releaseLease(executor: Executor, channelId: string, holder: string): Promise<void> {
  await executor.delete(emailMailboxLeases).where(and(eq(emailMailboxLeases.channelId, channelId), eq(emailMailboxLeases.holder, holder)));
}

export async function findLease(executor: Executor, accountId: string, channelId: string): Promise<{ holder: string; expiresAt: Date } | null> {
  const [row] = await executor
    .select({ holder: emailMailboxLeases.holder, expiresAt: emailMailboxLeases.expiresAt })
    .from(emailMailboxLeases)
    .where(and(eq(emailMailboxLeases.accountId, accountId), eq(emailMailboxLeases.channelId, channelId)));
  return row ?? null;
}

/**
 * The channel receiving mail for `address` at the SMTP listener. Addresses are not unique
 * across accounts; the channel that claimed the address first gets the mail.
 */
export async function findInboundSmtpChannel(executor: Executor, address: string) {
  const [channel] = await executor
    .select()
    .from(channels)
    .where(
      and(
        eq(channels.type, "email"),
        eq(channels.isEnabled, true),
        sql`(${channels.settings}->>'inboundSmtp') = 'true'`,
        sql`((${channels.settings}->>'address') = ${address} or (${channels.settings}->'aliases') @> ${JSON.stringify([address])}::jsonb)`,
      ),
    )
    .orderBy(asc(channels.createdAt), asc(channels.id))
    .limit(1);
  return channel ?? null;
}

/**
 * Enabled email channels of every account that have a way in (IMAP or the SMTP listener):
 * what the mailbox supervisor of each process looks at. Not scoped by account on purpose.
 */
export async function listMailboxChannels(executor: Executor) {
  return executor
    .select()
    .from(channels)
    .where(
      and(
        eq(channels.type, "email"),
        eq(channels.isEnabled, true),
        sql`(jsonb_typeof(${channels.settings}->'imap') = 'object' or (${channels.settings}->>'inboundSmtp') = 'true')`,
      ),
    )
    .orderBy(asc(channels.createdAt), asc(channels.id));
}
