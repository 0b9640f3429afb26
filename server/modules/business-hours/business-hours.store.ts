import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import type { BusinessHoursRow } from "../../platform/db/rows.js";
import { businessHours, businessHoursAssignments } from "./business-hours.table.js";

export type BusinessHoursWithTargets = BusinessHoursRow & { teamIds: string[]; channelIds: string[] };

export async function list(executor: Executor, accountId: string): Promise<BusinessHoursWithTargets[]> {
  const rows = await executor.select().from(businessHours).where(eq(businessHours.accountId, accountId)).orderBy(sql`${businessHours.isDefault} desc`, asc(businessHours.name));
  return withTargets(executor, rows);
}

export async function findById(executor: Executor, accountId: string, id: string): Promise<BusinessHoursRow | null> {
  const [row] = await executor.select().from(businessHours).where(and(eq(businessHours.accountId, accountId), eq(businessHours.id, id)));
  return row ?? null;
}

export async function findForUpdate(executor: Executor, accountId: string, id: string): Promise<BusinessHoursRow | null> {
  const [row] = await executor.select().from(businessHours).where(and(eq(businessHours.accountId, accountId), eq(businessHours.id, id))).for("update");
  return row ?? null;
}

export async function withTargets(executor: Executor, rows: BusinessHoursRow[]): Promise<BusinessHoursWithTargets[]> {
  if (rows.length === 0) return [];
  const assignments = await executor
    .select({ businessHoursId: businessHoursAssignments.businessHoursId, teamId: businessHoursAssignments.teamId, channelId: businessHoursAssignments.channelId })
    .from(businessHoursAssignments)
    .where(inArray(businessHoursAssignments.businessHoursId, rows.map((row) => row.id)));
  return rows.map((row) => {
    const own = assignments.filter((assignment) => assignment.businessHoursId === row.id);
    return { ...row, teamIds: own.flatMap((item) => (item.teamId ? [item.teamId] : [])), channelIds: own.flatMap((item) => (item.channelId ? [item.channelId] : [])) };
  });
}

export async function insert(executor: Executor, values: typeof businessHours.$inferInsert): Promise<BusinessHoursRow> {
  const [row] = await executor.insert(businessHours).values(values).returning();
  return row!;
}

export async function update(executor: Executor, id: string, changes: Partial<typeof businessHours.$inferInsert>): Promise<BusinessHoursRow> {
  const [row] = await executor.update(businessHours).set({ ...changes, updatedAt: new Date() }).where(eq(businessHours.id, id)).returning();
  return row!;
}

export async function remove(executor: Executor, id: string): Promise<void> {
  await executor.delete(businessHours).where(eq(businessHours.id, id));
}

/** Makes `id` the account's only default schedule. */
export async function makeDefault(executor: Executor, accountId: string, id: string): Promise<void> {
  await executor.update(businessHours).set({ isDefault: false }).where(and(eq(businessHours.accountId, accountId), eq(businessHours.isDefault, true), sql`${businessHours.id} <> ${id}`));
  await executor.update(businessHours).set({ isDefault: true }).where(eq(businessHours.id, id));
}

/** Points these teams and channels at the schedule (taking them from any other) and releases the rest it had. */
export async function setTargets(executor: Executor, accountId: string, id: string, targets: { teamIds?: string[]; channelIds?: string[] }): Promise<void> {
  for (const [column, ids] of [
    ["teamId", targets.teamIds],
    ["channelId", targets.channelIds],
  ] as const) {
    if (!ids) continue;
    const target = businessHoursAssignments[column];
    await executor
      .delete(businessHoursAssignments)
      .where(and(eq(businessHoursAssignments.accountId, accountId), or(and(eq(businessHoursAssignments.businessHoursId, id), sql`${target} is not null`), ids.length > 0 ? inArray(target, ids) : sql`false`)));
    if (ids.length > 0) {
      await executor.insert(businessHoursAssignments).values(ids.map((targetId) => ({ accountId, businessHoursId: id, [column]: targetId })));
    }
  }
}

/** The schedules that could apply to a team and a channel: theirs (if any) and the default. */
export async function findApplicable(
  executor: Executor,
  accountId: string,
  target: { teamId: string | null; channelId: string | null },
): Promise<Array<BusinessHoursRow & { teamId: string | null; channelId: string | null }>> {
  const matches = [target.teamId ? eq(businessHoursAssignments.teamId, target.teamId) : undefined, target.channelId ? eq(businessHoursAssignments.channelId, target.channelId) : undefined].filter(
    (condition) => condition !== undefined,
  );
  const rows = await executor
    .select({ schedule: businessHours, teamId: businessHoursAssignments.teamId, channelId: businessHoursAssignments.channelId })
    .from(businessHours)
    .leftJoin(businessHoursAssignments, and(eq(businessHoursAssignments.businessHoursId, businessHours.id), matches.length > 0 ? or(...matches) : sql`false`))
    .where(and(eq(businessHours.accountId, accountId), or(eq(businessHours.isDefault, true), sql`${businessHoursAssignments.id} is not null`)));
  return rows.map((row) => ({ ...row.schedule, teamId: row.teamId, channelId: row.channelId }));
}
