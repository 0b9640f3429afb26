import { integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, primaryId, updatedAt } from "../../platform/db/columns.js";

export const accounts = pgTable("accounts", {
  id: primaryId(),
  name: text("name").notNull(),
  locale: text("locale").notNull().default("en"),
  timeZone: text("time_zone").notNull().default("UTC"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * The last conversation number handed out per account. Kept out of `accounts` so that
 * numbering a conversation locks only this row, and only while a conversation is created.
 */
export const conversationNumbers = pgTable("conversation_numbers", {
  accountId: uuid("account_id").primaryKey().references(() => accounts.id, { onDelete: "cascade" }),
  lastNumber: integer("last_number").notNull().default(0),
});
