import { and, eq, inArray, sql } from "drizzle-orm";
import { activeStatusKinds, realTimeChannelTypes } from "../../../common/domain.js";
import type { AssignmentExplanation, AssignmentOutcome, AssignmentStrategy } from "../../../common/routing.js";
import type { Executor, SqlResult } from "../../platform/db/database.js";
import type { AssignmentOfferRow, ConversationRow } from "../../platform/db/rows.js";
import { agents } from "../agents/agents.table.js";
import { conversations } from "../conversations/conversations.table.js";
import { teamMembers, teams } from "../teams/teams.table.js";
import { queueOrder } from "./queue-order.js";
import { assignmentDecisions, assignmentOffers, conversationRouting, teamAssignmentSettings, teamRotation } from "./routing.table.js";

const activeKinds = sql.raw(activeStatusKinds.map((kind) => `'${kind}'`).join(", "));
const realTimeTypes = sql.raw(realTimeChannelTypes.map((type) => `'${type}'`).join(", "));

/** An agent's current work: open conversations, real-time ones among them, and offers awaiting an answer. */
export type AgentLoad = {
  id: string;
  name: string;
  level: 1 | 2 | 3;
  languages: string[];
  skills: string[];
  presence: "online" | "away" | "offline";
  maxChats: number;
  maxOpenConversations: number;
  openConversations: number;
  chats: number;
  pendingOffers: number;
  lastAssignedAt: Date | null;
};

export type TeamSettings = { teamId: string; strategy: AssignmentStrategy; offerTimeoutSeconds: number };

export const defaultTeamSettings = { strategy: "manual", offerTimeoutSeconds: 30 } as const;

export async function findTeamSettings(executor: Executor, accountId: string, teamId: string): Promise<TeamSettings | null> {
  const [row] = await executor
    .select({ teamId: teams.id, strategy: teamAssignmentSettings.strategy, offerTimeoutSeconds: teamAssignmentSettings.offerTimeoutSeconds })
    .from(teams)
    .leftJoin(teamAssignmentSettings, eq(teamAssignmentSettings.teamId, teams.id))
    .where(and(eq(teams.accountId, accountId), eq(teams.id, teamId)));
  if (!row) return null;
  return { teamId: row.teamId, strategy: row.strategy ?? defaultTeamSettings.strategy, offerTimeoutSeconds: row.offerTimeoutSeconds ?? defaultTeamSettings.offerTimeoutSeconds };
}

export async function saveTeamSettings(executor: Executor, accountId: string, settings: TeamSettings): Promise<void> {
  await executor
    .insert(teamAssignmentSettings)
    .values({ accountId, teamId: settings.teamId, strategy: settings.strategy, offerTimeoutSeconds: settings.offerTimeoutSeconds })
    .onConflictDoUpdate({ target: teamAssignmentSettings.teamId, set: { strategy: settings.strategy, offerTimeoutSeconds: settings.offerTimeoutSeconds, updatedAt: new Date() } });
}

const loadColumns = sql`
  a.id, a.name, a.level, a.languages, a.skills, a.presence, a.max_chats, a.max_open_conversations,
  (select count(*) from conversations c
    where c.account_id = a.account_id and c.assignee_id = a.id and c.status_kind in (${activeKinds})) as open_conversations,
  (select count(*) from conversations c join channels ch on ch.id = c.channel_id
    where c.account_id = a.account_id and c.assignee_id = a.id and c.status_kind in (${activeKinds}) and ch.type in (${realTimeTypes})) as chats,
  (select count(*) from assignment_offers o where o.agent_id = a.id and o.status = 'pending') as pending_offers`;

function toLoad(row: Record<string, unknown>): AgentLoad {
  return {
    id: String(row.id),
    name: String(row.name),
    level: Number(row.level) as 1 | 2 | 3,
    languages: row.languages as string[],
    skills: row.skills as string[],
    presence: row.presence as AgentLoad["presence"],
    maxChats: Number(row.max_chats),
    maxOpenConversations: Number(row.max_open_conversations),
    openConversations: Number(row.open_conversations),
    chats: Number(row.chats),
    pendingOffers: Number(row.pending_offers),
    lastAssignedAt: row.last_assigned_at ? new Date(row.last_assigned_at as string) : null,
  };
}

