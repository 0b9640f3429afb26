import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { AgentPresence } from "../../../common/domain.js";
import type { ServiceDeps } from "../../context.js";
import type { AgentActor } from "../../platform/actor.js";
import type { Executor, SqlResult } from "../../platform/db/database.js";
import type { ConnectionObserver } from "../../platform/realtime/connection-observer.js";
import { presentAgent } from "../agents/agents.presenter.js";
import * as agentStore from "../agents/agents.store.js";
import type { AgentWithTeams } from "../agents/agents.store.js";
import { agents } from "../agents/agents.table.js";
import { agentConnections } from "./agent-connections.table.js";

export type PresenceOptions = {
  /** This process's id in `agent_connections`. */
  nodeId: string;
  /** A connection whose process stopped refreshing it for this long is gone (a crashed process). */
  staleAfterMs?: number;
};

/**
 * Agent presence from the database's list of live connections, across all processes:
 * offline without a connection, away by choice or after inactivity in every tab, online
 * otherwise. Every change is recorded as `agent.presence_changed`, which the realtime hub
 * carries to the agent app.
 */
export class PresenceService implements ConnectionObserver {
  private readonly staleAfterMs: number;

  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "events" | "config">,
    private readonly options: PresenceOptions,
  ) {
    this.staleAfterMs = options.staleAfterMs ?? 45_000;
  }

  async opened(connectionId: string, actor: AgentActor): Promise<void> {
    await this.deps.db.insert(agentConnections).values({ id: connectionId, accountId: actor.accountId, agentId: actor.id, nodeId: this.options.nodeId }).onConflictDoNothing();
    await this.refresh(actor.accountId, actor.id);
  }

  async closed(connectionId: string, actor: AgentActor): Promise<void> {
    await this.deps.db.delete(agentConnections).where(eq(agentConnections.id, connectionId));
    await this.refresh(actor.accountId, actor.id);
  }

  async activity(connectionId: string, actor: AgentActor): Promise<void> {
    await this.deps.db.update(agentConnections).set({ lastActivityAt: new Date() }).where(eq(agentConnections.id, connectionId));
    await this.refresh(actor.accountId, actor.id);
  }

  /** Keeps this process's connections alive, drops those of dead processes, and turns idle agents away. */
  async heartbeat(connectionIds: string[]): Promise<void> {
    const now = Date.now();
    if (connectionIds.length > 0) await this.deps.db.update(agentConnections).set({ lastSeenAt: new Date(now) }).where(inArray(agentConnections.id, connectionIds));
    const gone = await this.deps.db
      .delete(agentConnections)
      .where(lt(agentConnections.lastSeenAt, new Date(now - this.staleAfterMs)))
      .returning({ accountId: agentConnections.accountId, agentId: agentConnections.agentId });
    const awayAfter = new Date(now - this.deps.config.agentAwayAfterSeconds * 1000);
    // Online agents who went idle in every tab, and agents shown present without any connection left.
    const drifted = (await this.deps.db.execute(sql`
      select a.account_id, a.id as agent_id from agents a
      where a.presence <> 'offline' and not exists (select 1 from agent_connections c where c.agent_id = a.id)
      union
      select a.account_id, a.id from agents a
      where a.presence = 'online' and (select max(c.last_activity_at) from agent_connections c where c.agent_id = a.id) < ${awayAfter.toISOString()}::timestamptz`)) as unknown as SqlResult;
    const toRefresh = new Map<string, string>();
    for (const row of gone) toRefresh.set(row.agentId, row.accountId);
    for (const row of drifted.rows) toRefresh.set(String(row.agent_id), String(row.account_id));
    for (const [agentId, accountId] of toRefresh) await this.refresh(accountId, agentId);
  }

  /** The agent's own choice: `away` stops new work while they stay connected. */
  async choose(actor: AgentActor, choice: "online" | "away"): Promise<AgentWithTeams> {
    return this.deps.db.transaction(async (tx) => {
      await tx.update(agents).set({ presenceChoice: choice }).where(and(eq(agents.accountId, actor.accountId), eq(agents.id, actor.id)));
      // Choosing online is activity too: the agent is at the desk right now.
      if (choice === "online") await tx.update(agentConnections).set({ lastActivityAt: new Date() }).where(eq(agentConnections.agentId, actor.id));
      return this.refreshIn(tx, actor.accountId, actor.id);
    });
  }

  /** Recomputes an agent's presence and records the change, if any. */
  async refresh(accountId: string, agentId: string): Promise<void> {
    await this.deps.db.transaction((tx) => this.refreshIn(tx, accountId, agentId));
  }

  private async refreshIn(tx: Executor, accountId: string, agentId: string): Promise<AgentWithTeams> {
    const agent = await agentStore.findForUpdate(tx, accountId, agentId);
    if (!agent) throw new Error(`agent ${agentId} not found`);
    const [connections] = await tx
      .select({ count: sql<number>`count(*)::int`, lastActivityAt: sql<string | null>`max(${agentConnections.lastActivityAt})` })
      .from(agentConnections)
      .where(eq(agentConnections.agentId, agentId));
    const presence = presenceOf({
      connectionCount: Number(connections?.count ?? 0),
      lastActivityAt: connections?.lastActivityAt ? new Date(connections.lastActivityAt) : null,
      choice: agent.presenceChoice,
      awayAfterMs: this.deps.config.agentAwayAfterSeconds * 1000,
    });
    const [withTeams] = await agentStore.withTeams(tx, [presence === agent.presence ? agent : await agentStore.update(tx, agent.id, { presence, presenceChangedAt: new Date() })]);
    if (presence !== agent.presence) {
      await this.deps.events.record(tx, accountId, {
        name: "agent.presence_changed",
        actor: { type: "system", id: null, accountId },
        data: { agent: presentAgent(withTeams!), from: agent.presence, to: presence },
      });
    }
    return withTeams!;
  }
}

/** Presence from the facts: no connection is offline; a choice of away or idleness is away. */
export function presenceOf(input: { connectionCount: number; lastActivityAt: Date | null; choice: "online" | "away"; awayAfterMs: number; now?: number }): AgentPresence {
  if (input.connectionCount === 0) return "offline";
  if (input.choice === "away") return "away";
  const idleFor = (input.now ?? Date.now()) - (input.lastActivityAt?.getTime() ?? 0);
  return idleFor >= input.awayAfterMs ? "away" : "online";
}
