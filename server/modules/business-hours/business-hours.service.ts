import { and, eq, inArray } from "drizzle-orm";
import type { ServiceDeps } from "../../context.js";
import type { AgentActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import { sqlStateOf, UNIQUE_VIOLATION } from "../../platform/db/sql-state.js";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors.js";
import * as accountStore from "../accounts/accounts.store.js";
import { channels } from "../channels/channels.table.js";
import { teams } from "../teams/teams.table.js";
import type { CreateBusinessHoursInput, UpdateBusinessHoursInput } from "./business-hours.schemas.js";
import { scheduleOf } from "./business-hours.presenter.js";
import * as businessHoursStore from "./business-hours.store.js";
import type { BusinessHoursWithTargets } from "./business-hours.store.js";
import { type BusinessSchedule, isOpen, type OpeningInterval, type Weekday } from "./business-time.js";
import { isKnownCalendar } from "./holiday-calendar.js";
import { recomputeAccountSlasJob } from "../sla/jobs/check-sla.job.js";

/** Monday to Friday, 9 to 17: what a new account starts with. */
export const standardWeeklyHours: OpeningInterval[] = ([1, 2, 3, 4, 5] as Weekday[]).map((weekday) => ({ weekday, opens: "09:00", closes: "17:00" }));

/** Which schedule applies: a team's own, else the channel's, else the account's default. */
export type ScheduleTarget = { teamId?: string | null; channelId?: string | null };

export class BusinessHoursService {
  constructor(private readonly deps: Pick<ServiceDeps, "db" | "jobs">) {}

  list(actor: AgentActor): Promise<BusinessHoursWithTargets[]> {
    return businessHoursStore.list(this.deps.db, actor.accountId);
  }

  async create(actor: AgentActor, input: CreateBusinessHoursInput): Promise<BusinessHoursWithTargets> {
    validateCalendar(input.holidayCalendar);
    return this.deps.db.transaction(async (tx) => {
      await ensureTargets(tx, actor.accountId, input);
      const row = await businessHoursStore
        .insert(tx, {
          accountId: actor.accountId,
          name: input.name,
          timeZone: input.timeZone,
          weeklyHours: sortedIntervals(input.weeklyHours),
          holidayCountry: input.holidayCalendar?.country ?? null,
          holidayState: input.holidayCalendar?.state ?? null,
          customHolidays: input.customHolidays,
        })
        .catch(rethrowNameTaken);
      if (input.isDefault) await businessHoursStore.makeDefault(tx, actor.accountId, row.id);
      await businessHoursStore.setTargets(tx, actor.accountId, row.id, input);
      await this.recomputeSlaClocks(tx, actor.accountId);
      return this.reload(tx, actor.accountId, row.id);
    });
  }

  async update(actor: AgentActor, id: string, input: UpdateBusinessHoursInput): Promise<BusinessHoursWithTargets> {
    if (input.holidayCalendar !== undefined) validateCalendar(input.holidayCalendar);
    return this.deps.db.transaction(async (tx) => {
      const row = await businessHoursStore.findForUpdate(tx, actor.accountId, id);
      if (!row) throw notFound();
      if (input.isDefault === false && row.isDefault) {
        throw new ConflictError("business_hours_default_required", "The account needs a default schedule: make another one the default instead.");
      }
      await ensureTargets(tx, actor.accountId, input);
      const changes = {
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.timeZone === undefined ? {} : { timeZone: input.timeZone }),
        ...(input.weeklyHours === undefined ? {} : { weeklyHours: sortedIntervals(input.weeklyHours) }),
        ...(input.holidayCalendar === undefined ? {} : { holidayCountry: input.holidayCalendar?.country ?? null, holidayState: input.holidayCalendar?.state ?? null }),
        ...(input.customHolidays === undefined ? {} : { customHolidays: input.customHolidays }),
      };
      if (Object.keys(changes).length > 0) await businessHoursStore.update(tx, row.id, changes).catch(rethrowNameTaken);
      if (input.isDefault) await businessHoursStore.makeDefault(tx, actor.accountId, row.id);
      await businessHoursStore.setTargets(tx, actor.accountId, row.id, input);
      await this.recomputeSlaClocks(tx, actor.accountId);
      return this.reload(tx, actor.accountId, row.id);
    });
  }

  async remove(actor: AgentActor, id: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const row = await businessHoursStore.findForUpdate(tx, actor.accountId, id);
      if (!row) throw notFound();
      if (row.isDefault) throw new ConflictError("business_hours_default_required", "The default schedule cannot be deleted; make another one the default first.");
      await businessHoursStore.remove(tx, row.id);
      await this.recomputeSlaClocks(tx, actor.accountId);
    });
  }

  /** SLA targets in business hours move with the schedule: the account's running clocks are recomputed after commit. */
  private async recomputeSlaClocks(tx: Executor, accountId: string): Promise<void> {
    await this.deps.jobs.enqueue(tx, recomputeAccountSlasJob, { accountId }, { singletonKey: accountId });
  }

  /**
   * The schedule that applies to a team and channel (a conversation's): the team's own,
   * else the channel's, else the account's default, else Mon–Fri 9–17 in the account's
   * time zone.
   */
  async scheduleFor(executor: Executor, accountId: string, target: ScheduleTarget = {}): Promise<BusinessSchedule> {
    const candidates = await businessHoursStore.findApplicable(executor, accountId, { teamId: target.teamId ?? null, channelId: target.channelId ?? null });
    const chosen =
      (target.teamId && candidates.find((candidate) => candidate.teamId === target.teamId)) ||
      (target.channelId && candidates.find((candidate) => candidate.channelId === target.channelId)) ||
      candidates.find((candidate) => candidate.isDefault);
    if (chosen) return scheduleOf(chosen);
    const account = await accountStore.findById(executor, accountId);
    return { timeZone: account?.timeZone ?? "UTC", weeklyHours: standardWeeklyHours, holidayCalendar: null, customHolidays: [] };
  }

  /** Whether the team's or channel's schedule is open right now (the widget's "outside business hours"). */
  async isOpenNow(accountId: string, target: ScheduleTarget = {}, now = new Date()): Promise<boolean> {
    return isOpen(await this.scheduleFor(this.deps.db, accountId, target), now);
  }

  private async reload(executor: Executor, accountId: string, id: string): Promise<BusinessHoursWithTargets> {
    const row = await businessHoursStore.findById(executor, accountId, id);
    const [withTargets] = await businessHoursStore.withTargets(executor, [row!]);
    return withTargets!;
  }
}

