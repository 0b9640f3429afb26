import { and, eq } from "drizzle-orm";
import type { ServiceDeps } from "../../context.js";
import type { AgentActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { RoutingRuleRow } from "../../platform/db/rows.js";
import { NotFoundError, ValidationError } from "../../platform/errors.js";
import { teams } from "../teams/teams.table.js";
import type { CreateRoutingRuleInput, UpdateRoutingRuleInput } from "./routing-rules.schemas.js";
import * as ruleStore from "./routing-rules.store.js";

/** The account's ordered routing rules: create, change, reorder, delete. */
export class RoutingRuleService {
  constructor(private readonly deps: Pick<ServiceDeps, "db">) {}

  list(actor: AgentActor): Promise<RoutingRuleRow[]> {
    return ruleStore.list(this.deps.db, actor.accountId);
  }

  async create(actor: AgentActor, input: CreateRoutingRuleInput): Promise<RoutingRuleRow> {
    return this.deps.db.transaction(async (tx) => {
      await ruleStore.lockRules(tx, actor.accountId);
      await ensureTeam(tx, actor.accountId, input.actions.teamId);
      const rules = await ruleStore.list(tx, actor.accountId);
      const position = Math.min(input.position ?? rules.length, rules.length);
      const rule = await ruleStore.insert(tx, { accountId: actor.accountId, name: input.name, isEnabled: input.isEnabled, conditions: input.conditions, actions: input.actions, position });
      const ordered = [...rules];
      ordered.splice(position, 0, rule);
      await renumber(tx, ordered);
      return (await ruleStore.findForUpdate(tx, actor.accountId, rule.id))!;
    });
  }

  async update(actor: AgentActor, id: string, input: UpdateRoutingRuleInput): Promise<RoutingRuleRow> {
    return this.deps.db.transaction(async (tx) => {
      const rule = await ruleStore.findForUpdate(tx, actor.accountId, id);
      if (!rule) throw notFound();
      if (input.actions) await ensureTeam(tx, actor.accountId, input.actions.teamId);
      if (Object.keys(input).length === 0) return rule;
      return ruleStore.update(tx, rule.id, input);
    });
  }

  async remove(actor: AgentActor, id: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      await ruleStore.lockRules(tx, actor.accountId);
      const rule = await ruleStore.findForUpdate(tx, actor.accountId, id);
      if (!rule) throw notFound();
      await ruleStore.remove(tx, rule.id);
      await renumber(tx, await ruleStore.list(tx, actor.accountId));
    });
  }

  /** Puts the rules in the given order; the list must name every rule of the account once. */
  async reorder(actor: AgentActor, ruleIds: string[]): Promise<RoutingRuleRow[]> {
    return this.deps.db.transaction(async (tx) => {
      await ruleStore.lockRules(tx, actor.accountId);
      const rules = await ruleStore.list(tx, actor.accountId);
      const byId = new Map(rules.map((rule) => [rule.id, rule]));
      if (new Set(ruleIds).size !== ruleIds.length || ruleIds.length !== rules.length || ruleIds.some((ruleId) => !byId.has(ruleId))) {
        throw new ValidationError("routing_rules_mismatch", "Name every routing rule of the account exactly once.", [{ field: "body.ruleIds", message: "must list every rule once" }]);
      }
      await renumber(tx, ruleIds.map((ruleId) => byId.get(ruleId)!));
      return ruleStore.list(tx, actor.accountId);
    });
  }
}

async function renumber(executor: Executor, ordered: RoutingRuleRow[]): Promise<void> {
  for (const [position, rule] of ordered.entries()) {
    if (rule.position !== position) await ruleStore.update(executor, rule.id, { position });
  }
}

async function ensureTeam(executor: Executor, accountId: string, teamId: string | null): Promise<void> {
  if (!teamId) return;
  const [team] = await executor.select({ id: teams.id }).from(teams).where(and(eq(teams.accountId, accountId), eq(teams.id, teamId)));
  if (!team) throw new ValidationError("team_not_found", "This team does not exist.", [{ field: "body.actions.teamId", message: "does not exist" }]);
}

function notFound(): NotFoundError {
  return new NotFoundError("routing_rule_not_found", "This routing rule does not exist.");
}
