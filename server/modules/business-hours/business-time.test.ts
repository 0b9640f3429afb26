import { describe, expect, it } from "vitest";
import { addBusinessTime, type BusinessSchedule, businessTimeBetween, calendarTime, isOpen, nextOpening, type OpeningInterval, type Weekday } from "./business-time.js";

/**
 * Every expected instant below was worked out by hand from the local wall-clock time and the
 * zone's UTC offset on that day (CET +1, CEST +2, EST -5, EDT -4, JST +9), not by the code.
 */
const HOUR = 3_600_000;
const MINUTE = 60_000;

function weekdays(opens: string, closes: string, days: Weekday[] = [1, 2, 3, 4, 5]): OpeningInterval[] {
  return days.map((weekday) => ({ weekday, opens, closes }));
}

function schedule(overrides: Partial<BusinessSchedule> = {}): BusinessSchedule {
  return { timeZone: "Europe/Berlin", weeklyHours: weekdays("09:00", "17:00"), holidayCalendar: null, customHolidays: [], ...overrides };
}

const utc = (iso: string) => new Date(iso);

describe("business time: Mon–Fri 9–17 in Europe/Berlin", () => {
  const berlin = schedule();

  it("is open on weekdays within the hours, closed at closing time and at the weekend", () => {
    expect(isOpen(berlin, utc("2024-03-08T08:00:00Z"))).toBe(true); // Fri 09:00 CET
    expect(isOpen(berlin, utc("2024-03-08T07:59:59Z"))).toBe(false); // Fri 08:59:59 CET
    expect(isOpen(berlin, utc("2024-03-08T15:59:00Z"))).toBe(true); // Fri 16:59 CET
    expect(isOpen(berlin, utc("2024-03-08T16:00:00Z"))).toBe(false); // Fri 17:00 CET
    expect(isOpen(berlin, utc("2024-03-09T11:00:00Z"))).toBe(false); // Sat 12:00 CET
    expect(isOpen(berlin, utc("2024-03-10T11:00:00Z"))).toBe(false); // Sun 12:00 CET
  });

  it("carries work across a weekend", () => {
    // Fri 2024-03-08 16:00 CET (15:00Z) + 2 h: one hour on Friday, one on Monday → Mon 10:00 CET.
    expect(addBusinessTime(berlin, utc("2024-03-08T15:00:00Z"), 2 * HOUR)).toEqual(utc("2024-03-11T09:00:00Z"));
    expect(businessTimeBetween(berlin, utc("2024-03-08T15:00:00Z"), utc("2024-03-11T09:00:00Z"))).toBe(2 * HOUR);
    // Started on Saturday: counting begins Monday 09:00 CET.
    expect(addBusinessTime(berlin, utc("2024-03-09T10:00:00Z"), 30 * MINUTE)).toEqual(utc("2024-03-11T08:30:00Z"));
    expect(nextOpening(berlin, utc("2024-03-09T10:00:00Z"))).toEqual(utc("2024-03-11T08:00:00Z"));
  });

  it("ends a duration that fills the day exactly at closing time, not at the next opening", () => {
    // Fri 09:00 CET + 8 h = Fri 17:00 CET.
    expect(addBusinessTime(berlin, utc("2024-03-08T08:00:00Z"), 8 * HOUR)).toEqual(utc("2024-03-08T16:00:00Z"));
  });

  it("counts one business day of email as the same time on the next business day", () => {
    // Thu 2024-03-07 11:30 CET + 8 h → Fri 11:30 CET (10:30Z).
    expect(addBusinessTime(berlin, utc("2024-03-07T10:30:00Z"), 8 * HOUR)).toEqual(utc("2024-03-08T10:30:00Z"));
    // Fri 11:30 CET + 16 h (2 business days) → Tue 11:30 CET.
    expect(addBusinessTime(berlin, utc("2024-03-08T10:30:00Z"), 16 * HOUR)).toEqual(utc("2024-03-12T10:30:00Z"));
  });

  it("keeps the local hours across the change to summer time (last Sunday of March)", () => {
    // Fri 2024-03-29 16:00 CET (15:00Z) + 2 h → Mon 2024-04-01 10:00 CEST (08:00Z): 65 h later, not 66.
    expect(addBusinessTime(berlin, utc("2024-03-29T15:00:00Z"), 2 * HOUR)).toEqual(utc("2024-04-01T08:00:00Z"));
    expect(businessTimeBetween(berlin, utc("2024-03-29T15:00:00Z"), utc("2024-04-01T08:00:00Z"))).toBe(2 * HOUR);
    expect(nextOpening(berlin, utc("2024-03-30T12:00:00Z"))).toEqual(utc("2024-04-01T07:00:00Z")); // Mon 09:00 CEST
  });

  it("counts the short night on the day of the change when open every day", () => {
    const everyDay = schedule({ weeklyHours: weekdays("08:00", "20:00", [1, 2, 3, 4, 5, 6, 7]) });
    // Sat 2024-03-30 19:00 CET (18:00Z) + 2 h → Sun 2024-03-31 09:00 CEST (07:00Z).
    expect(addBusinessTime(everyDay, utc("2024-03-30T18:00:00Z"), 2 * HOUR)).toEqual(utc("2024-03-31T07:00:00Z"));
    const aroundTheClock = schedule({ weeklyHours: weekdays("00:00", "24:00", [1, 2, 3, 4, 5, 6, 7]) });
    // Sat 12:00 CET (11:00Z) to Sun 12:00 CEST (10:00Z): the local day had 23 hours.
    expect(businessTimeBetween(aroundTheClock, utc("2024-03-30T11:00:00Z"), utc("2024-03-31T10:00:00Z"))).toBe(23 * HOUR);
  });

  it("keeps the local hours across the change back to winter time (last Sunday of October)", () => {
    // Fri 2024-10-25 16:00 CEST (14:00Z) + 2 h → Mon 2024-10-28 10:00 CET (09:00Z): 67 h later.
    expect(addBusinessTime(berlin, utc("2024-10-25T14:00:00Z"), 2 * HOUR)).toEqual(utc("2024-10-28T09:00:00Z"));
  });
});

