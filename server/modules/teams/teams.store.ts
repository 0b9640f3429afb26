import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import type { TeamRow } from "../../platform/db/rows.js";
import { teamMembers, teams } from "./teams.table.js";

export type TeamWithMembers = TeamRow & { memberIds: string[] };

export async function list(executor: Executor, accountId: string): Promise<TeamWithMembers[]> {
  const rows = await executor.select().from(teams).where(eq(teams.accountId, accountId)).orderBy(asc(teams.name));
  return withMembers(executor, rows);
}

export async function findById(executor: Executor, accountId: string, id: string): Promise<TeamRow | null> {
  const [team] = await executor.select().from(teams).where(and(eq(teams.accountId, accountId), eq(teams.id, id)));
  return team ?? null;
}

export async function withMembers(executor: Executor, rows: TeamRow[]): Promise<TeamWithMembers[]> {
  if (rows.length === 0) return [];
  const members = await executor
    .select({ teamId: teamMembers.teamId, agentId: teamMembers.agentId })
    .from(teamMembers)
    .where(inArray(teamMembers.teamId, rows.map((row) => row.id)));
  return rows.map((row) => ({ ...row, memberIds: members.filter((member) => member.teamId === row.id).map((member) => member.agentId) }));
}

export async function insert(executor: Executor, values: typeof teams.$inferInsert): Promise<TeamRow> {
  const [team] = await executor.insert(teams).values(values).returning();
  return team!;
}

export async function update(executor: Executor, id: string, changes: Partial<typeof teams.$inferInsert>): Promise<TeamRow> {
  const [team] = await executor.update(teams).set({ ...changes, updatedAt: new Date() }).where(eq(teams.id, id)).returning();
  return team!;
}

export async function remove(executor: Executor, id: string): Promise<void> {
  await executor.delete(teams).where(eq(teams.id, id));
}

export async function setMembers(executor: Executor, accountId: string, teamId: string, agentIds: string[]): Promise<void> {
  await executor.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
  if (agentIds.length > 0) await executor.insert(teamMembers).values(agentIds.map((agentId) => ({ accountId, teamId, agentId })));
}
