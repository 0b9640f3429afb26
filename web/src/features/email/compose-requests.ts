import { useSyncExternalStore } from "react";
import type { EmailComposeMode } from "./email-compose";

/** "Reply all to this mail" from a message in the thread, for the composer below it. */
export type ComposeRequest = { conversationId: string; mode: EmailComposeMode; messageId: string; sequence: number };

let latest: ComposeRequest | null = null;
let sequence = 0;
const listeners = new Set<() => void>();

export function requestEmailCompose(request: Omit<ComposeRequest, "sequence">): void {
  sequence += 1;
  latest = { ...request, sequence };
  for (const notify of listeners) notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The newest request for this conversation, if any. */
export function useComposeRequest(conversationId: string): ComposeRequest | null {
  const request = useSyncExternalStore(subscribe, () => latest);
  return request?.conversationId === conversationId ? request : null;
}
