import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import type { InboundMessageRow } from "../../platform/db/rows.js";
import { conversations } from "../conversations/conversations.table.js";
import { inboundMessages, type InboundStatus } from "./ingest.table.js";

/** Stores the raw inbound message unless the channel already has one with this external id. */
export async function insertOnce(executor: Executor, values: typeof inboundMessages.$inferInsert): Promise<InboundMessageRow | null> {
  const [row] = await executor.insert(inboundMessages).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function findByExternalId(executor: Executor, channelId: string, externalId: string): Promise<InboundMessageRow | null> {
  const [row] = await executor.select().from(inboundMessages).where(and(eq(inboundMessages.channelId, channelId), eq(inboundMessages.externalId, externalId)));
  return row ?? null;
}

export async function findByExternalIdForUpdate(executor: Executor, channelId: string, externalId: string): Promise<InboundMessageRow | null> {
  const [row] = await executor
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.channelId, channelId), eq(inboundMessages.externalId, externalId)))
    .for("update");
  return row ?? null;
}

export async function findById(executor: Executor, id: string): Promise<InboundMessageRow | null> {
  const [row] = await executor.select().from(inboundMessages).where(eq(inboundMessages.id, id));
  return row ?? null;
}

export async function findForUpdate(executor: Executor, id: string): Promise<InboundMessageRow | null> {
  const [row] = await executor.select().from(inboundMessages).where(eq(inboundMessages.id, id)).for("update");
  return row ?? null;
}

export async function update(executor: Executor, id: string, changes: Partial<typeof inboundMessages.$inferInsert>): Promise<InboundMessageRow> {
  const [row] = await executor.update(inboundMessages).set(changes).where(eq(inboundMessages.id, id)).returning();
  return row!;
}

export async function listByStatus(executor: Executor, accountId: string, status: InboundStatus, limit: number): Promise<InboundMessageRow[]> {
  return executor
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.accountId, accountId), eq(inboundMessages.status, status)))
    .orderBy(desc(inboundMessages.receivedAt))
    .limit(limit);
}

export async function conversationNumber(executor: Executor, conversationId: string | null): Promise<number | null> {
  if (!conversationId) return null;
  const [row] = await executor.select({ number: conversations.number }).from(conversations).where(eq(conversations.id, conversationId));
  return row?.number ?? null;
}
