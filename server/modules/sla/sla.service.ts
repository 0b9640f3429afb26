import type { SlaTarget } from "../../../common/domain.js";
import type { ServiceDeps } from "../../context.js";
import type { AgentActor } from "../../platform/actor.js";
import { systemActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { ConversationRow, ConversationSlaRow, SlaPolicyRow } from "../../platform/db/rows.js";
import { sqlStateOf, UNIQUE_VIOLATION } from "../../platform/db/sql-state.js";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { type BusinessHoursService, type BusinessSchedule, calendarTime } from "../business-hours/index.js";
import { scheduleOf } from "../business-hours/business-hours.presenter.js";
import * as businessHoursStore from "../business-hours/business-hours.store.js";
import { presentConversation } from "../conversations/conversations.presenter.js";
import * as conversationStore from "../conversations/conversations.store.js";
import * as clockStore from "./conversation-sla.store.js";
import { checkSlaJob, recomputeAccountSlasJob } from "./jobs/check-sla.job.js";
import { computeClocks, nextThresholdAt, type TargetClock } from "./sla-clock.js";
import type { CreateSlaPolicyInput, UpdateSlaPolicyInput } from "./sla.schemas.js";
import * as policyStore from "./sla-policies.store.js";
import { presentConversationSla } from "./sla.presenter.js";
import type { conversationSlas } from "./sla.table.js";

/** Called in the transaction that records an SLA warning or breach, to escalate when the policy says so. */
export type SlaThresholdHandler = (tx: Executor, input: { conversation: ConversationRow; policy: SlaPolicyRow; target: SlaTarget; kind: "warning" | "breach" }) => Promise<void>;

const columnsOf = {
  first_response: { due: "firstResponseDueAt", warning: "firstResponseWarningAt", state: "firstResponseState", warned: "firstResponseWarnedAt", breached: "firstResponseBreachedAt" },
  next_response: { due: "nextResponseDueAt", warning: "nextResponseWarningAt", state: "nextResponseState", warned: "nextResponseWarnedAt", breached: "nextResponseBreachedAt" },
  resolution: { due: "resolutionDueAt", warning: "resolutionWarningAt", state: "resolutionState", warned: "resolutionWarnedAt", breached: "resolutionBreachedAt" },
} as const satisfies Record<SlaTarget, Record<string, keyof ConversationSlaRow>>;

type ClockChanges = Partial<typeof conversationSlas.$inferInsert>;

/**
 * SLA policies and each conversation's clocks. The clocks are recomputed from stored facts
 * (the conversation, its messages, its status history) under a row lock, so the order in
 * which events arrive and the server that handles them do not matter; warnings and breaches
 * are recorded once, in the transaction that stamps them.
 */
export class SlaService {
  private onThreshold: SlaThresholdHandler | null = null;

  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "events" | "jobs" | "logger">,
    private readonly businessHours: BusinessHoursService,
  ) {}

  /** Lets escalation react to warnings and breaches without SLA depending on it. */
  useThresholdHandler(handler: SlaThresholdHandler): void {
    this.onThreshold = handler;
  }

  listPolicies(actor: AgentActor): Promise<SlaPolicyRow[]> {
    return policyStore.list(this.deps.db, actor.accountId);
  }

  async createPolicy(actor: AgentActor, input: CreateSlaPolicyInput): Promise<SlaPolicyRow> {
    return this.deps.db.transaction(async (tx) => {
      await ensureSchedule(tx, actor.accountId, input.businessHoursId);
      const row = await policyStore.insert(tx, { ...input, accountId: actor.accountId }).catch(rethrowScopeTaken);
      await this.deps.jobs.enqueue(tx, recomputeAccountSlasJob, { accountId: actor.accountId }, { singletonKey: actor.accountId });
      return row;
    });
  }

  async updatePolicy(actor: AgentActor, id: string, input: UpdateSlaPolicyInput): Promise<SlaPolicyRow> {
    return this.deps.db.transaction(async (tx) => {
      const row = await policyStore.findForUpdate(tx, actor.accountId, id);
      if (!row) throw policyNotFound();
      if (Object.keys(input).length === 0) return row;
      if (input.businessHoursId) await ensureSchedule(tx, actor.accountId, input.businessHoursId);
      const updated = await policyStore.update(tx, row.id, input).catch(rethrowScopeTaken);
      await this.deps.jobs.enqueue(tx, recomputeAccountSlasJob, { accountId: actor.accountId }, { singletonKey: actor.accountId });
      return updated;
    });
  }

  async removePolicy(actor: AgentActor, id: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const row = await policyStore.findForUpdate(tx, actor.accountId, id);
      if (!row) throw policyNotFound();
      await policyStore.remove(tx, row.id);
      await this.deps.jobs.enqueue(tx, recomputeAccountSlasJob, { accountId: actor.accountId }, { singletonKey: actor.accountId });
    });
  }

  /** Recomputes every active conversation's clocks of an account (after a policy changed). */
  async recomputeAccount(accountId: string): Promise<void> {
    for (const conversationId of await clockStore.listActiveConversationIds(this.deps.db, accountId)) {
      await this.reconcile(accountId, conversationId);
    }
  }

  /**
   * Brings a conversation's clocks up to date at `now`: due times, states, pause, first
   * response and resolution; records each warning and breach not yet recorded; queues the
   * check-sla job for the next threshold. `isTimer`: called by that job.
   */
  async reconcile(accountId: string, conversationId: string, options: { now?: Date; isTimer?: boolean } = {}): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const now = options.now ?? new Date();
      const row = await clockStore.lockClock(tx, accountId, conversationId);
      if (!row) return; // the conversation is gone
      const sources = await clockStore.loadClockSources(tx, accountId, conversationId);
      if (!sources) return;
      const { conversation } = sources;
      const policy = await policyStore.findApplicable(tx, accountId, sources.channelType, conversation.priority);
      const before = presentConversationSla(row);
      if (!policy) {
        const cleared = await clockStore.updateClock(tx, conversationId, clearedClock());
        if (before !== null) await this.recordChanged(tx, conversation, cleared);
        return;
      }
      const schedule = await this.scheduleOf(tx, policy, conversation);
      const isFinished = conversation.statusKind === "solved" || conversation.statusKind === "closed";
      const clocks = computeClocks({
        targets: policy,
        schedule,
        createdAt: conversation.createdAt,
        firstResponseAt: conversation.firstResponseAt,
        awaitingSince: sources.awaitingSince,
        resolvedAt: isFinished ? (conversation.solvedAt ?? conversation.updatedAt) : null,
        timeline: sources.timeline,
        now,
      });

      const changes: ClockChanges = {
        policyId: policy.id,
        isPaused: clocks.isPaused,
        firstResponseAt: conversation.firstResponseAt,
        resolvedAt: clocks.targets.resolution?.completedAt ?? (isFinished ? (conversation.solvedAt ?? conversation.updatedAt) : null),
        awaitingSince: clocks.targets.next_response?.startedAt ?? null,
        nextDueAt: clocks.nextDueAt,
        reopenCount: clocks.reopenCount,
      };
      // A new wait for an answer is a new next-response cycle: its warning and breach are new too.
      const isNewCycle = (row.awaitingSince?.getTime() ?? null) !== (changes.awaitingSince?.getTime() ?? null);
      const crossings: Array<{ target: SlaTarget; kind: "warning" | "breach"; clock: TargetClock }> = [];
      const recorded: Partial<Record<SlaTarget, { warned: boolean; breached: boolean }>> = {};
      for (const target of ["first_response", "next_response", "resolution"] as const) {
        const columns = columnsOf[target];
        const clock = clocks.targets[target];
        const isStale = target === "next_response" && isNewCycle;
        let warnedAt = isStale ? null : row[columns.warned];
        let breachedAt = isStale ? null : row[columns.breached];
        if (clock?.isBreachDue && !breachedAt) {
          // A running clock whose warning was never recorded (its server was down) warns late rather than never.
          if (!warnedAt && clock.completedAt === null) crossings.push({ target, kind: "warning", clock });
          breachedAt = now;
          warnedAt = warnedAt ?? now;
          crossings.push({ target, kind: "breach", clock });
          if (target === "next_response") changes.nextResponseBreachCount = row.nextResponseBreachCount + 1;
        } else if (clock?.isWarningDue && !warnedAt && !breachedAt) {
          warnedAt = now;
          crossings.push({ target, kind: "warning", clock });
        }
        recorded[target] = { warned: warnedAt !== null, breached: breachedAt !== null };
        Object.assign(changes, {
          [columns.due]: clock?.dueAt ?? null,
          [columns.warning]: clock?.warningAt ?? null,
          // A recorded breach stays a breach, even if the clock was later moved (a priority lowered).
          [columns.state]: clock ? (breachedAt ? "breached" : clock.state) : null,
          [columns.warned]: warnedAt,
          [columns.breached]: breachedAt,
        });
      }

      const timerAt = nextThresholdAt(clocks, recorded, now);
      changes.timerAt = timerAt;
      const hasTimerMoved = (timerAt?.getTime() ?? null) !== (row.timerAt?.getTime() ?? null);
      if (timerAt && (hasTimerMoved || options.isTimer)) {
        await this.deps.jobs.enqueue(tx, checkSlaJob, { accountId, conversationId }, { startAfter: timerAt, singletonKey: `${conversationId}@${timerAt.toISOString()}` });
      }
      const updated = await clockStore.updateClock(tx, conversationId, changes);

      for (const crossing of crossings) {
        const details = await conversationStore.findDetails(tx, accountId, conversationId);
        const view = presentConversation(details!);
        const data = { conversation: view, target: crossing.target, dueAt: crossing.clock.dueAt?.toISOString() ?? null };
        const actor = systemActor(accountId);
        if (crossing.kind === "breach") await this.deps.events.record(tx, accountId, { name: "conversation.sla_breached", actor, conversationId, data });
        else await this.deps.events.record(tx, accountId, { name: "conversation.sla_warning", actor, conversationId, data });
        const wantsEscalation = (policy.autoEscalation === "on_breach" && crossing.kind === "breach") || (policy.autoEscalation === "on_warning" && crossing.kind === "warning");
        if (wantsEscalation && this.onThreshold) {
          await this.onThreshold(tx, { conversation, policy, target: crossing.target, kind: crossing.kind });
        }
      }
      if (crossings.length === 0 && JSON.stringify(before) !== JSON.stringify(presentConversationSla(updated))) await this.recordChanged(tx, conversation, updated);
    });
  }

  private async recordChanged(tx: Executor, conversation: ConversationRow, _clock: ConversationSlaRow): Promise<void> {
    const details = await conversationStore.findDetails(tx, conversation.accountId, conversation.id);
    if (!details) return;
    await this.deps.events.record(tx, conversation.accountId, {
      name: "conversation.sla_changed",
      actor: systemActor(conversation.accountId),
      conversationId: conversation.id,
      data: { conversation: presentConversation(details) },
    });
  }

  private async scheduleOf(tx: Executor, policy: SlaPolicyRow, conversation: ConversationRow): Promise<BusinessSchedule> {
    if (policy.measure === "calendar") return calendarTime;
    if (policy.businessHoursId) {
      const own = await businessHoursStore.findById(tx, policy.accountId, policy.businessHoursId);
      if (own) return scheduleOf(own);
    }
    return this.businessHours.scheduleFor(tx, conversation.accountId, { teamId: conversation.teamId, channelId: conversation.channelId });
  }
}

function clearedClock(): ClockChanges {
  const changes: ClockChanges = { policyId: null, isPaused: false, nextDueAt: null, timerAt: null };
  for (const columns of Object.values(columnsOf)) Object.assign(changes, { [columns.due]: null, [columns.warning]: null, [columns.state]: null });
  return changes;
}

async function ensureSchedule(executor: Executor, accountId: string, businessHoursId: string | null): Promise<void> {
  if (businessHoursId && !(await businessHoursStore.findById(executor, accountId, businessHoursId))) {
    throw new ValidationError("business_hours_not_found", "These business hours do not exist.", [{ field: "body.businessHoursId", message: "does not exist" }]);
  }
}

function rethrowScopeTaken(error: unknown): never {
  if (sqlStateOf(error) === UNIQUE_VIOLATION) throw new ConflictError("sla_policy_scope_taken", "There is already a policy for this channel type and priority.");
  throw error;
}

function policyNotFound(): NotFoundError {
  return new NotFoundError("sla_policy_not_found", "This SLA policy does not exist.");
}
