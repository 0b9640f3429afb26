import { and, eq, inArray } from "drizzle-orm";
import type { TeamView } from "../../../common/views.js";
import type { ServiceDeps } from "../../context.js";
import type { AgentActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import { sqlStateOf, UNIQUE_VIOLATION } from "../../platform/db/sql-state.js";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { agents } from "../agents/agents.table.js";
import type { CreateTeamInput, UpdateTeamInput } from "./teams.schemas.js";
import * as teamStore from "./teams.store.js";
import type { TeamWithMembers } from "./teams.store.js";

export class TeamService {
  constructor(private readonly deps: Pick<ServiceDeps, "db">) {}

  list(actor: AgentActor): Promise<TeamWithMembers[]> {
    return teamStore.list(this.deps.db, actor.accountId);
  }

  async create(actor: AgentActor, input: CreateTeamInput): Promise<TeamWithMembers> {
    return this.deps.db.transaction(async (tx) => {
      const team = await teamStore.insert(tx, { accountId: actor.accountId, name: input.name, description: input.description }).catch(rethrowNameTaken);
      await setMembers(tx, actor.accountId, team.id, input.memberIds);
      const [withMembers] = await teamStore.withMembers(tx, [team]);
      return withMembers!;
    });
  }

  async update(actor: AgentActor, id: string, input: UpdateTeamInput): Promise<TeamWithMembers> {
    return this.deps.db.transaction(async (tx) => {
      const team = await teamStore.findById(tx, actor.accountId, id);
      if (!team) throw notFound();
      const { memberIds, ...fields } = input;
      const updated = Object.keys(fields).length > 0 ? await teamStore.update(tx, team.id, fields).catch(rethrowNameTaken) : team;
      if (memberIds) await setMembers(tx, actor.accountId, team.id, memberIds);
      const [withMembers] = await teamStore.withMembers(tx, [updated]);
      return withMembers!;
    });
  }

  async remove(actor: AgentActor, id: string): Promise<void> {
    const team = await teamStore.findById(this.deps.db, actor.accountId, id);
    if (!team) throw notFound();
    await teamStore.remove(this.deps.db, team.id);
  }
}

export function presentTeam(team: TeamWithMembers): TeamView {
  return { id: team.id, name: team.name, description: team.description, memberIds: team.memberIds, createdAt: team.createdAt.toISOString() };
}

async function setMembers(tx: Executor, accountId: string, teamId: string, memberIds: string[]): Promise<void> {
  const ids = [...new Set(memberIds)];
  if (ids.length > 0) {
    const found = await tx.select({ id: agents.id }).from(agents).where(and(eq(agents.accountId, accountId), inArray(agents.id, ids)));
    if (found.length !== ids.length) throw new ValidationError("agent_not_found", "One of the members is not an agent of this account.", [{ field: "body.memberIds", message: "contains an unknown agent" }]);
  }
  await teamStore.setMembers(tx, accountId, teamId, ids);
}

function rethrowNameTaken(error: unknown): never {
  if (sqlStateOf(error) === UNIQUE_VIOLATION) throw new ConflictError("team_name_taken", "A team with this name already exists.");
  throw error;
}

function notFound(): NotFoundError {
  return new NotFoundError("team_not_found", "This team does not exist.");
}