describe("business time: holidays", () => {
  it("closes on a Bavarian state holiday that Berlin works on (Corpus Christi, 2024-05-30)", () => {
    const bavaria = schedule({ holidayCalendar: { country: "DE", state: "BY" } });
    const berlinState = schedule({ holidayCalendar: { country: "DE", state: "BE" } });
    // Wed 2024-05-29 16:00 CEST (14:00Z) + 2 h.
    expect(addBusinessTime(bavaria, utc("2024-05-29T14:00:00Z"), 2 * HOUR)).toEqual(utc("2024-05-31T08:00:00Z")); // Fri 10:00 CEST
    expect(addBusinessTime(berlinState, utc("2024-05-29T14:00:00Z"), 2 * HOUR)).toEqual(utc("2024-05-30T08:00:00Z")); // Thu 10:00 CEST
    expect(isOpen(bavaria, utc("2024-05-30T10:00:00Z"))).toBe(false);
    expect(isOpen(berlinState, utc("2024-05-30T10:00:00Z"))).toBe(true);
    // Wed 09:00 to Fri 17:00 CEST: Wednesday and Friday only in Bavaria.
    expect(businessTimeBetween(bavaria, utc("2024-05-29T07:00:00Z"), utc("2024-05-31T15:00:00Z"))).toBe(16 * HOUR);
    expect(businessTimeBetween(berlinState, utc("2024-05-29T07:00:00Z"), utc("2024-05-31T15:00:00Z"))).toBe(24 * HOUR);
  });

  it("skips Easter (Good Friday and Easter Monday) to the Tuesday after", () => {
    const germany = schedule({ holidayCalendar: { country: "DE", state: null } });
    // Thu 2024-03-28 18:00 CET → next opening Tue 2024-04-02 09:00 CEST (07:00Z).
    expect(nextOpening(germany, utc("2024-03-28T17:00:00Z"))).toEqual(utc("2024-04-02T07:00:00Z"));
  });

  it("closes on custom dates", () => {
    const withCompanyDay = schedule({ customHolidays: ["2024-06-14"] });
    // Thu 2024-06-13 16:00 CEST (14:00Z) + 3 h → Friday is closed → Mon 2024-06-17 11:00 CEST (09:00Z).
    expect(addBusinessTime(withCompanyDay, utc("2024-06-13T14:00:00Z"), 3 * HOUR)).toEqual(utc("2024-06-17T09:00:00Z"));
  });
});

describe("business time: other time zones", () => {
  it("Mon–Fri 9–17 in America/New_York across the end of daylight saving time", () => {
    const newYork = schedule({ timeZone: "America/New_York", holidayCalendar: null });
    // Fri 2024-11-01 16:00 EDT (20:00Z) + 2 h → Mon 2024-11-04 10:00 EST (15:00Z).
    expect(addBusinessTime(newYork, utc("2024-11-01T20:00:00Z"), 2 * HOUR)).toEqual(utc("2024-11-04T15:00:00Z"));
    // Fri 2024-03-08 16:00 EST (21:00Z) + 2 h → Mon 2024-03-11 10:00 EDT (14:00Z), after the spring change.
    expect(addBusinessTime(newYork, utc("2024-03-08T21:00:00Z"), 2 * HOUR)).toEqual(utc("2024-03-11T14:00:00Z"));
    expect(isOpen(newYork, utc("2024-11-04T14:00:00Z"))).toBe(true); // Mon 09:00 EST
    expect(isOpen(newYork, utc("2024-11-04T13:59:00Z"))).toBe(false);
  });

  it("Mon–Fri 9–18 in Asia/Tokyo, the same instants that are evening in Europe", () => {
    const tokyo = schedule({ timeZone: "Asia/Tokyo", weeklyHours: weekdays("09:00", "18:00") });
    // Fri 2024-06-07 17:00 JST (08:00Z) + 3 h → Mon 2024-06-10 11:00 JST (02:00Z).
    expect(addBusinessTime(tokyo, utc("2024-06-07T08:00:00Z"), 3 * HOUR)).toEqual(utc("2024-06-10T02:00:00Z"));
    // Sun 2024-06-09 20:00Z is already Monday 05:00 in Tokyo: next opening Mon 09:00 JST (00:00Z).
    expect(nextOpening(tokyo, utc("2024-06-09T20:00:00Z"))).toEqual(utc("2024-06-10T00:00:00Z"));
  });

  it("split shifts: a lunch break is closed", () => {
    const withLunch = schedule({ weeklyHours: [...weekdays("08:00", "12:00"), ...weekdays("13:00", "17:00")] });
    // Mon 2024-06-03 11:30 CEST (09:30Z) + 1 h → 12:00–13:00 closed → 13:30 CEST (11:30Z).
    expect(addBusinessTime(withLunch, utc("2024-06-03T09:30:00Z"), HOUR)).toEqual(utc("2024-06-03T11:30:00Z"));
    expect(isOpen(withLunch, utc("2024-06-03T10:30:00Z"))).toBe(false);
  });
});

