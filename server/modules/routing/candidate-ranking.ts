import type { AssignmentExplanation, AssignmentReason, AssignmentStrategy } from "../../../common/routing.js";
import type { AgentLoad } from "./assignment.store.js";
import { primaryLanguage } from "./rule-matching.js";

/** What a conversation asks of the agent who takes it. */
export type Requirement = { level: 1 | 2 | 3; language: string | null; skills: string[]; isRealTime: boolean };

/** Whether one more conversation fits: offers awaiting an answer hold a slot too. */
export function hasRoom(load: AgentLoad, isRealTime: boolean): boolean {
  if (load.openConversations + load.pendingOffers >= load.maxOpenConversations) return false;
  return !isRealTime || load.chats + load.pendingOffers < load.maxChats;
}

export function qualifies(load: AgentLoad, requirement: Requirement): boolean {
  if (load.level < requirement.level) return false;
  if (requirement.language && !load.languages.some((language) => primaryLanguage(language) === requirement.language)) return false;
  const skills = new Set(load.skills.map((skill) => skill.toLowerCase()));
  return requirement.skills.every((skill) => skills.has(skill.toLowerCase()));
}

/**
 * The agents who may take the conversation, best first: the closest level (experts stay
 * free for what needs them), then the team's strategy; only agents with room.
 */
export function rankCandidates(loads: readonly AgentLoad[], requirement: Requirement, strategy: Exclude<AssignmentStrategy, "manual">, excluded: ReadonlySet<string> = new Set()): AgentLoad[] {
  const eligible = loads.filter((load) => load.presence === "online" && !excluded.has(load.id) && qualifies(load, requirement) && hasRoom(load, requirement.isRealTime));
  return eligible.sort((a, b) => a.level - b.level || (strategy === "least_loaded" ? byLoad(a, b) : 0) || byTurn(a, b) || a.id.localeCompare(b.id));
}

function byLoad(a: AgentLoad, b: AgentLoad): number {
  const share = (load: AgentLoad) => (load.openConversations + load.pendingOffers) / Math.max(1, load.maxOpenConversations);
  return share(a) - share(b) || a.openConversations + a.pendingOffers - (b.openConversations + b.pendingOffers);
}

/** The agent who waited longest since their last conversation from this team goes first. */
function byTurn(a: AgentLoad, b: AgentLoad): number {
  return (a.lastAssignedAt?.getTime() ?? 0) - (b.lastAssignedAt?.getTime() ?? 0);
}

/** The stored reasons of a decision, with a short English summary for API readers. */
export function explain(reason: AssignmentReason, strategy: AssignmentStrategy | null, load: AgentLoad | null, requirement: Requirement): AssignmentExplanation {
  const parts: string[] = [reasonText[reason]];
  if (load) {
    parts.push(`level ${load.level}`);
    if (requirement.language) parts.push(`speaks ${requirement.language}`);
    if (requirement.skills.length > 0) parts.push(`skills ${requirement.skills.join(", ")}`);
    parts.push(`${load.openConversations + load.pendingOffers} of ${load.maxOpenConversations} open conversations`);
    if (requirement.isRealTime) parts.push(`${load.chats + load.pendingOffers} of ${load.maxChats} chats`);
  } else {
    if (requirement.level > 1) parts.push(`needs level ${requirement.level}`);
    if (requirement.language) parts.push(`needs ${requirement.language}`);
    if (requirement.skills.length > 0) parts.push(`needs ${requirement.skills.join(", ")}`);
  }
  return {
    reason,
    strategy,
    agent: load ? { id: load.id, name: load.name, level: load.level } : null,
    requiredLevel: requirement.level,
    language: requirement.language,
    skills: requirement.skills,
    openConversations: load ? load.openConversations + load.pendingOffers : null,
    maxOpenConversations: load?.maxOpenConversations ?? null,
    chats: load ? load.chats + load.pendingOffers : null,
    maxChats: load?.maxChats ?? null,
    isRealTime: requirement.isRealTime,
    summary: parts.join(", "),
  };
}

const reasonText: Record<AssignmentReason, string> = {
  account_manager: "account manager",
  round_robin: "round robin",
  least_loaded: "least loaded",
  offer_accepted: "accepted the offer",
  taken_from_queue: "taken from the queue",
  no_agent_available: "waits in the team queue: no agent available",
  manual_queue: "waits in the team queue: the team assigns by hand",
};