/** The team's online agents who could take work now, with their load and turn. */
export async function listAvailableMembers(executor: Executor, accountId: string, teamId: string): Promise<AgentLoad[]> {
  const result = (await executor.execute(sql`
    select ${loadColumns}, r.last_assigned_at
    from team_members m
    join agents a on a.id = m.agent_id
    left join team_rotation r on r.team_id = m.team_id and r.agent_id = a.id
    where m.account_id = ${accountId} and m.team_id = ${teamId}
      and a.deactivated_at is null and a.role <> 'analyst' and a.presence = 'online'`)) as unknown as SqlResult;
  return result.rows.map(toLoad);
}

/**
 * Locks one agent for an assignment and reads their load afresh. Every automatic
 * assignment locks the agent first, so two decisions for the same agent never both see
 * the same free slot; a locked agent is skipped rather than waited for.
 */
export async function lockAgentLoad(executor: Executor, accountId: string, agentId: string): Promise<AgentLoad | null> {
  const locked = (await executor.execute(sql`select id from agents where id = ${agentId} and account_id = ${accountId} for update skip locked`)) as unknown as SqlResult;
  if (locked.rows.length === 0) return null;
  return findAgentLoad(executor, accountId, agentId);
}

export async function findAgentLoad(executor: Executor, accountId: string, agentId: string): Promise<AgentLoad | null> {
  const result = (await executor.execute(sql`
    select ${loadColumns}, null as last_assigned_at from agents a
    where a.id = ${agentId} and a.account_id = ${accountId} and a.deactivated_at is null`)) as unknown as SqlResult;
  return result.rows[0] ? toLoad(result.rows[0]) : null;
}

/** Every agent of the account with their load, for the supervisor board. */
export async function listAgentLoads(executor: Executor, accountId: string): Promise<Array<AgentLoad & { role: string; presenceChangedAt: Date | null }>> {
  const result = (await executor.execute(sql`
    select ${loadColumns}, null as last_assigned_at, a.role, a.presence_changed_at from agents a
    where a.account_id = ${accountId} and a.deactivated_at is null and a.role <> 'analyst'
    order by a.name, a.id`)) as unknown as SqlResult;
  return result.rows.map((row) => ({ ...toLoad(row), role: String(row.role), presenceChangedAt: row.presence_changed_at ? new Date(row.presence_changed_at as string) : null }));
}

export type QueuedConversation = { conversation: ConversationRow; queuedAt: Date; requiredSkills: string[]; channelType: string };

const queueConditions = (accountId: string, teamId: string) => sql`
  ${conversations.accountId} = ${accountId} and ${conversations.teamId} = ${teamId}
  and ${conversations.assigneeId} is null and ${conversations.statusKind} in (${activeKinds})
  and ${conversations.queuedAt} is not null
  and not exists (select 1 from assignment_offers o where o.conversation_id = ${conversations.id} and o.status = 'pending')`;

/**
 * The head of a team's queue in `queueOrder`. With `lock`, the rows are locked and rows
 * another decision holds are skipped, so that concurrent drains never take the same work.
 */
export async function listQueue(executor: Executor, accountId: string, teamId: string, options: { limit: number; lock?: boolean }): Promise<QueuedConversation[]> {
  const query = executor
    .select({ conversation: conversations, requiredSkills: conversationRouting.requiredSkills, channelType: sql<string>`(select type from channels where id = ${conversations.channelId})` })
    .from(conversations)
    .leftJoin(conversationRouting, eq(conversationRouting.conversationId, conversations.id))
    .where(queueConditions(accountId, teamId))
    .orderBy(queueOrder())
    .limit(options.limit);
  const rows = options.lock ? await query.for("update", { of: conversations, skipLocked: true }) : await query;
  return rows.map((row) => ({ conversation: row.conversation, queuedAt: row.conversation.queuedAt!, requiredSkills: row.requiredSkills ?? [], channelType: row.channelType }));
}

