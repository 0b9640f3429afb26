import { describe, expect, it } from "vitest";
import type { StatusKind } from "../../../common/domain.js";
import { type BusinessSchedule, calendarTime } from "../business-hours/index.js";
import { standardWeeklyHours } from "../business-hours/business-hours.service.js";
import { type ClockInput, computeClocks, nextThresholdAt, pausesOf, reopenCountOf } from "./sla-clock.js";

const berlin: BusinessSchedule = { timeZone: "Europe/Berlin", weeklyHours: standardWeeklyHours, holidayCalendar: null, customHolidays: [] };
const bavaria: BusinessSchedule = { ...berlin, holidayCalendar: { country: "DE", state: "BY" } };
const newYork: BusinessSchedule = { ...berlin, timeZone: "America/New_York" };
const at = (iso: string) => new Date(iso);

function input(overrides: Partial<ClockInput> & { createdAt: Date }): ClockInput {
  return {
    targets: { firstResponseSeconds: 28800, nextResponseSeconds: null, resolutionSeconds: null, warningPercent: 75 },
    schedule: berlin,
    firstResponseAt: null,
    awaitingSince: null,
    resolvedAt: null,
    timeline: [{ at: overrides.createdAt, kind: "new" }],
    now: overrides.createdAt,
    ...overrides,
  };
}

const timeline = (...entries: Array<[string, StatusKind]>) => entries.map(([iso, kind]) => ({ at: at(iso), kind }));

