import { IANAZone } from "luxon";
import { z } from "zod";
import { TIME_OF_DAY } from "./business-time.js";

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export const OpeningIntervalInput = z
  .object({
    weekday: z.number().int().min(1).max(7),
    opens: z.string().regex(TIME_OF_DAY, "must be a time of day HH:mm"),
    closes: z.string().regex(TIME_OF_DAY, "must be a time of day HH:mm (24:00 for midnight)"),
  })
  .refine((interval) => minutesOf(interval.opens) < minutesOf(interval.closes), { message: "must close after it opens", path: ["closes"] });

const TimeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((zone) => IANAZone.isValidZone(zone), { message: "must be an IANA time zone such as Europe/Berlin" });

const HolidayCalendarInput = z.object({
  country: z.string().trim().regex(/^[A-Z]{2}$/, "must be a country code such as DE"),
  state: z.string().trim().min(1).max(10).nullable().default(null),
});

const CustomHoliday = z.object({ date: z.iso.date(), name: z.string().trim().max(100).default("") });

const fields = {
  name: z.string().trim().min(1).max(100),
  timeZone: TimeZone,
  weeklyHours: z.array(OpeningIntervalInput).max(70),
  holidayCalendar: HolidayCalendarInput.nullable(),
  customHolidays: z.array(CustomHoliday).max(500),
  isDefault: z.boolean(),
  teamIds: z.array(z.uuid()).max(500),
  channelIds: z.array(z.uuid()).max(500),
};

export const CreateBusinessHoursBody = z.object({
  ...fields,
  holidayCalendar: fields.holidayCalendar.default(null),
  customHolidays: fields.customHolidays.default([]),
  isDefault: fields.isDefault.default(false),
  teamIds: fields.teamIds.default([]),
  channelIds: fields.channelIds.default([]),
});
export type CreateBusinessHoursInput = z.infer<typeof CreateBusinessHoursBody>;

export const UpdateBusinessHoursBody = z.object(fields).partial();
export type UpdateBusinessHoursInput = z.infer<typeof UpdateBusinessHoursBody>;

export const BusinessHoursIdParams = z.object({ id: z.uuid() });

export const HolidayCalendarQuery = z.object({ language: z.enum(["en", "de"]).default("en") });

export const PublicHolidaysQuery = z.object({
  country: z.string().trim().regex(/^[A-Z]{2}$/),
  state: z.string().trim().min(1).max(10).optional(),
  year: z.coerce.number().int().min(1970).max(2100),
  language: z.enum(["en", "de"]).default("en"),
});
