import type { SlaState, SlaTarget, StatusKind } from "../../../common/domain.js";
import { addBusinessTime, type BusinessSchedule, businessTimeBetween, type Pause } from "../business-hours/index.js";

/** Kinds in which SLA clocks stand still: waiting on the customer, or done until reopened. */
export const pausingStatusKinds: readonly StatusKind[] = ["pending", "on_hold", "solved", "closed"];

export type SlaTargets = { firstResponseSeconds: number | null; nextResponseSeconds: number | null; resolutionSeconds: number | null; warningPercent: number };

/** What a conversation's clocks are computed from: all of it stored, none of it in memory. */
export type ClockInput = {
  targets: SlaTargets;
  schedule: BusinessSchedule;
  createdAt: Date;
  /** The first agent reply. */
  firstResponseAt: Date | null;
  /** The customer's first message not yet answered by an agent, after the first response. */
  awaitingSince: Date | null;
  /** When the conversation was solved or closed, if it is now. */
  resolvedAt: Date | null;
  /** The status kind from each change on, in order (creation included). */
  timeline: ReadonlyArray<{ at: Date; kind: StatusKind }>;
  now: Date;
};

/** One target's clock. `dueAt` is null while the clock is paused (it is not known when it will run again). */
export type TargetClock = {
  target: SlaTarget;
  startedAt: Date;
  dueAt: Date | null;
  warningAt: Date | null;
  completedAt: Date | null;
  /** Business time counted so far (up to completion, a pause or now), in ms. */
  elapsedMs: number;
  durationMs: number;
  state: SlaState;
  /** The warning threshold has been crossed (for a running target only). */
  isWarningDue: boolean;
  /** The target was missed: due time passed while running, or completed late. */
  isBreachDue: boolean;
};

export type Clocks = { isPaused: boolean; reopenCount: number; targets: Partial<Record<SlaTarget, TargetClock>>; nextDueAt: Date | null };

/** The spans in which the conversation stood in a pausing kind; the last may still be open (`to` null). */
export function pausesOf(timeline: ClockInput["timeline"]): Array<{ from: Date; to: Date | null }> {
  const pauses: Array<{ from: Date; to: Date | null }> = [];
  for (const [index, entry] of timeline.entries()) {
    if (!pausingStatusKinds.includes(entry.kind)) continue;
    const previous = pauses[pauses.length - 1];
    const next = timeline[index + 1];
    // Consecutive pausing kinds (pending → on_hold) are one pause.
    if (previous && previous.to?.getTime() === entry.at.getTime()) previous.to = next?.at ?? null;
    else pauses.push({ from: entry.at, to: next?.at ?? null });
  }
  return pauses;
}

/** How often a finished conversation (solved or closed) was opened again. */
export function reopenCountOf(timeline: ClockInput["timeline"]): number {
  let count = 0;
  for (let index = 1; index < timeline.length; index += 1) {
    const wasFinished = timeline[index - 1]!.kind === "solved" || timeline[index - 1]!.kind === "closed";
    const isFinished = timeline[index]!.kind === "solved" || timeline[index]!.kind === "closed";
    if (wasFinished && !isFinished) count += 1;
  }
  return count;
}

/**
 * A conversation's SLA clocks at `now`: for each target with a promise, when it started, is
 * due and warns, and whether it is met, running, paused or missed. Pure: the same input gives
 * the same clocks on every server.
 */
export function computeClocks(input: ClockInput): Clocks {
  const allPauses = pausesOf(input.timeline);
  const openPause = allPauses.find((pause) => pause.to === null) ?? null;
  const closedPauses: Pause[] = allPauses.flatMap((pause) => (pause.to ? [{ from: pause.from, to: pause.to }] : []));
  const isPaused = openPause !== null;
  const targets: Clocks["targets"] = {};

  const clockOf = (target: SlaTarget, seconds: number | null, startedAt: Date | null, completedAt: Date | null): void => {
    if (seconds === null || startedAt === null) return;
    const durationMs = seconds * 1000;
    const warningMs = Math.round((durationMs * input.targets.warningPercent) / 100);
    // Up to completion, the start of the running pause, or now: the time counted so far.
    const countUntil = completedAt ?? (openPause && openPause.from.getTime() <= input.now.getTime() ? openPause.from : input.now);
    const pauses = completedAt ? pausesBefore(allPauses, completedAt) : closedPauses;
    const elapsedMs = businessTimeBetween(input.schedule, startedAt, countUntil, { pauses });
    const canProject = completedAt !== null || !isPaused;
    const dueAt = canProject ? projectedInstant(input.schedule, startedAt, durationMs, pauses) : null;
    const warningAt = canProject ? projectedInstant(input.schedule, startedAt, warningMs, pauses) : null;
    const isBreachDue = completedAt ? elapsedMs > durationMs : elapsedMs >= durationMs;
    const isWarningDue = completedAt === null && elapsedMs >= warningMs;
    const state: SlaState = isBreachDue ? "breached" : isWarningDue ? "warning" : "ok";
    targets[target] = { target, startedAt, dueAt, warningAt, completedAt, elapsedMs, durationMs, state, isWarningDue, isBreachDue };
  };

  clockOf("first_response", input.targets.firstResponseSeconds, input.createdAt, input.firstResponseAt);
  if (input.firstResponseAt && input.awaitingSince) clockOf("next_response", input.targets.nextResponseSeconds, input.awaitingSince, null);
  clockOf("resolution", input.targets.resolutionSeconds, input.createdAt, input.resolvedAt);

  const running = Object.values(targets).filter((clock) => clock.completedAt === null && clock.dueAt !== null);
  const nextDueAt = running.length > 0 ? new Date(Math.min(...running.map((clock) => clock.dueAt!.getTime()))) : null;
  return { isPaused, reopenCount: reopenCountOf(input.timeline), targets, nextDueAt };
}

/** When that much business time will have passed; null for a schedule that never opens (no hours at all). */
function projectedInstant(schedule: BusinessSchedule, startedAt: Date, durationMs: number, pauses: Pause[]): Date | null {
  try {
    return addBusinessTime(schedule, startedAt, durationMs, { pauses });
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** The pauses as they stood at an instant: later ones dropped, one running then cut there. */
function pausesBefore(pauses: Array<{ from: Date; to: Date | null }>, at: Date): Pause[] {
  return pauses
    .filter((pause) => pause.from.getTime() < at.getTime())
    .map((pause) => ({ from: pause.from, to: pause.to && pause.to.getTime() < at.getTime() ? pause.to : at }));
}

/** The next instant at which a running clock crosses a threshold not yet recorded: when the timer should fire. */
export function nextThresholdAt(clocks: Clocks, recorded: Partial<Record<SlaTarget, { warned: boolean; breached: boolean }>>, now: Date): Date | null {
  let earliest: number | null = null;
  for (const clock of Object.values(clocks.targets)) {
    if (clock.completedAt || clock.dueAt === null || clock.warningAt === null) continue;
    const stamps = recorded[clock.target] ?? { warned: false, breached: false };
    for (const [instant, isDone] of [
      [clock.warningAt, stamps.warned || stamps.breached],
      [clock.dueAt, stamps.breached],
    ] as const) {
      if (isDone || instant.getTime() <= now.getTime()) continue;
      if (earliest === null || instant.getTime() < earliest) earliest = instant.getTime();
    }
  }
  return earliest === null ? null : new Date(earliest);
}