describe("business time: pauses", () => {
  const berlin = schedule();
  // Paused from Mon 2024-06-03 13:00 CEST (11:00Z) to Tue 10:00 CEST (08:00Z).
  const pauses = [{ from: utc("2024-06-03T11:00:00Z"), to: utc("2024-06-04T08:00:00Z") }];

  it("leaves paused business time out of the elapsed time", () => {
    // Mon 09:00 CEST to Tue 12:00 CEST: 8 h + 3 h = 11 h; paused: Mon 13–17 and Tue 9–10 = 5 h.
    expect(businessTimeBetween(berlin, utc("2024-06-03T07:00:00Z"), utc("2024-06-04T10:00:00Z"))).toBe(11 * HOUR);
    expect(businessTimeBetween(berlin, utc("2024-06-03T07:00:00Z"), utc("2024-06-04T10:00:00Z"), { pauses })).toBe(6 * HOUR);
  });

  it("moves a due time on by the paused business time", () => {
    // Mon 09:00 CEST + 6 h: 4 h until the pause, the rest from Tue 10:00 → Tue 12:00 CEST (10:00Z).
    expect(addBusinessTime(berlin, utc("2024-06-03T07:00:00Z"), 6 * HOUR, { pauses })).toEqual(utc("2024-06-04T10:00:00Z"));
    // Overlapping pauses count once.
    const overlapping = [...pauses, { from: utc("2024-06-03T12:00:00Z"), to: utc("2024-06-03T14:00:00Z") }];
    expect(addBusinessTime(berlin, utc("2024-06-03T07:00:00Z"), 6 * HOUR, { pauses: overlapping })).toEqual(utc("2024-06-04T10:00:00Z"));
  });

  it("pauses in calendar time too", () => {
    // Two hours of calendar time with a 30-minute pause in between.
    const pause = [{ from: utc("2024-06-01T10:30:00Z"), to: utc("2024-06-01T11:00:00Z") }];
    expect(addBusinessTime(calendarTime, utc("2024-06-01T10:00:00Z"), 2 * HOUR, { pauses: pause })).toEqual(utc("2024-06-01T12:30:00Z"));
    expect(businessTimeBetween(calendarTime, utc("2024-06-01T10:00:00Z"), utc("2024-06-01T12:30:00Z"), { pauses: pause })).toBe(2 * HOUR);
  });
});

describe("business time: edge cases", () => {
  it("calendar time is plain elapsed time, DST or not", () => {
    expect(addBusinessTime(calendarTime, utc("2024-03-30T23:00:00Z"), 5 * MINUTE)).toEqual(utc("2024-03-30T23:05:00Z"));
    expect(isOpen(calendarTime, utc("2024-12-25T03:00:00Z"))).toBe(true);
  });

  it("a zero duration is due at once; a schedule that never opens has no next opening", () => {
    expect(addBusinessTime(schedule(), utc("2024-03-09T10:00:00Z"), 0)).toEqual(utc("2024-03-09T10:00:00Z"));
    const never = schedule({ weeklyHours: [] });
    expect(nextOpening(never, utc("2024-03-09T10:00:00Z"))).toBeNull();
    expect(() => addBusinessTime(never, utc("2024-03-09T10:00:00Z"), HOUR)).toThrow(RangeError);
    expect(businessTimeBetween(schedule(), utc("2024-03-11T10:00:00Z"), utc("2024-03-11T09:00:00Z"))).toBe(0);
  });

  it("refuses an unknown time zone", () => {
    expect(() => nextOpening(schedule({ timeZone: "Mars/Olympus_Mons" }), utc("2024-03-09T10:00:00Z"))).toThrow(RangeError);
  });
});
