import type { BusinessHoursView } from "../../../common/views.js";
import type { BusinessHoursRow } from "../../platform/db/rows.js";
import type { BusinessHoursWithTargets } from "./business-hours.store.js";
import { type BusinessSchedule, isOpen, nextOpening } from "./business-time.js";

/** The arithmetic's view of a stored schedule. */
export function scheduleOf(row: Pick<BusinessHoursRow, "timeZone" | "weeklyHours" | "holidayCountry" | "holidayState" | "customHolidays">): BusinessSchedule {
  return {
    timeZone: row.timeZone,
    weeklyHours: row.weeklyHours,
    holidayCalendar: row.holidayCountry ? { country: row.holidayCountry, state: row.holidayState } : null,
    customHolidays: row.customHolidays.map((holiday) => holiday.date),
  };
}

export function presentBusinessHours(row: BusinessHoursWithTargets, now = new Date()): BusinessHoursView {
  const schedule = scheduleOf(row);
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    weeklyHours: row.weeklyHours,
    holidayCalendar: row.holidayCountry ? { country: row.holidayCountry, state: row.holidayState } : null,
    customHolidays: row.customHolidays,
    isDefault: row.isDefault,
    teamIds: row.teamIds,
    channelIds: row.channelIds,
    isOpenNow: isOpen(schedule, now),
    nextOpeningAt: nextOpening(schedule, now)?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
