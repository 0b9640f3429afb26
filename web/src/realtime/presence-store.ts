import type { PresenceState } from "../../../common/domain";

export type PresentAgent = { id: string; name: string; state: PresenceState };

const none: PresentAgent[] = [];

/** Who views or types on which conversation, as the server last said; read with useSyncExternalStore. */
export class PresenceStore {
  private byConversation = new Map<string, PresentAgent[]>();
  private readonly listeners = new Set<() => void>();

  set(conversationId: string, agents: PresentAgent[]): void {
    const next = new Map(this.byConversation);
    if (agents.length === 0) next.delete(conversationId);
    else next.set(conversationId, agents);
    this.byConversation = next;
    this.notify();
  }

  clear(): void {
    if (this.byConversation.size === 0) return;
    this.byConversation = new Map();
    this.notify();
  }

  agentsOn(conversationId: string): PresentAgent[] {
    return this.byConversation.get(conversationId) ?? none;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
