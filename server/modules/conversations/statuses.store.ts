import { and, asc, eq } from "drizzle-orm";
import { statusKinds, type StatusKind } from "../../../common/domain.js";
import type { Executor } from "../../platform/db/database.js";
import type { StatusRow } from "../../platform/db/rows.js";
import { conversationStatuses } from "./conversations.table.js";

const builtInNames: Record<StatusKind, string> = {
  new: "New",
  open: "Open",
  pending: "Pending",
  on_hold: "On hold",
  solved: "Solved",
  closed: "Closed",
};

/** Every account starts with one status per built-in kind, keyed like the kind. */
export async function insertBuiltInStatuses(executor: Executor, accountId: string): Promise<void> {
  await executor.insert(conversationStatuses).values(
    statusKinds.map((kind, index) => ({ accountId, key: kind, name: builtInNames[kind], kind, position: index * 10, isBuiltIn: true })),
  );
}

export async function list(executor: Executor, accountId: string): Promise<StatusRow[]> {
  return executor
    .select()
    .from(conversationStatuses)
    .where(eq(conversationStatuses.accountId, accountId))
    .orderBy(asc(conversationStatuses.position), asc(conversationStatuses.key));
}

export async function findByKey(executor: Executor, accountId: string, key: string): Promise<StatusRow | null> {
  const [status] = await executor
    .select()
    .from(conversationStatuses)
    .where(and(eq(conversationStatuses.accountId, accountId), eq(conversationStatuses.key, key)));
  return status ?? null;
}

export async function findById(executor: Executor, accountId: string, id: string): Promise<StatusRow | null> {
  const [status] = await executor
    .select()
    .from(conversationStatuses)
    .where(and(eq(conversationStatuses.accountId, accountId), eq(conversationStatuses.id, id)));
  return status ?? null;
}

export async function insert(executor: Executor, values: typeof conversationStatuses.$inferInsert): Promise<StatusRow> {
  const [status] = await executor.insert(conversationStatuses).values(values).returning();
  return status!;
}

export async function update(executor: Executor, id: string, changes: { name?: string; position?: number }): Promise<StatusRow> {
  const [status] = await executor.update(conversationStatuses).set(changes).where(eq(conversationStatuses.id, id)).returning();
  return status!;
}
