import type { AgentActor } from "../actor.js";

/**
 * Told about every agent connection of this process: what agent presence (online, away,
 * offline) is derived from. Calls for one connection arrive in order.
 */
export interface ConnectionObserver {
  opened(connectionId: string, actor: AgentActor): Promise<void>;
  closed(connectionId: string, actor: AgentActor): Promise<void>;
  /** The agent used the app in this tab. */
  activity(connectionId: string, actor: AgentActor): Promise<void>;
  /** Periodically, with every connection this process holds. */
  heartbeat(connectionIds: string[]): Promise<void>;
}
