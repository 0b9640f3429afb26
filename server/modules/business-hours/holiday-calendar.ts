import Holidays from "date-holidays";

/** A country's (and optionally a state's) public holidays, from the date-holidays library. */
export type HolidayCalendar = { country: string; state: string | null };

const datesByCalendarYear = new Map<string, Set<string>>();
// date-holidays parses its rule set per instance; one instance per calendar is plenty.
const instances = new Map<string, Holidays>();
const CACHE_LIMIT = 2_000;

function instanceOf(calendar: HolidayCalendar): Holidays {
  const key = `${calendar.country}/${calendar.state ?? ""}`;
  let instance = instances.get(key);
  if (!instance) {
    instance = calendar.state ? new Holidays(calendar.country, calendar.state) : new Holidays(calendar.country);
    instances.set(key, instance);
  }
  return instance;
}

/**
 * The whole-day public holidays of a calendar in one year, as local dates (`YYYY-MM-DD`).
 * Holidays that begin at a time of day (a half day from 14:00, say) are not closures here:
 * business hours close for whole days only.
 */
export function publicHolidayDates(calendar: HolidayCalendar, year: number): Set<string> {
  const key = `${calendar.country}/${calendar.state ?? ""}/${year}`;
  const cached = datesByCalendarYear.get(key);
  if (cached) return cached;
  const dates = new Set<string>();
  for (const holiday of instanceOf(calendar).getHolidays(year) || []) {
    if (holiday.type === "public" && holiday.date.slice(11, 19) === "00:00:00") dates.add(holiday.date.slice(0, 10));
  }
  if (datesByCalendarYear.size >= CACHE_LIMIT) datesByCalendarYear.clear();
  datesByCalendarYear.set(key, dates);
  return dates;
}

/** Whether date-holidays knows this country (and state). */
export function isKnownCalendar(calendar: HolidayCalendar): boolean {
  const countries = new Holidays().getCountries("en") as Record<string, string> | undefined;
  if (!countries || !(calendar.country in countries)) return false;
  if (!calendar.state) return true;
  const states = new Holidays().getStates(calendar.country, "en") as Record<string, string> | undefined;
  return Boolean(states && calendar.state in states);
}

/** Countries and their states (for the editor), names in the given language where known. */
export function listHolidayCalendars(language: string): Array<{ country: string; name: string; states: Array<{ state: string; name: string }> }> {
  const holidays = new Holidays();
  const countries = (holidays.getCountries(language) ?? {}) as Record<string, string>;
  return Object.entries(countries)
    .map(([country, name]) => {
      const states = (holidays.getStates(country, language) ?? {}) as Record<string, string>;
      return { country, name, states: Object.entries(states).map(([state, stateName]) => ({ state, name: stateName })) };
    })
    .sort((a, b) => a.name.localeCompare(b.name, language));
}

/** The public holidays of a calendar in a year with their names, for the editor's preview. */
export function listPublicHolidays(calendar: HolidayCalendar, year: number, language: string): Array<{ date: string; name: string }> {
  const instance = calendar.state ? new Holidays(calendar.country, calendar.state, { languages: language }) : new Holidays(calendar.country, { languages: language });
  return (instance.getHolidays(year, language) || [])
    .filter((holiday) => holiday.type === "public" && holiday.date.slice(11, 19) === "00:00:00")
    .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }));
}
