import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { ServiceDeps } from "../../context.js";
import type { AgentActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors.js";
import * as authStore from "../auth/auth.store.js";
import { hashPassword } from "../auth/secrets.js";
import { teamMembers, teams } from "../teams/teams.table.js";
import { presentAgent } from "./agents.presenter.js";
import * as agentStore from "./agents.store.js";
import type { AgentWithTeams } from "./agents.store.js";
import type { CreateAgentInput, UpdateAgentInput } from "./agents.schemas.js";

export class AgentService {
  constructor(private readonly deps: Pick<ServiceDeps, "db" | "events">) {}

  list(actor: AgentActor): Promise<AgentWithTeams[]> {
    return agentStore.list(this.deps.db, actor.accountId);
  }

  async get(actor: AgentActor, id: string): Promise<AgentWithTeams> {
    const agent = await agentStore.findById(this.deps.db, actor.accountId, id);
    if (!agent) throw new NotFoundError("agent_not_found", "This agent does not exist.");
    const [withTeams] = await agentStore.withTeams(this.deps.db, [agent]);
    return withTeams!;
  }

  async create(actor: AgentActor, input: CreateAgentInput): Promise<AgentWithTeams> {
    const passwordHash = await hashPassword(input.password);
    return this.deps.db.transaction(async (tx) => {
      if (await agentStore.findByEmail(tx, input.email)) {
        throw new ConflictError("agent_email_taken", "An agent with this email address already exists.");
      }
      const agent = await agentStore.insert(tx, {
        accountId: actor.accountId,
        email: input.email.toLowerCase(),
        name: input.name,
        role: input.role,
        level: input.level,
        skills: input.skills,
        languages: input.languages,
        locale: input.locale,
        passwordHash,
        ...(input.maxChats === undefined ? {} : { maxChats: input.maxChats }),
        ...(input.maxOpenConversations === undefined ? {} : { maxOpenConversations: input.maxOpenConversations }),
      });
      await setTeams(tx, actor.accountId, agent.id, input.teamIds);
      const [withTeams] = await agentStore.withTeams(tx, [agent]);
      return withTeams!;
    });
  }

  /** An agent's own name and language; everything else about an agent is an admin's to change. */
  async updateProfile(actor: AgentActor, input: Pick<UpdateAgentInput, "name" | "locale">): Promise<AgentWithTeams> {
    return this.deps.db.transaction(async (tx) => {
      const agent = await agentStore.findForUpdate(tx, actor.accountId, actor.id);
      if (!agent) throw new NotFoundError("agent_not_found", "This agent does not exist.");
      const updated = await agentStore.update(tx, agent.id, { name: input.name ?? agent.name, locale: input.locale ?? agent.locale });
      const [withTeams] = await agentStore.withTeams(tx, [updated]);
      return withTeams!;
    });
  }

  async update(actor: AgentActor, id: string, input: UpdateAgentInput): Promise<AgentWithTeams> {
    return this.deps.db.transaction(async (tx) => {
      const agent = await agentStore.findForUpdate(tx, actor.accountId, id);
      if (!agent) throw new NotFoundError("agent_not_found", "This agent does not exist.");
      if (agent.id === actor.id && (input.role !== undefined && input.role !== "admin" || input.isActive === false)) {
        throw new ForbiddenError("forbidden", "You cannot remove your own admin role or deactivate yourself.");
      }
      const { teamIds, isActive, ...fields } = input;
      const updated = await agentStore.update(tx, agent.id, {
        ...fields,
        ...(isActive === undefined ? {} : { deactivatedAt: isActive ? null : (agent.deactivatedAt ?? new Date()) }),
      });
      if (teamIds) await setTeams(tx, actor.accountId, agent.id, teamIds);
      // Deactivation ends every login at once; reactivation must not revive them.
      if (isActive === false && agent.deactivatedAt === null) await authStore.endAllAccess(tx, agent.id);
      const [withTeams] = await agentStore.withTeams(tx, [updated]);
      const changes = Object.keys(input).filter((key) => key === "teamIds" || key === "isActive" || JSON.stringify(input[key as keyof UpdateAgentInput]) !== JSON.stringify(agent[key as keyof typeof agent]));
      // Capacity, skills or teams may let queued work through: routing listens for this.
      if (changes.length > 0) await this.deps.events.record(tx, actor.accountId, { name: "agent.updated", actor, data: { agent: presentAgent(withTeams!), changes } });
      return withTeams!;
    });
  }
}

async function setTeams(tx: Executor, accountId: string, agentId: string, teamIds: string[]): Promise<void> {
  const uniqueTeamIds = [...new Set(teamIds)];
  if (uniqueTeamIds.length > 0) {
    const found = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.accountId, accountId), inArray(teams.id, uniqueTeamIds)));
    if (found.length !== uniqueTeamIds.length) throw new ValidationError("team_not_found", "One of the teams does not exist.");
  }
  await tx
    .delete(teamMembers)
    .where(and(eq(teamMembers.agentId, agentId), uniqueTeamIds.length > 0 ? notInArray(teamMembers.teamId, uniqueTeamIds) : undefined));
  if (uniqueTeamIds.length > 0) {
    await tx
      .insert(teamMembers)
      .values(uniqueTeamIds.map((teamId) => ({ accountId, teamId, agentId })))
      .onConflictDoNothing();
  }
}
