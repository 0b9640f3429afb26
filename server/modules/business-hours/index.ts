/**
 * Business hours: when a team or channel is open, in its time zone, closed on public
 * holidays (date-holidays: countries and their states) and custom dates.
 *
 * The stable API for other modules (SLA clocks, routing, the chat widget):
 *
 * - `isOpen(schedule, at)`: open at that instant? (an interval's closing minute is closed)
 * - `nextOpening(schedule, at)`: `at` itself when open, else the next opening; null if it never opens
 * - `addBusinessTime(schedule, start, durationMs, { pauses })`: the instant after that much open time
 * - `businessTimeBetween(schedule, from, to, { pauses })`: open time between two instants, in ms
 * - `calendarTime`: a schedule open around the clock (targets in calendar time)
 *
 * A schedule comes from `services.businessHours.scheduleFor(executor, accountId, { teamId, channelId })`:
 * the team's own, else the channel's, else the account's default, else Mon–Fri 9–17 in the
 * account's time zone. `services.businessHours.isOpenNow(accountId, { teamId, channelId })`
 * answers "outside business hours?" in one call.
 *
 * The functions are pure (luxon does the time zones); instants are `Date`s, durations ms.
 */
export { addBusinessTime, type BusinessSchedule, businessTimeBetween, calendarTime, isOpen, nextOpening, type OpeningInterval, type Pause, type Weekday } from "./business-time.js";
export { BusinessHoursService, type ScheduleTarget, standardWeeklyHours } from "./business-hours.service.js";
export type { HolidayCalendar } from "./holiday-calendar.js";
