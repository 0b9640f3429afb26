import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import type { AgentRow, ApiTokenRow, SessionRow } from "../../platform/db/rows.js";
import { agents } from "../agents/agents.table.js";
import { apiTokens, sessions } from "./auth.table.js";

export async function insertSession(executor: Executor, values: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [session] = await executor.insert(sessions).values(values).returning();
  return session!;
}

/** A live session and its active agent, or null if expired, unknown or the agent was deactivated. */
export async function findLiveSession(executor: Executor, tokenHash: string): Promise<{ session: SessionRow; agent: AgentRow } | null> {
  const [row] = await executor
    .select({ session: sessions, agent: agents })
    .from(sessions)
    .innerJoin(agents, eq(agents.id, sessions.agentId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`), isNull(agents.deactivatedAt)));
  return row ?? null;
}

export async function touchSession(executor: Executor, id: string, expiresAt: Date): Promise<void> {
  await executor.update(sessions).set({ lastSeenAt: new Date(), expiresAt }).where(eq(sessions.id, id));
}

export async function deleteSession(executor: Executor, id: string): Promise<void> {
  await executor.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteOtherSessions(executor: Executor, agentId: string, keepSessionId: string | null): Promise<void> {
  await executor
    .delete(sessions)
    .where(and(eq(sessions.agentId, agentId), keepSessionId ? sql`${sessions.id} <> ${keepSessionId}` : undefined));
}

/** Logs the agent out everywhere and revokes every API token. */
export async function endAllAccess(executor: Executor, agentId: string): Promise<void> {
  await executor.delete(sessions).where(eq(sessions.agentId, agentId));
  await executor.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.agentId, agentId), isNull(apiTokens.revokedAt)));
}

export async function deleteExpiredSessions(executor: Executor): Promise<number> {
  const deleted = await executor.delete(sessions).where(lt(sessions.expiresAt, sql`now()`)).returning({ id: sessions.id });
  return deleted.length;
}

export async function insertApiToken(executor: Executor, values: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const [token] = await executor.insert(apiTokens).values(values).returning();
  return token!;
}

export async function findLiveApiToken(executor: Executor, tokenHash: string): Promise<{ token: ApiTokenRow; agent: AgentRow } | null> {
  const [row] = await executor
    .select({ token: apiTokens, agent: agents })
    .from(apiTokens)
    .innerJoin(agents, eq(agents.id, apiTokens.agentId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(agents.deactivatedAt)));
  return row ?? null;
}

export async function markApiTokenUsed(executor: Executor, id: string): Promise<void> {
  await executor.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id));
}

export async function listApiTokens(executor: Executor, accountId: string, agentId: string): Promise<ApiTokenRow[]> {
  return executor
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.accountId, accountId), eq(apiTokens.agentId, agentId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(executor: Executor, accountId: string, agentId: string, id: string): Promise<boolean> {
  const revoked = await executor
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.accountId, accountId), eq(apiTokens.agentId, agentId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length > 0;
}
