import type { Role } from "../../common/domain.js";

/** Who is acting: every service call takes one, and every recorded event names it. */
export type Actor =
  | { type: "agent"; id: string; accountId: string; role: Role; name: string }
  | { type: "channel"; id: string; accountId: string }
  | { type: "system"; id: null; accountId: string }
  /** The bot answering customers; channel-independent. */
  | { type: "bot"; id: null; accountId: string };

export type AgentActor = Extract<Actor, { type: "agent" }>;

export const systemActor = (accountId: string): Actor => ({ type: "system", id: null, accountId });

export const botActor = (accountId: string): Actor => ({ type: "bot", id: null, accountId });