/** A new account's default schedule: Mon–Fri 9–17 in its time zone. */
export async function insertDefaultBusinessHours(executor: Executor, account: { id: string; timeZone: string }, name = "Business hours"): Promise<void> {
  await businessHoursStore.insert(executor, { accountId: account.id, name, timeZone: account.timeZone, weeklyHours: standardWeeklyHours, isDefault: true });
}

function sortedIntervals(intervals: CreateBusinessHoursInput["weeklyHours"]): OpeningInterval[] {
  return intervals
    .map((interval) => ({ weekday: interval.weekday as Weekday, opens: interval.opens, closes: interval.closes }))
    .sort((a, b) => a.weekday - b.weekday || a.opens.localeCompare(b.opens));
}

function validateCalendar(calendar: CreateBusinessHoursInput["holidayCalendar"]): void {
  if (calendar && !isKnownCalendar(calendar)) {
    throw new ValidationError("holiday_calendar_invalid", "There is no holiday calendar for this country or state.", [{ field: "body.holidayCalendar", message: "is not a known country or state" }]);
  }
}

async function ensureTargets(executor: Executor, accountId: string, input: { teamIds?: string[]; channelIds?: string[] }): Promise<void> {
  const teamIds = [...new Set(input.teamIds ?? [])];
  if (teamIds.length > 0) {
    const found = await executor.select({ id: teams.id }).from(teams).where(and(eq(teams.accountId, accountId), inArray(teams.id, teamIds)));
    if (found.length !== teamIds.length) throw new ValidationError("team_not_found", "One of the teams does not exist.", [{ field: "body.teamIds", message: "contains an unknown team" }]);
  }
  const channelIds = [...new Set(input.channelIds ?? [])];
  if (channelIds.length > 0) {
    const found = await executor.select({ id: channels.id }).from(channels).where(and(eq(channels.accountId, accountId), inArray(channels.id, channelIds)));
    if (found.length !== channelIds.length) throw new ValidationError("channel_not_found", "One of the channels does not exist.", [{ field: "body.channelIds", message: "contains an unknown channel" }]);
  }
  if (input.teamIds) input.teamIds = teamIds;
  if (input.channelIds) input.channelIds = channelIds;
}

function rethrowNameTaken(error: unknown): never {
  if (sqlStateOf(error) === UNIQUE_VIOLATION) throw new ConflictError("business_hours_name_taken", "A schedule with this name already exists.");
  throw error;
}

function notFound(): NotFoundError {
  return new NotFoundError("business_hours_not_found", "These business hours do not exist.");
}