/** What a drain needs of the queue's head: only the facts that decide who may take each one. */
export type QueueHead = { id: string; accountId: string; level: 1 | 2 | 3; language: string | null; requiredSkills: string[]; channelType: string };

export async function listQueueHeads(executor: Executor, accountId: string, teamId: string, limit: number): Promise<QueueHead[]> {
  const rows = await executor
    .select({
      id: conversations.id,
      accountId: conversations.accountId,
      level: conversations.level,
      language: conversations.language,
      requiredSkills: conversationRouting.requiredSkills,
      channelType: sql<string>`(select type from channels where id = ${conversations.channelId})`,
    })
    .from(conversations)
    .leftJoin(conversationRouting, eq(conversationRouting.conversationId, conversations.id))
    .where(queueConditions(accountId, teamId))
    .orderBy(queueOrder())
    .limit(limit);
  return rows.map((row) => ({ ...row, requiredSkills: row.requiredSkills ?? [] }));
}

export async function countQueues(executor: Executor, accountId: string): Promise<Array<{ teamId: string; waiting: number; oldestQueuedAt: Date | null }>> {
  const rows = await executor
    .select({ teamId: conversations.teamId, waiting: sql<number>`count(*)::int`, oldestQueuedAt: sql<string | null>`min(${conversations.queuedAt})` })
    .from(conversations)
    .where(and(eq(conversations.accountId, accountId), sql`${conversations.teamId} is not null`, sql`${conversations.assigneeId} is null`, sql`${conversations.statusKind} in (${activeKinds})`, sql`${conversations.queuedAt} is not null`))
    .groupBy(conversations.teamId);
  return rows.map((row) => ({ teamId: row.teamId!, waiting: Number(row.waiting), oldestQueuedAt: row.oldestQueuedAt ? new Date(row.oldestQueuedAt) : null }));
}

export async function countPendingOffersByTeam(executor: Executor, accountId: string): Promise<Map<string, number>> {
  const rows = await executor
    .select({ teamId: assignmentOffers.teamId, count: sql<number>`count(*)::int` })
    .from(assignmentOffers)
    .where(and(eq(assignmentOffers.accountId, accountId), eq(assignmentOffers.status, "pending")))
    .groupBy(assignmentOffers.teamId);
  return new Map(rows.filter((row) => row.teamId).map((row) => [row.teamId!, Number(row.count)]));
}

/**
 * Locks one queued conversation for a decision, if it still waits (not taken, not offered,
 * still in the team); a conversation another decision holds is skipped.
 */
export async function lockQueued(executor: Executor, accountId: string, teamId: string, conversationId: string): Promise<ConversationRow | null> {
  const [row] = await executor
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.accountId, accountId), eq(conversations.teamId, teamId), sql`${conversations.assigneeId} is null`, sql`${conversations.statusKind} in (${activeKinds})`, sql`not exists (select 1 from assignment_offers o where o.conversation_id = ${conversations.id} and o.status = 'pending')`))
    .for("update", { skipLocked: true });
  return row ?? null;
}

/** Agents who refused or let expire an offer of these conversations lately: the offer moves past them. */
export async function listRefusals(executor: Executor, conversationIds: string[], since: Date): Promise<Map<string, Set<string>>> {
  const refusals = new Map<string, Set<string>>();
  if (conversationIds.length === 0) return refusals;
  const rows = await executor
    .select({ conversationId: assignmentOffers.conversationId, agentId: assignmentOffers.agentId })
    .from(assignmentOffers)
    .where(and(inArray(assignmentOffers.conversationId, conversationIds), inArray(assignmentOffers.status, ["declined", "expired"]), sql`${assignmentOffers.createdAt} >= ${since.toISOString()}::timestamptz`));
  for (const row of rows) {
    const agentsOf = refusals.get(row.conversationId) ?? new Set<string>();
    agentsOf.add(row.agentId);
    refusals.set(row.conversationId, agentsOf);
  }
  return refusals;
}

