import type { PresenceState } from "../../../common/domain.js";

export type PresenceEntry = { agentId: string; name: string; state: PresenceState; expiresAt: number };

/** How long a presence lasts without a heartbeat; typing fades faster than viewing. */
export const PRESENCE_TTL_MS: Record<PresenceState, number> = { viewing: 45_000, typing: 8_000 };

/**
 * Who is on which conversation, across all Caredesk processes. Every process keeps the
 * whole picture, fed by presence notifications; entries expire unless refreshed, so a
 * crashed process's agents fade out by themselves.
 */
export class PresenceBoard {
  private readonly byConversation = new Map<string, Map<string, PresenceEntry>>();

  constructor(private readonly ttlMs: Record<PresenceState, number> = PRESENCE_TTL_MS) {}

  /** Applies a change; returns true if what agents see changed. */
  apply(accountId: string, conversationId: string, agent: { id: string; name: string }, state: PresenceState | "left", now = Date.now()): boolean {
    const key = `${accountId}:${conversationId}`;
    const entries = this.byConversation.get(key) ?? new Map<string, PresenceEntry>();
    const before = entries.get(agent.id);
    if (state === "left") {
      entries.delete(agent.id);
    } else {
      entries.set(agent.id, { agentId: agent.id, name: agent.name, state, expiresAt: now + this.ttlMs[state] });
    }
    if (entries.size === 0) this.byConversation.delete(key);
    else this.byConversation.set(key, entries);
    return before?.state !== (state === "left" ? undefined : state);
  }

  agentsOn(accountId: string, conversationId: string, now = Date.now()): PresenceEntry[] {
    const entries = this.byConversation.get(`${accountId}:${conversationId}`);
    if (!entries) return [];
    return [...entries.values()].filter((entry) => entry.expiresAt > now).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every conversation of the account with someone on it. */
  snapshot(accountId: string, now = Date.now()): Array<{ conversationId: string; agents: PresenceEntry[] }> {
    const prefix = `${accountId}:`;
    const result = [];
    for (const key of this.byConversation.keys()) {
      if (!key.startsWith(prefix)) continue;
      const conversationId = key.slice(prefix.length);
      const agents = this.agentsOn(accountId, conversationId, now);
      if (agents.length > 0) result.push({ conversationId, agents });
    }
    return result;
  }

  /** Drops expired entries; returns the conversations whose presence changed. */
  sweep(now = Date.now()): Array<{ accountId: string; conversationId: string }> {
    const changed = [];
    for (const [key, entries] of this.byConversation) {
      let hasChanged = false;
      for (const [agentId, entry] of entries) {
        if (entry.expiresAt <= now) {
          entries.delete(agentId);
          hasChanged = true;
        }
      }
      if (entries.size === 0) this.byConversation.delete(key);
      if (hasChanged) {
        const [accountId, conversationId] = key.split(":") as [string, string];
        changed.push({ accountId, conversationId });
      }
    }
    return changed;
  }
}
