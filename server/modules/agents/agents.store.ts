import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import type { AgentRow } from "../../platform/db/rows.js";
import { teamMembers } from "../teams/teams.table.js";
import { agents } from "./agents.table.js";

export type AgentWithTeams = AgentRow & { teamIds: string[] };

export async function findByEmail(executor: Executor, email: string): Promise<AgentRow | null> {
  const [agent] = await executor.select().from(agents).where(sql`lower(${agents.email}) = lower(${email})`);
  return agent ?? null;
}

export async function findById(executor: Executor, accountId: string, id: string): Promise<AgentRow | null> {
  const [agent] = await executor.select().from(agents).where(and(eq(agents.accountId, accountId), eq(agents.id, id)));
  return agent ?? null;
}

export async function findForUpdate(executor: Executor, accountId: string, id: string): Promise<AgentRow | null> {
  const [agent] = await executor.select().from(agents).where(and(eq(agents.accountId, accountId), eq(agents.id, id))).for("update");
  return agent ?? null;
}

export async function list(executor: Executor, accountId: string): Promise<AgentWithTeams[]> {
  const rows = await executor.select().from(agents).where(eq(agents.accountId, accountId)).orderBy(asc(agents.name), asc(agents.id));
  return withTeams(executor, rows);
}

export async function withTeams(executor: Executor, rows: AgentRow[]): Promise<AgentWithTeams[]> {
  if (rows.length === 0) return [];
  const memberships = await executor
    .select({ agentId: teamMembers.agentId, teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(inArray(teamMembers.agentId, rows.map((row) => row.id)));
  return rows.map((row) => ({ ...row, teamIds: memberships.filter((membership) => membership.agentId === row.id).map((membership) => membership.teamId) }));
}

export async function insert(executor: Executor, values: typeof agents.$inferInsert): Promise<AgentRow> {
  const [agent] = await executor.insert(agents).values(values).returning();
  return agent!;
}

export async function update(executor: Executor, id: string, changes: Partial<typeof agents.$inferInsert>): Promise<AgentRow> {
  const [agent] = await executor.update(agents).set({ ...changes, updatedAt: new Date() }).where(eq(agents.id, id)).returning();
  return agent!;
}

export async function recordLoginFailure(executor: Executor, id: string, maxFailures: number, lockoutMinutes: number): Promise<AgentRow> {
  // One statement, so that parallel wrong guesses cannot slip past the counter. A lockout
  // that has run out starts the count afresh instead of locking again at the next slip.
  const hasLockoutExpired = sql`(${agents.lockedUntil} is not null and ${agents.lockedUntil} <= now())`;
  const failures = sql`case when ${hasLockoutExpired} then 1 else ${agents.failedLoginAttempts} + 1 end`;
  const [agent] = await executor
    .update(agents)
    .set({
      failedLoginAttempts: failures,
      lockedUntil: sql`case when ${failures} >= ${maxFailures} then now() + make_interval(mins => ${lockoutMinutes}) when ${hasLockoutExpired} then null else ${agents.lockedUntil} end`,
    })
    .where(eq(agents.id, id))
    .returning();
  return agent!;
}

export async function clearLoginFailures(executor: Executor, id: string): Promise<void> {
  await executor.update(agents).set({ failedLoginAttempts: 0, lockedUntil: null }).where(eq(agents.id, id));
}
