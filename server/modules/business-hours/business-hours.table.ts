import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, primaryId, updatedAt } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { channels } from "../channels/channels.table.js";
import { teams } from "../teams/teams.table.js";
import type { OpeningInterval } from "./business-time.js";

/**
 * A named schedule of an account: weekly opening intervals in a time zone, closed on a
 * holiday calendar's public holidays and on custom dates. One schedule is the account's
 * default; teams and channels may have their own.
 */
export const businessHours = pgTable(
  "business_hours",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    timeZone: text("time_zone").notNull(),
    weeklyHours: jsonb("weekly_hours").$type<OpeningInterval[]>().notNull(),
    /** ISO country code of date-holidays' calendar (`DE`), with an optional state (`BY`). */
    holidayCountry: text("holiday_country"),
    holidayState: text("holiday_state"),
    customHolidays: jsonb("custom_holidays").$type<Array<{ date: string; name: string }>>().notNull().default([]),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("business_hours_name_unique").on(table.accountId, table.name),
    uniqueIndex("business_hours_default_unique").on(table.accountId).where(sql`${table.isDefault}`),
    check("business_hours_state_check", sql`${table.holidayState} is null or ${table.holidayCountry} is not null`),
  ],
);

/** Which schedule a team or a channel keeps (one row each; none means the account's default). */
export const businessHoursAssignments = pgTable(
  "business_hours_assignments",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    businessHoursId: uuid("business_hours_id").notNull().references(() => businessHours.id, { onDelete: "cascade" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").references(() => channels.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("business_hours_assignments_team_unique").on(table.teamId),
    uniqueIndex("business_hours_assignments_channel_unique").on(table.channelId),
    index("business_hours_assignments_schedule_idx").on(table.businessHoursId),
    check("business_hours_assignments_target_check", sql`(${table.teamId} is null) <> (${table.channelId} is null)`),
  ],
);
