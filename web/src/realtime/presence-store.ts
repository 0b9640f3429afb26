import type { PresenceState } from "../../../common/domain";

export type PresentAgent = { id: string; name: string; state: PresenceState };

const none: PresentAgent[] = [];
/** A customer's typing fades by itself if the "stopped" never comes (a closed browser tab). */
const CUSTOMER_TYPING_FADE_MS = 8_000;

/** Who views or types on which conversation, as the server last said; read with useSyncExternalStore. */
export class PresenceStore {
  private byConversation = new Map<string, PresentAgent[]>();
  private readonly listeners = new Set<() => void>();
  private customerTyping = new Map<string, ReturnType<typeof setTimeout>>();

  set(conversationId: string, agents: PresentAgent[]): void {
    const next = new Map(this.byConversation);
    if (agents.length === 0) next.delete(conversationId);
    else next.set(conversationId, agents);
    this.byConversation = next;
    this.notify();
  }

  clear(): void {
    if (this.byConversation.size === 0 && this.customerTyping.size === 0) return;
    for (const timer of this.customerTyping.values()) clearTimeout(timer);
    this.byConversation = new Map();
    this.customerTyping = new Map();
    this.notify();
  }

  /** The customer is (no longer) typing in a live channel (the website chat). */
  setCustomerTyping(conversationId: string, isTyping: boolean): void {
    const next = new Map(this.customerTyping);
    const previous = next.get(conversationId);
    if (previous) clearTimeout(previous);
    if (isTyping) next.set(conversationId, setTimeout(() => this.setCustomerTyping(conversationId, false), CUSTOMER_TYPING_FADE_MS));
    else if (!previous) return;
    else next.delete(conversationId);
    this.customerTyping = next;
    this.notify();
  }

  isCustomerTyping(conversationId: string): boolean {
    return this.customerTyping.has(conversationId);
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
