import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import type { RoutingRuleRow } from "../../platform/db/rows.js";
import { routingRules } from "./routing.table.js";

export async function list(executor: Executor, accountId: string): Promise<RoutingRuleRow[]> {
  return executor.select().from(routingRules).where(eq(routingRules.accountId, accountId)).orderBy(asc(routingRules.position), asc(routingRules.createdAt), asc(routingRules.id));
}

export async function findForUpdate(executor: Executor, accountId: string, id: string): Promise<RoutingRuleRow | null> {
  const [row] = await executor.select().from(routingRules).where(and(eq(routingRules.accountId, accountId), eq(routingRules.id, id))).for("update");
  return row ?? null;
}

export async function nextPosition(executor: Executor, accountId: string): Promise<number> {
  const [row] = await executor.select({ position: sql<number>`coalesce(max(${routingRules.position}), -1) + 1` }).from(routingRules).where(eq(routingRules.accountId, accountId));
  return Number(row?.position ?? 0);
}

export async function insert(executor: Executor, values: typeof routingRules.$inferInsert): Promise<RoutingRuleRow> {
  const [row] = await executor.insert(routingRules).values(values).returning();
  return row!;
}

export async function update(executor: Executor, id: string, changes: Partial<typeof routingRules.$inferInsert>): Promise<RoutingRuleRow> {
  const [row] = await executor.update(routingRules).set({ ...changes, updatedAt: new Date() }).where(eq(routingRules.id, id)).returning();
  return row!;
}

export async function remove(executor: Executor, id: string): Promise<void> {
  await executor.delete(routingRules).where(eq(routingRules.id, id));
}

/** Serialises rule edits of one account, so that positions stay a clean sequence. */
export async function lockRules(executor: Executor, accountId: string): Promise<void> {
  await executor.execute(sql`select pg_advisory_xact_lock(720731100, hashtext(${accountId}))`);
}
