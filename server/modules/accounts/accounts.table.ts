import { integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, primaryId, updatedAt } from "../../platform/db/columns.js";

export const accounts = pgTable(
  "accounts",
  {
    id: primaryId(),
    name: text("name").notNull(),
    /** The account's name in public URLs: the help center lives at /help/<slug>. */
    slug: text("slug").notNull(),
    locale: text("locale").notNull().default("en"),
    timeZone: text("time_zone").notNull().default("UTC"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex("accounts_slug_unique").on(table.slug)],
);

/**
 * The last conversation number handed out per account. Kept out of `accounts` so that
 * numbering a conversation locks only this row, and only while a conversation is created.
 */
export const conversationNumbers = pgTable("conversation_numbers", {
  accountId: uuid("account_id").primaryKey().references(() => accounts.id, { onDelete: "cascade" }),
  lastNumber: integer("last_number").notNull().default(0),
});