export async function findRouting(executor: Executor, conversationId: string) {
  const [row] = await executor.select().from(conversationRouting).where(eq(conversationRouting.conversationId, conversationId));
  return row ?? null;
}

export async function saveRouting(executor: Executor, values: typeof conversationRouting.$inferInsert): Promise<void> {
  const { conversationId: _conversationId, accountId: _accountId, ...changes } = values;
  await executor.insert(conversationRouting).values(values).onConflictDoUpdate({ target: conversationRouting.conversationId, set: changes });
}

/** Puts a conversation (back) at the end of its team's queue of its priority. */
export async function enqueue(executor: Executor, accountId: string, conversationId: string, at = new Date()): Promise<void> {
  await executor
    .update(conversations)
    .set({ queuedAt: at })
    .where(and(eq(conversations.accountId, accountId), eq(conversations.id, conversationId)));
}

export async function touchRotation(executor: Executor, accountId: string, teamId: string, agentId: string, at = new Date()): Promise<void> {
  await executor
    .insert(teamRotation)
    .values({ accountId, teamId, agentId, lastAssignedAt: at })
    .onConflictDoUpdate({ target: [teamRotation.teamId, teamRotation.agentId], set: { lastAssignedAt: at } });
}

export async function insertDecision(
  executor: Executor,
  values: { accountId: string; conversationId: string; teamId: string | null; agentId: string | null; outcome: AssignmentOutcome; explanation: AssignmentExplanation },
): Promise<void> {
  await executor.insert(assignmentDecisions).values(values);
}

export async function listDecisions(executor: Executor, accountId: string, conversationId: string) {
  return executor
    .select()
    .from(assignmentDecisions)
    .where(and(eq(assignmentDecisions.accountId, accountId), eq(assignmentDecisions.conversationId, conversationId)))
    .orderBy(assignmentDecisions.createdAt, assignmentDecisions.id);
}

export async function insertOffer(executor: Executor, values: typeof assignmentOffers.$inferInsert): Promise<AssignmentOfferRow> {
  const [row] = await executor.insert(assignmentOffers).values(values).returning();
  return row!;
}

export async function findOfferForUpdate(executor: Executor, accountId: string, id: string): Promise<AssignmentOfferRow | null> {
  const [row] = await executor
    .select()
    .from(assignmentOffers)
    .where(and(eq(assignmentOffers.accountId, accountId), eq(assignmentOffers.id, id)))
    .for("update");
  return row ?? null;
}

export async function findOfferById(executor: Executor, id: string): Promise<AssignmentOfferRow | null> {
  const [row] = await executor.select().from(assignmentOffers).where(eq(assignmentOffers.id, id));
  return row ?? null;
}

export async function listPendingOffersOf(executor: Executor, accountId: string, agentId: string): Promise<AssignmentOfferRow[]> {
  return executor
    .select()
    .from(assignmentOffers)
    .where(and(eq(assignmentOffers.accountId, accountId), eq(assignmentOffers.agentId, agentId), eq(assignmentOffers.status, "pending")))
    .orderBy(assignmentOffers.createdAt);
}

export async function closeOffer(executor: Executor, id: string, status: AssignmentOfferRow["status"]): Promise<AssignmentOfferRow> {
  const [row] = await executor.update(assignmentOffers).set({ status, respondedAt: new Date() }).where(eq(assignmentOffers.id, id)).returning();
  return row!;
}

/** The teams an agent works in: where freed capacity may take work next. */
export async function listTeamIdsOf(executor: Executor, accountId: string, agentId: string): Promise<string[]> {
  const rows = await executor.select({ teamId: teamMembers.teamId }).from(teamMembers).where(and(eq(teamMembers.accountId, accountId), eq(teamMembers.agentId, agentId)));
  return rows.map((row) => row.teamId);
}

export async function findAgentName(executor: Executor, agentId: string): Promise<string | null> {
  const [row] = await executor.select({ name: agents.name }).from(agents).where(eq(agents.id, agentId));
  return row?.name ?? null;
}
