import { DateTime } from "luxon";
import { type HolidayCalendar, publicHolidayDates } from "./holiday-calendar.js";

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** One opening interval of a weekday in local time: `opens` "09:00", `closes` "17:00" (or "24:00"). */
export type OpeningInterval = { weekday: Weekday; opens: string; closes: string };

/**
 * When a team or channel is open: weekly intervals in an IANA time zone, closed on the
 * public holidays of a calendar (country, optional state) and on custom dates.
 */
export type BusinessSchedule = {
  timeZone: string;
  weeklyHours: readonly OpeningInterval[];
  holidayCalendar: HolidayCalendar | null;
  /** Further closed days, as local dates `YYYY-MM-DD`. */
  customHolidays: readonly string[];
};

/** A span in which a clock stands still (the conversation waits on the customer). */
export type Pause = { from: Date; to: Date };

export type BusinessTimeOptions = { pauses?: readonly Pause[] };

/** Open around the clock: SLA targets measured in calendar time. */
export const calendarTime: BusinessSchedule = Object.freeze({
  timeZone: "UTC",
  weeklyHours: Object.freeze(([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({ weekday, opens: "00:00", closes: "24:00" }))),
  holidayCalendar: null,
  customHolidays: Object.freeze([]),
});

export const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Days in a row without an opening after which a schedule counts as never opening. */
const CLOSED_DAYS_HORIZON = 3 * 366;

/** True when the schedule is open at that instant (an interval's closing minute is closed). */
export function isOpen(schedule: BusinessSchedule, at: Date): boolean {
  const first = openWindows(schedule, at.getTime(), at.getTime() + 1).next();
  return !first.done && first.value[0] === at.getTime();
}

/** The instant the schedule is next open: `at` itself when open, null when it never opens. */
export function nextOpening(schedule: BusinessSchedule, at: Date): Date | null {
  const first = openWindows(schedule, at.getTime(), Infinity).next();
  return first.done ? null : new Date(first.value[0]);
}

/**
 * The instant at which `durationMs` of open time (outside pauses) has passed since `start`.
 * Counting begins at the next opening; a duration that ends exactly at closing time ends
 * there, not at the next opening. Throws a RangeError if the schedule never opens.
 */
export function addBusinessTime(schedule: BusinessSchedule, start: Date, durationMs: number, options: BusinessTimeOptions = {}): Date {
  if (durationMs <= 0) return start;
  if (isAlwaysOpen(schedule) && !options.pauses?.length) return new Date(start.getTime() + durationMs);
  let remaining = durationMs;
  for (const [from, to] of withoutPauses(openWindows(schedule, start.getTime(), Infinity), options.pauses)) {
    if (remaining <= to - from) return new Date(from + remaining);
    remaining -= to - from;
  }
  throw new RangeError("The schedule never opens, so no business time can pass.");
}

/** How much open time (outside pauses) lies between two instants, in milliseconds. */
export function businessTimeBetween(schedule: BusinessSchedule, from: Date, to: Date, options: BusinessTimeOptions = {}): number {
  if (to.getTime() <= from.getTime()) return 0;
  if (isAlwaysOpen(schedule) && !options.pauses?.length) return to.getTime() - from.getTime();
  let total = 0;
  for (const [start, end] of withoutPauses(openWindows(schedule, from.getTime(), to.getTime()), options.pauses)) total += end - start;
  return total;
}

function isAlwaysOpen(schedule: BusinessSchedule): boolean {
  if (schedule === calendarTime) return true;
  if (schedule.holidayCalendar || schedule.customHolidays.length > 0) return false;
  return ([1, 2, 3, 4, 5, 6, 7] as const).every((weekday) =>
    schedule.weeklyHours.some((interval) => interval.weekday === weekday && interval.opens === "00:00" && interval.closes === "24:00"),
  );
}

/**
 * The schedule's open spans as [start, end) in epoch milliseconds, clipped to [from, to),
 * in order; overlapping intervals of a day are merged.
 */
export function* openWindows(schedule: BusinessSchedule, from: number, to: number): Generator<[number, number]> {
  if (schedule.weeklyHours.length === 0 || to <= from) return;
  const byWeekday = new Map<number, Array<{ opens: [number, number]; closes: [number, number] }>>();
  for (const interval of schedule.weeklyHours) {
    const list = byWeekday.get(interval.weekday) ?? [];
    list.push({ opens: clockOf(interval.opens), closes: clockOf(interval.closes) });
    byWeekday.set(interval.weekday, list);
  }
  for (const list of byWeekday.values()) list.sort((a, b) => a.opens[0] * 60 + a.opens[1] - (b.opens[0] * 60 + b.opens[1]));
  const custom = new Set(schedule.customHolidays);

  let closedDays = 0;
  // The local day that holds `from`; a day's intervals never reach past its midnight.
  let day = DateTime.fromMillis(from, { zone: schedule.timeZone }).startOf("day");
  if (!day.isValid) throw new RangeError(`Unknown time zone "${schedule.timeZone}".`);
  while (day.toMillis() < to && closedDays <= CLOSED_DAYS_HORIZON) {
    const intervals = byWeekday.get(day.weekday);
    const date = day.toISODate()!;
    const isHoliday = custom.has(date) || (schedule.holidayCalendar !== null && publicHolidayDates(schedule.holidayCalendar, day.year).has(date));
    // Overlapping intervals of one day are merged; days are yielded one by one (an
    // around-the-clock schedule would otherwise never finish its first window).
    let pending: [number, number] | null = null;
    if (intervals && !isHoliday) {
      for (const { opens, closes } of intervals) {
        const start = Math.max(localInstant(day, opens), from);
        const end = Math.min(localInstant(day, closes), to);
        if (end <= start) continue;
        if (pending && start <= pending[1]) {
          pending[1] = Math.max(pending[1], end);
        } else {
          if (pending) yield pending;
          pending = [start, end];
        }
      }
    }
    if (pending) yield pending;
    closedDays = pending ? 0 : closedDays + 1;
    day = day.plus({ days: 1 }).startOf("day");
  }
}

/** Removes the paused spans from a sequence of open windows. */
function* withoutPauses(windows: Iterable<[number, number]>, pauses: readonly Pause[] | undefined): Generator<[number, number]> {
  if (!pauses?.length) {
    yield* windows;
    return;
  }
  const spans = pauses
    .map((pause) => [pause.from.getTime(), pause.to.getTime()] as [number, number])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  for (const [windowStart, windowEnd] of windows) {
    let cursor = windowStart;
    for (const [pauseStart, pauseEnd] of spans) {
      if (pauseEnd <= cursor || pauseStart >= windowEnd) continue;
      if (pauseStart > cursor) yield [cursor, pauseStart];
      cursor = Math.max(cursor, pauseEnd);
      if (cursor >= windowEnd) break;
    }
    if (cursor < windowEnd) yield [cursor, windowEnd];
  }
}

function clockOf(text: string): [number, number] {
  if (!TIME_OF_DAY.test(text)) throw new RangeError(`"${text}" is not a time of day (HH:mm).`);
  const [hours, minutes] = text.split(":").map(Number) as [number, number];
  return [hours, minutes];
}

/** The instant of a local time of day; 24:00 is the next midnight. A time skipped by DST moves forward. */
function localInstant(day: DateTime, [hours, minutes]: [number, number]): number {
  if (hours === 24) return day.plus({ days: 1 }).startOf("day").toMillis();
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: hours, minute: minutes }, { zone: day.zone }).toMillis();
}
