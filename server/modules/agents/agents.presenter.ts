import type { AgentView } from "../../../common/views.js";
import type { AgentWithTeams } from "./agents.store.js";

export function presentAgent(agent: AgentWithTeams): AgentView {
  return {
    id: agent.id,
    name: agent.name,
    email: agent.email,
    role: agent.role,
    level: agent.level,
    skills: agent.skills,
    languages: agent.languages,
    locale: agent.locale,
    teamIds: agent.teamIds,
    isActive: agent.deactivatedAt === null,
    createdAt: agent.createdAt.toISOString(),
    presence: agent.presence,
    presenceChangedAt: agent.presenceChangedAt?.toISOString() ?? null,
    maxChats: agent.maxChats,
    maxOpenConversations: agent.maxOpenConversations,
  };
}
