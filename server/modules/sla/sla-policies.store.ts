import { and, asc, eq, sql } from "drizzle-orm";
import type { ChannelType, Priority } from "../../../common/domain.js";
import type { Executor } from "../../platform/db/database.js";
import type { SlaPolicyRow } from "../../platform/db/rows.js";
import { slaPolicies } from "./sla.table.js";

export async function list(executor: Executor, accountId: string): Promise<SlaPolicyRow[]> {
  return executor
    .select()
    .from(slaPolicies)
    .where(eq(slaPolicies.accountId, accountId))
    .orderBy(sql`${slaPolicies.channelType} is null`, asc(slaPolicies.channelType), sql`${slaPolicies.priority} is null`, asc(slaPolicies.name));
}

export async function findById(executor: Executor, accountId: string, id: string): Promise<SlaPolicyRow | null> {
  const [row] = await executor.select().from(slaPolicies).where(and(eq(slaPolicies.accountId, accountId), eq(slaPolicies.id, id)));
  return row ?? null;
}

export async function findForUpdate(executor: Executor, accountId: string, id: string): Promise<SlaPolicyRow | null> {
  const [row] = await executor.select().from(slaPolicies).where(and(eq(slaPolicies.accountId, accountId), eq(slaPolicies.id, id))).for("update");
  return row ?? null;
}

/**
 * The policy for a channel type and priority, the most specific first: both match, then the
 * channel type for any priority, then the priority on any channel, then the catch-all.
 */
export async function findApplicable(executor: Executor, accountId: string, channelType: ChannelType, priority: Priority): Promise<SlaPolicyRow | null> {
  const [row] = await executor
    .select()
    .from(slaPolicies)
    .where(
      and(
        eq(slaPolicies.accountId, accountId),
        sql`(${slaPolicies.channelType} is null or ${slaPolicies.channelType} = ${channelType})`,
        sql`(${slaPolicies.priority} is null or ${slaPolicies.priority} = ${priority})`,
      ),
    )
    .orderBy(sql`${slaPolicies.channelType} is null`, sql`${slaPolicies.priority} is null`)
    .limit(1);
  return row ?? null;
}

export async function insert(executor: Executor, values: typeof slaPolicies.$inferInsert): Promise<SlaPolicyRow> {
  const [row] = await executor.insert(slaPolicies).values(values).returning();
  return row!;
}

export async function update(executor: Executor, id: string, changes: Partial<typeof slaPolicies.$inferInsert>): Promise<SlaPolicyRow> {
  const [row] = await executor.update(slaPolicies).set({ ...changes, updatedAt: new Date() }).where(eq(slaPolicies.id, id)).returning();
  return row!;
}

export async function remove(executor: Executor, id: string): Promise<void> {
  await executor.delete(slaPolicies).where(eq(slaPolicies.id, id));
}
