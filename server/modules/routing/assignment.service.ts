import { and, asc, eq, sql } from "drizzle-orm";
import { activeStatusKinds, realTimeChannelTypes, type StatusKind } from "../../../common/domain.js";
import type { AssignmentExplanation, AssignmentStrategy } from "../../../common/routing.js";
import type { ServiceDeps } from "../../context.js";
import { type AgentActor, systemActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { AssignmentOfferRow, ConversationRow } from "../../platform/db/rows.js";
import { ConflictError, NotFoundError } from "../../platform/errors.js";
import { channels } from "../channels/channels.table.js";
import { presentConversation } from "../conversations/conversations.presenter.js";
import type { ConversationService } from "../conversations/conversations.service.js";
import * as conversationStore from "../conversations/conversations.store.js";
import type { ConversationDetails } from "../conversations/conversations.store.js";
import { customers } from "../customers/customers.table.js";
import { teamMembers, teams } from "../teams/teams.table.js";
import { teamAssignmentSettings } from "./routing.table.js";
import { messages } from "../messages/messages.table.js";
import * as assignmentStore from "./assignment.store.js";
import type { AgentLoad, TeamSettings } from "./assignment.store.js";
import { explain, hasRoom, qualifies, rankCandidates, type Requirement } from "./candidate-ranking.js";
import { drainTeamQueueJob } from "./jobs/drain-team-queue.job.js";
import { expireOfferJob } from "./jobs/expire-offer.job.js";
import { presentOffer } from "./routing.presenter.js";
import * as ruleStore from "./routing-rules.store.js";
import { firstMatchingRule, primaryLanguage, type RoutingFacts } from "./rule-matching.js";

export type AssignmentOptions = {
  /** How many queued conversations one drain looks at; the rest wait for the next. */
  drainBatchSize?: number;
  /** An agent who declined or let an offer expire is skipped for that conversation this long. */
  refusalMemoryMs?: number;
};

/** Advisory-lock namespace of team queues: one drain per team at a time, across processes. */
const TEAM_LOCK_NAMESPACE = 720_731_101;

const isRealTime = (channelType: string) => (realTimeChannelTypes as readonly string[]).includes(channelType);
const isActive = (kind: StatusKind) => (activeStatusKinds as readonly StatusKind[]).includes(kind);

/**
 * Routing and assignment: rules on new conversations, key accounts, team queues drained
 * within capacity by the team's strategy, and offers of real-time conversations that move
 * on when declined or expired. Every decision is stored with its reasons.
 */
export class AssignmentService {
  private readonly drainBatchSize: number;
  private readonly refusalMemoryMs: number;

  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "events" | "jobs">,
    private readonly conversations: ConversationService,
    options: AssignmentOptions = {},
  ) {
    this.drainBatchSize = options.drainBatchSize ?? 25;
    this.refusalMemoryMs = options.refusalMemoryMs ?? 10 * 60_000;
  }

  /**
   * Applies the first matching routing rule to a new conversation, then hands it to its
   * account manager or its team's queue. Runs once per conversation (idempotent).
   */
  async route(accountId: string, conversationId: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const conversation = await conversationStore.findForUpdate(tx, accountId, conversationId);
      if (!conversation || conversation.assigneeId || !isActive(conversation.statusKind)) return;
      const routing = await assignmentStore.findRouting(tx, conversationId);
      if (routing?.routedAt) return;
      const actor = systemActor(accountId);
      const { facts, accountManagerId } = await this.factsOf(tx, conversation);
      const rule = firstMatchingRule(await ruleStore.list(tx, accountId), facts);
      let current = conversation;
      if (rule) {
        const { teamId, level, priority, tags } = rule.actions;
        const changes = {
          ...(teamId ? { teamId } : {}),
          ...(level ? { level } : {}),
          ...(priority ? { priority } : {}),
          ...(tags.length > 0 ? { tags: [...new Set([...conversation.tags, ...tags])] } : {}),
        };
        if (Object.keys(changes).length > 0) {
          await this.conversations.change(tx, actor, conversation, changes, {}, { kind: "routing", explanation: null });
          current = (await conversationStore.findForUpdate(tx, accountId, conversationId))!;
        }
      }
      const now = new Date();
      await assignmentStore.saveRouting(tx, { accountId, conversationId, ruleId: rule?.id ?? null, requiredSkills: rule?.actions.skills ?? [], routedAt: now });
      await assignmentStore.enqueue(tx, accountId, conversationId, now);
      const details = await this.conversations.details(tx, current);
      await this.deps.events.record(tx, accountId, {
        name: "conversation.routed",
        actor,
        conversationId,
        data: { conversation: presentConversation(details), ruleId: rule?.id ?? null, ruleName: rule?.name ?? null },
      });
      const requirement = this.requirementOf(current, facts.channelType, rule?.actions.skills ?? []);
      if (accountManagerId && (await this.tryAccountManager(tx, current, accountManagerId, requirement))) return;
      if (!current.teamId) return;
      const settings = await assignmentStore.findTeamSettings(tx, accountId, current.teamId);
      const handled = await this.drainIn(tx, accountId, current.teamId);
      if (!handled.has(conversationId)) {
        const reason = settings?.strategy === "manual" ? "manual_queue" : "no_agent_available";
        await assignmentStore.insertDecision(tx, { accountId, conversationId, teamId: current.teamId, agentId: null, outcome: "queued", explanation: explain(reason, settings?.strategy ?? null, null, requirement) });
      }
    });
  }

  /** Works a team's queue (own transaction); called whenever capacity may have freed up. */
  async drain(accountId: string, teamId: string): Promise<number> {
    return this.deps.db.transaction(async (tx) => (await this.drainIn(tx, accountId, teamId)).size);
  }

  /**
   * Hands queued conversations, in queue order, to agents with room, inside the caller's
   * transaction. The team's advisory lock serialises drains of one team; the agent's row
   * lock (taken before their load is read) keeps two teams from filling the same agent twice.
   */
  async drainIn(tx: Executor, accountId: string, teamId: string): Promise<Set<string>> {
    const handled = new Set<string>();
    const settings = await assignmentStore.findTeamSettings(tx, accountId, teamId);
    if (!settings || settings.strategy === "manual") return handled;
    await tx.execute(sql`select pg_advisory_xact_lock(${TEAM_LOCK_NAMESPACE}, hashtext(${teamId}))`);
    const candidates = await assignmentStore.listAvailableMembers(tx, accountId, teamId);
    const skipped = { isAgentLocked: false };
    await this.drainBatches(tx, accountId, settings, candidates, handled, skipped);
    // An agent held by another decision may have had room: look again shortly, durably.
    if (skipped.isAgentLocked) await this.deps.jobs.enqueue(tx, drainTeamQueueJob, { accountId, teamId }, { startAfter: new Date(Date.now() + 1000), singletonKey: `drain:${teamId}` });
    return handled;
  }

  private async drainBatches(tx: Executor, accountId: string, settings: TeamSettings, candidates: AgentLoad[], handled: Set<string>, skipped: { isAgentLocked: boolean }): Promise<void> {
    const teamId = settings.teamId;
    for (;;) {
      if (!candidates.some((candidate) => hasRoom(candidate, false))) return;
      // Read without row locks (the team lock keeps other drains out); each pick is locked on its own.
      const queue = await assignmentStore.listQueueHeads(tx, accountId, teamId, this.drainBatchSize);
      const refusals = await assignmentStore.listRefusals(
        tx,
        queue.map((item) => item.id),
        new Date(Date.now() - this.refusalMemoryMs),
      );
      let handledInBatch = 0;
      for (const item of queue) {
        if (!candidates.some((candidate) => hasRoom(candidate, false))) break;
        const requirement = this.requirementOf(item, item.channelType, item.requiredSkills);
        const outcome = await this.placeWithCandidates(tx, item, settings, candidates, requirement, refusals.get(item.id), skipped);
        if (outcome) {
          handled.add(item.id);
          handledInBatch += 1;
        }
      }
      // Unplaceable conversations stay at the head; a further batch would show them again.
      if (queue.length < this.drainBatchSize || handledInBatch < queue.length) return;
    }
  }

  private async placeWithCandidates(
    tx: Executor,
    queued: assignmentStore.QueueHead,
    settings: TeamSettings,
    candidates: AgentLoad[],
    requirement: Requirement,
    refused: Set<string> | undefined,
    skipped: { isAgentLocked: boolean },
  ): Promise<boolean> {
    const strategy = settings.strategy as Exclude<AssignmentStrategy, "manual">;
    const ranked = rankCandidates(candidates, requirement, strategy, refused);
    if (ranked.length === 0) return false;
    const conversation = await assignmentStore.lockQueued(tx, queued.accountId, settings.teamId, queued.id);
    if (!conversation) return false; // taken, offered or moved meanwhile
    for (const candidate of ranked) {
      const fresh = await assignmentStore.lockAgentLoad(tx, conversation.accountId, candidate.id);
      if (!fresh) {
        skipped.isAgentLocked = true; // another decision holds this agent right now
        continue;
      }
      Object.assign(candidate, { ...fresh, lastAssignedAt: candidate.lastAssignedAt });
      if (fresh.presence !== "online" || !hasRoom(fresh, requirement.isRealTime)) continue;
      const explanation = explain(strategy, strategy, fresh, requirement);
      await this.give(tx, conversation, fresh, settings, explanation, requirement.isRealTime);
      if (requirement.isRealTime) candidate.pendingOffers += 1;
      else candidate.openConversations += 1;
      candidate.lastAssignedAt = new Date();
      await assignmentStore.touchRotation(tx, conversation.accountId, settings.teamId, fresh.id, candidate.lastAssignedAt);
      return true;
    }
    return false;
  }

  /** A key account's conversation goes to its account manager first, if they are online with room. */
  private async tryAccountManager(tx: Executor, conversation: ConversationRow, accountManagerId: string, requirement: Requirement): Promise<boolean> {
    const load = await assignmentStore.lockAgentLoad(tx, conversation.accountId, accountManagerId);
    if (!load || load.presence !== "online" || !hasRoom(load, requirement.isRealTime)) return false;
    const settings = conversation.teamId ? await assignmentStore.findTeamSettings(tx, conversation.accountId, conversation.teamId) : null;
    const explanation = explain("account_manager", settings?.strategy ?? null, load, { ...requirement, language: qualifies(load, requirement) ? requirement.language : null });
    await this.give(tx, conversation, load, settings ?? { teamId: conversation.teamId ?? "", strategy: "manual", offerTimeoutSeconds: 30 }, explanation, requirement.isRealTime);
    return true;
  }

  /** Real-time conversations are offered (the customer waits live); the rest are assigned. */
  private async give(tx: Executor, conversation: ConversationRow, agent: AgentLoad, settings: TeamSettings, explanation: AssignmentExplanation, isRealTimeWork: boolean): Promise<void> {
    const teamId = conversation.teamId;
    if (!isRealTimeWork) {
      await this.conversations.change(tx, systemActor(conversation.accountId), conversation, { assigneeId: agent.id }, {}, { kind: "routing", explanation });
      await assignmentStore.insertDecision(tx, { accountId: conversation.accountId, conversationId: conversation.id, teamId, agentId: agent.id, outcome: "assigned", explanation });
      return;
    }
    const expiresAt = new Date(Date.now() + settings.offerTimeoutSeconds * 1000);
    const offer = await assignmentStore.insertOffer(tx, { accountId: conversation.accountId, conversationId: conversation.id, agentId: agent.id, teamId, explanation, expiresAt });
    await this.deps.jobs.enqueue(tx, expireOfferJob, { offerId: offer.id }, { startAfter: expiresAt, singletonKey: offer.id });
    await assignmentStore.insertDecision(tx, { accountId: conversation.accountId, conversationId: conversation.id, teamId, agentId: agent.id, outcome: "offered", explanation });
    await this.recordOffer(tx, "assignment.offered", offer, conversation);
  }

  /** The offered agent takes the conversation. */
  async accept(actor: AgentActor, offerId: string): Promise<AssignmentOfferRow> {
    const result = await this.deps.db.transaction(async (tx) => {
      const offer = await this.findOwnOffer(tx, actor, offerId);
      if (offer.status !== "pending") return { offer, problem: "closed" as const };
      if (offer.expiresAt.getTime() <= Date.now()) return { offer, problem: "expired" as const };
      const conversation = await conversationStore.findForUpdate(tx, actor.accountId, offer.conversationId);
      if (!conversation || conversation.assigneeId || !isActive(conversation.statusKind)) {
        // Someone else took it meanwhile: the offer is void.
        const withdrawn = await assignmentStore.closeOffer(tx, offer.id, "withdrawn");
        if (conversation) await this.recordOffer(tx, "assignment.offer_closed", withdrawn, conversation);
        return { offer: withdrawn, problem: "taken" as const };
      }
      const accepted = await assignmentStore.closeOffer(tx, offer.id, "accepted");
      const explanation: AssignmentExplanation = { ...offer.explanation, reason: "offer_accepted", summary: `accepted the offer, ${offer.explanation.summary}` };
      await this.conversations.change(tx, actor, conversation, { assigneeId: actor.id }, {}, { kind: "routing", explanation });
      await assignmentStore.insertDecision(tx, { accountId: actor.accountId, conversationId: conversation.id, teamId: offer.teamId, agentId: actor.id, outcome: "assigned", explanation });
      await this.recordOffer(tx, "assignment.offer_closed", accepted, (await conversationStore.findForUpdate(tx, actor.accountId, conversation.id))!);
      return { offer: accepted, problem: null };
    });
    if (result.problem === "expired") throw new ConflictError("offer_closed", "This offer has expired; the conversation has moved on.");
    if (result.problem) throw new ConflictError("offer_closed", "This offer is no longer open.");
    return result.offer;
  }

  /** The offered agent passes: the conversation moves on to the next agent at once. */
  async decline(actor: AgentActor, offerId: string): Promise<AssignmentOfferRow> {
    const result = await this.deps.db.transaction(async (tx) => {
      const offer = await this.findOwnOffer(tx, actor, offerId);
      if (offer.status !== "pending") return { offer, isClosed: true };
      return { offer: await this.closeAndMoveOn(tx, offer, "declined"), isClosed: false };
    });
    if (result.isClosed) throw new ConflictError("offer_closed", "This offer is no longer open.");
    return result.offer;
  }

  /** The offer timer fired (a job): idempotent, a closed offer stays as it is. */
  async expire(offerId: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const found = await assignmentStore.findOfferById(tx, offerId);
      if (!found) return;
      const offer = await assignmentStore.findOfferForUpdate(tx, found.accountId, offerId);
      if (!offer || offer.status !== "pending") return;
      await this.closeAndMoveOn(tx, offer, "expired");
    });
  }

  /** Withdraws offers of a conversation that someone took by other means. */
  async withdrawOffers(accountId: string, conversationId: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const conversation = await conversationStore.findForUpdate(tx, accountId, conversationId);
      if (!conversation) return;
      const offers = await tx.execute(sql`select id from assignment_offers where conversation_id = ${conversationId} and status = 'pending' for update`);
      for (const row of (offers as unknown as { rows: Array<{ id: string }> }).rows) {
        const withdrawn = await assignmentStore.closeOffer(tx, row.id, "withdrawn");
        await this.recordOffer(tx, "assignment.offer_closed", withdrawn, conversation);
      }
    });
  }

  /** Puts an unassigned conversation (back) into its team's queue and drains the team. */
  async requeue(accountId: string, conversationId: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const conversation = await conversationStore.findForUpdate(tx, accountId, conversationId);
      if (!conversation || conversation.assigneeId || !conversation.teamId || !isActive(conversation.statusKind)) return;
      await assignmentStore.enqueue(tx, accountId, conversationId);
      await this.drainIn(tx, accountId, conversation.teamId);
    });
  }

  /** Drains every team the agent works in (their capacity or presence changed). */
  async drainTeamsOf(accountId: string, agentId: string): Promise<void> {
    for (const teamId of await assignmentStore.listTeamIdsOf(this.deps.db, accountId, agentId)) await this.drain(accountId, teamId);
  }

  /** Takes the head of a team's queue for oneself (manual strategy, or picking by hand). */
  async takeNext(actor: AgentActor, teamId: string): Promise<ConversationRow | null> {
    return this.deps.db.transaction(async (tx) => {
      const settings = await assignmentStore.findTeamSettings(tx, actor.accountId, teamId);
      if (!settings) throw new NotFoundError("team_not_found", "This team does not exist.");
      const [head] = await assignmentStore.listQueue(tx, actor.accountId, teamId, { limit: 1, lock: true });
      if (!head) return null;
      const load = await assignmentStore.findAgentLoad(tx, actor.accountId, actor.id);
      const requirement = this.requirementOf(head.conversation, head.channelType, head.requiredSkills);
      const explanation = explain("taken_from_queue", settings.strategy, load, requirement);
      await this.conversations.change(tx, actor, head.conversation, { assigneeId: actor.id }, {}, { kind: "assignment", explanation });
      await assignmentStore.insertDecision(tx, { accountId: actor.accountId, conversationId: head.conversation.id, teamId, agentId: actor.id, outcome: "assigned", explanation });
      return (await conversationStore.findForUpdate(tx, actor.accountId, head.conversation.id))!;
    });
  }

  async teamSettings(actor: AgentActor, teamId: string): Promise<TeamSettings> {
    const settings = await assignmentStore.findTeamSettings(this.deps.db, actor.accountId, teamId);
    if (!settings) throw teamNotFound();
    return settings;
  }

  /** Changes how a team assigns; a team switched to automatic assignment starts on its queue at once. */
  async updateTeamSettings(actor: AgentActor, teamId: string, input: Omit<TeamSettings, "teamId">): Promise<TeamSettings> {
    return this.deps.db.transaction(async (tx) => {
      if (!(await assignmentStore.findTeamSettings(tx, actor.accountId, teamId))) throw teamNotFound();
      await assignmentStore.saveTeamSettings(tx, actor.accountId, { teamId, ...input });
      await this.drainIn(tx, actor.accountId, teamId);
      return (await assignmentStore.findTeamSettings(tx, actor.accountId, teamId))!;
    });
  }

  /** The team's queue in the order it is worked. */
  async listQueue(actor: AgentActor, teamId: string, limit: number): Promise<Array<{ conversation: ConversationDetails; queuedAt: Date }>> {
    if (!(await assignmentStore.findTeamSettings(this.deps.db, actor.accountId, teamId))) throw teamNotFound();
    const queue = await assignmentStore.listQueue(this.deps.db, actor.accountId, teamId, { limit });
    const result = [];
    for (const item of queue) result.push({ conversation: await this.conversations.details(this.deps.db, item.conversation), queuedAt: item.queuedAt });
    return result;
  }

  /** Every team's queue and every agent's presence and load, for the supervisor board. */
  async board(actor: AgentActor) {
    const [teamRows, queues, offers, loads, memberships] = await Promise.all([
      this.deps.db
        .select({ id: teams.id, name: teams.name, strategy: teamAssignmentSettings.strategy })
        .from(teams)
        .leftJoin(teamAssignmentSettings, eq(teamAssignmentSettings.teamId, teams.id))
        .where(eq(teams.accountId, actor.accountId))
        .orderBy(asc(teams.name)),
      assignmentStore.countQueues(this.deps.db, actor.accountId),
      assignmentStore.countPendingOffersByTeam(this.deps.db, actor.accountId),
      assignmentStore.listAgentLoads(this.deps.db, actor.accountId),
      this.deps.db.select({ agentId: teamMembers.agentId, teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.accountId, actor.accountId)),
    ]);
    return {
      teams: teamRows.map((team) => {
        const queue = queues.find((row) => row.teamId === team.id);
        return { id: team.id, name: team.name, strategy: team.strategy ?? "manual", waiting: queue?.waiting ?? 0, oldestQueuedAt: queue?.oldestQueuedAt ?? null, pendingOffers: offers.get(team.id) ?? 0 };
      }),
      agents: loads.map((load) => ({ ...load, teamIds: memberships.filter((membership) => membership.agentId === load.id).map((membership) => membership.teamId) })),
    };
  }

  async listDecisions(actor: AgentActor, conversationId: string) {
    const conversation = await conversationStore.findDetails(this.deps.db, actor.accountId, conversationId);
    if (!conversation) throw new NotFoundError("conversation_not_found", "This conversation does not exist.");
    return assignmentStore.listDecisions(this.deps.db, actor.accountId, conversationId);
  }

  /** The offers awaiting the agent's answer (after a reload, the popup shows them again). */
  async listMyOffers(actor: AgentActor): Promise<Array<{ offer: AssignmentOfferRow; conversation: ConversationDetails }>> {
    const offers = await assignmentStore.listPendingOffersOf(this.deps.db, actor.accountId, actor.id);
    const result = [];
    for (const offer of offers) {
      const conversation = await conversationStore.findDetails(this.deps.db, actor.accountId, offer.conversationId);
      if (conversation) result.push({ offer, conversation });
    }
    return result;
  }

  private async closeAndMoveOn(tx: Executor, offer: AssignmentOfferRow, status: "declined" | "expired"): Promise<AssignmentOfferRow> {
    const closed = await assignmentStore.closeOffer(tx, offer.id, status);
    const conversation = await conversationStore.findForUpdate(tx, offer.accountId, offer.conversationId);
    if (!conversation) return closed;
    await this.recordOffer(tx, "assignment.offer_closed", closed, conversation);
    if (!conversation.assigneeId && conversation.teamId && isActive(conversation.statusKind)) await this.drainIn(tx, offer.accountId, conversation.teamId);
    return closed;
  }

  private async findOwnOffer(tx: Executor, actor: AgentActor, offerId: string): Promise<AssignmentOfferRow> {
    const offer = await assignmentStore.findOfferForUpdate(tx, actor.accountId, offerId);
    if (!offer || offer.agentId !== actor.id) throw new NotFoundError("offer_not_found", "This offer does not exist or is not yours.");
    return offer;
  }

  private async recordOffer(tx: Executor, name: "assignment.offered" | "assignment.offer_closed", offer: AssignmentOfferRow, conversation: ConversationRow): Promise<void> {
    const details = await this.conversations.details(tx, conversation);
    await this.deps.events.record(tx, offer.accountId, { name, actor: systemActor(offer.accountId), conversationId: offer.conversationId, data: { offer: presentOffer(offer, presentConversation(details)) } });
  }

  private requirementOf(conversation: Pick<ConversationRow, "level" | "language">, channelType: string, skills: string[]): Requirement {
    return { level: conversation.level, language: primaryLanguage(conversation.language), skills, isRealTime: isRealTime(channelType) };
  }

  private async factsOf(tx: Executor, conversation: ConversationRow): Promise<{ facts: RoutingFacts; accountManagerId: string | null }> {
    const [context] = await tx
      .select({ channelType: channels.type, customerTags: customers.tags, customerAttributes: customers.attributes, customerLanguage: customers.language, accountManagerId: customers.accountManagerId })
      .from(channels)
      .innerJoin(customers, eq(customers.id, conversation.customerId))
      .where(eq(channels.id, conversation.channelId));
    const [firstMessage] = await tx
      .select({ text: messages.text })
      .from(messages)
      .where(and(eq(messages.conversationId, conversation.id), eq(messages.direction, "in")))
      .orderBy(asc(messages.createdAt), asc(messages.id))
      .limit(1);
    return {
      accountManagerId: context!.accountManagerId,
      facts: {
        channelType: context!.channelType,
        topic: conversation.topic,
        category: conversation.category,
        language: conversation.language,
        priority: conversation.priority,
        subject: conversation.subject,
        firstMessageText: firstMessage?.text ?? "",
        customer: { tags: context!.customerTags, attributes: context!.customerAttributes, language: context!.customerLanguage },
      },
    };
  }
}

function teamNotFound(): NotFoundError {
  return new NotFoundError("team_not_found", "This team does not exist.");
}
