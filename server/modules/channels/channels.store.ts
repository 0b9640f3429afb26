import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import type { ChannelRow } from "../../platform/db/rows.js";
import { channels } from "./channels.table.js";

export async function list(executor: Executor, accountId: string): Promise<ChannelRow[]> {
  return executor.select().from(channels).where(eq(channels.accountId, accountId)).orderBy(asc(channels.name), asc(channels.id));
}

export async function findById(executor: Executor, accountId: string, id: string): Promise<ChannelRow | null> {
  const [channel] = await executor.select().from(channels).where(and(eq(channels.accountId, accountId), eq(channels.id, id)));
  return channel ?? null;
}

/** For inbound requests, which prove their account by the channel's token rather than a login. */
export async function findByIdUnscoped(executor: Executor, id: string): Promise<ChannelRow | null> {
  const [channel] = await executor.select().from(channels).where(eq(channels.id, id));
  return channel ?? null;
}

export async function insert(executor: Executor, values: typeof channels.$inferInsert): Promise<ChannelRow> {
  const [channel] = await executor.insert(channels).values(values).returning();
  return channel!;
}

export async function update(executor: Executor, id: string, changes: Partial<typeof channels.$inferInsert>): Promise<ChannelRow> {
  const [channel] = await executor.update(channels).set({ ...changes, updatedAt: new Date() }).where(eq(channels.id, id)).returning();
  return channel!;
}