describe("SLA clocks (hand-checked)", () => {
  it("runs across a weekend: Friday 15:00 plus one business day is Monday 15:00", () => {
    // Fri 2024-03-01 15:00 Berlin (CET) = 14:00Z: 2 h on Friday, 6 h on Monday.
    const clocks = computeClocks(input({ createdAt: at("2024-03-01T14:00:00Z") }));
    expect(clocks.targets.first_response).toMatchObject({ dueAt: at("2024-03-04T14:00:00Z"), warningAt: at("2024-03-04T12:00:00Z"), state: "ok" });
    expect(clocks.nextDueAt).toEqual(at("2024-03-04T14:00:00Z"));
  });

  it("runs across the change to daylight saving time in local hours", () => {
    // Fri 2024-03-29 16:00 CET = 15:00Z; 2 business hours: 1 h Friday, then Monday 9:00 CEST (07:00Z) + 1 h.
    const clocks = computeClocks(input({ createdAt: at("2024-03-29T15:00:00Z"), targets: { firstResponseSeconds: 7200, nextResponseSeconds: null, resolutionSeconds: null, warningPercent: 50 } }));
    expect(clocks.targets.first_response?.dueAt).toEqual(at("2024-04-01T08:00:00Z"));
    // 50 %: the hour left on Friday.
    expect(clocks.targets.first_response?.warningAt).toEqual(at("2024-03-29T16:00:00Z"));
    // In calendar time the same two hours are two hours, DST or not.
    const calendar = computeClocks(input({ createdAt: at("2024-03-31T00:30:00Z"), schedule: calendarTime, targets: { firstResponseSeconds: 7200, nextResponseSeconds: null, resolutionSeconds: null, warningPercent: 75 } }));
    expect(calendar.targets.first_response?.dueAt).toEqual(at("2024-03-31T02:30:00Z"));
  });

  it("skips a public holiday of the schedule's calendar", () => {
    // Wed 2024-05-29 16:00 Berlin = 14:00Z; Thursday is Corpus Christi in Bavaria: 1 h Wednesday, 7 h Friday.
    const clocks = computeClocks(input({ createdAt: at("2024-05-29T14:00:00Z"), schedule: bavaria }));
    expect(clocks.targets.first_response?.dueAt).toEqual(at("2024-05-31T14:00:00Z"));
    // Without the calendar, Thursday counts.
    expect(computeClocks(input({ createdAt: at("2024-05-29T14:00:00Z") })).targets.first_response?.dueAt).toEqual(at("2024-05-30T14:00:00Z"));
  });

  it("counts the business hours of another time zone", () => {
    // Mon 2024-01-08 20:00Z is 15:00 in New York (EST): 2 h Monday, Tuesday 9:00 EST (14:00Z) + 2 h.
    const clocks = computeClocks(input({ createdAt: at("2024-01-08T20:00:00Z"), schedule: newYork, targets: { firstResponseSeconds: 14400, nextResponseSeconds: null, resolutionSeconds: null, warningPercent: 75 } }));
    expect(clocks.targets.first_response?.dueAt).toEqual(at("2024-01-09T16:00:00Z"));
  });

  it("stands still while the conversation waits on the customer, and resumes after", () => {
    // Mon 2024-03-04 09:00 Berlin = 08:00Z; pending 10:00–14:00: 1 h + 3 h on Monday, 4 h on Tuesday.
    const history = timeline(["2024-03-04T08:00:00Z", "new"], ["2024-03-04T09:00:00Z", "pending"], ["2024-03-04T13:00:00Z", "open"]);
    const resumed = computeClocks(input({ createdAt: at("2024-03-04T08:00:00Z"), timeline: history, now: at("2024-03-04T15:00:00Z") }));
    expect(resumed.isPaused).toBe(false);
    expect(resumed.targets.first_response).toMatchObject({ dueAt: at("2024-03-05T12:00:00Z"), elapsedMs: 3 * 3_600_000, state: "ok" });

    // While pending, the clock keeps the time counted before the pause and has no due time.
    const paused = computeClocks(input({ createdAt: at("2024-03-04T08:00:00Z"), timeline: history.slice(0, 2), now: at("2024-03-04T12:00:00Z") }));
    expect(paused).toMatchObject({ isPaused: true, nextDueAt: null });
    expect(paused.targets.first_response).toMatchObject({ dueAt: null, elapsedMs: 3_600_000, state: "ok" });
    expect(nextThresholdAt(paused, {}, at("2024-03-04T12:00:00Z"))).toBeNull();
  });

  it("warns at the threshold and breaches at the due time; a late reply stays a breach", () => {
    const base = { createdAt: at("2024-03-04T08:00:00Z"), schedule: calendarTime, targets: { firstResponseSeconds: 3600, nextResponseSeconds: null, resolutionSeconds: null, warningPercent: 75 } };
    expect(computeClocks(input({ ...base, now: at("2024-03-04T08:44:59Z") })).targets.first_response?.state).toBe("ok");
    expect(computeClocks(input({ ...base, now: at("2024-03-04T08:45:00Z") })).targets.first_response).toMatchObject({ state: "warning", isWarningDue: true, isBreachDue: false });
    expect(computeClocks(input({ ...base, now: at("2024-03-04T09:00:00Z") })).targets.first_response).toMatchObject({ state: "breached", isBreachDue: true });
    const onTime = computeClocks(input({ ...base, firstResponseAt: at("2024-03-04T08:59:00Z"), now: at("2024-03-04T10:00:00Z") }));
    expect(onTime.targets.first_response).toMatchObject({ state: "ok", completedAt: at("2024-03-04T08:59:00Z"), isBreachDue: false });
    expect(onTime.nextDueAt).toBeNull();
    const late = computeClocks(input({ ...base, firstResponseAt: at("2024-03-04T09:01:00Z"), now: at("2024-03-04T10:00:00Z") }));
    expect(late.targets.first_response).toMatchObject({ state: "breached", isBreachDue: true });
    // The timer is set for the next threshold not yet recorded.
    const fresh = computeClocks(input({ ...base, now: at("2024-03-04T08:10:00Z") }));
    expect(nextThresholdAt(fresh, {}, at("2024-03-04T08:10:00Z"))).toEqual(at("2024-03-04T08:45:00Z"));
    expect(nextThresholdAt(fresh, { first_response: { warned: true, breached: false } }, at("2024-03-04T08:50:00Z"))).toEqual(at("2024-03-04T09:00:00Z"));
  });

  it("runs a next-response clock from the customer's first unanswered message, and resolution until solved", () => {
    const clocks = computeClocks(
      input({
        createdAt: at("2024-03-04T08:00:00Z"),
        schedule: calendarTime,
        targets: { firstResponseSeconds: 3600, nextResponseSeconds: 1800, resolutionSeconds: 14400, warningPercent: 75 },
        firstResponseAt: at("2024-03-04T08:20:00Z"),
        awaitingSince: at("2024-03-04T09:00:00Z"),
        timeline: timeline(["2024-03-04T08:00:00Z", "new"], ["2024-03-04T08:20:00Z", "open"]),
        now: at("2024-03-04T09:05:00Z"),
      }),
    );
    expect(clocks.targets.next_response).toMatchObject({ startedAt: at("2024-03-04T09:00:00Z"), dueAt: at("2024-03-04T09:30:00Z"), state: "ok" });
    expect(clocks.targets.resolution?.dueAt).toEqual(at("2024-03-04T12:00:00Z"));
    expect(clocks.nextDueAt).toEqual(at("2024-03-04T09:30:00Z"));

    // Solved after 3 h, reopened 2 h later: the solved time does not count against resolution.
    const reopened = computeClocks(
      input({
        createdAt: at("2024-03-04T08:00:00Z"),
        schedule: calendarTime,
        targets: { firstResponseSeconds: null, nextResponseSeconds: null, resolutionSeconds: 14400, warningPercent: 75 },
        timeline: timeline(["2024-03-04T08:00:00Z", "new"], ["2024-03-04T11:00:00Z", "solved"], ["2024-03-04T13:00:00Z", "open"]),
        now: at("2024-03-04T13:30:00Z"),
      }),
    );
    expect(reopened.targets.resolution).toMatchObject({ dueAt: at("2024-03-04T14:00:00Z"), state: "warning" });
    expect(reopened.reopenCount).toBe(1);
  });
});

describe("status history", () => {
  it("joins consecutive waiting kinds into one pause and counts reopens", () => {
    const history = timeline(
      ["2024-03-04T08:00:00Z", "new"],
      ["2024-03-04T09:00:00Z", "pending"],
      ["2024-03-04T10:00:00Z", "on_hold"],
      ["2024-03-04T11:00:00Z", "open"],
      ["2024-03-04T12:00:00Z", "solved"],
      ["2024-03-04T13:00:00Z", "open"],
      ["2024-03-04T14:00:00Z", "closed"],
      ["2024-03-04T15:00:00Z", "open"],
    );
    expect(pausesOf(history)).toEqual([
      { from: at("2024-03-04T09:00:00Z"), to: at("2024-03-04T11:00:00Z") },
      { from: at("2024-03-04T12:00:00Z"), to: at("2024-03-04T13:00:00Z") },
      { from: at("2024-03-04T14:00:00Z"), to: at("2024-03-04T15:00:00Z") },
    ]);
    expect(reopenCountOf(history)).toBe(2);
    expect(reopenCountOf(history.slice(0, 5))).toBe(0);
  });
});
