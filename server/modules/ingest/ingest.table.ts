import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, primaryId, timestampColumn } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { channels } from "../channels/channels.table.js";
import { conversations } from "../conversations/conversations.table.js";
import { messages } from "../messages/messages.table.js";

export type InboundStatus = "received" | "processed" | "failed";

/**
 * Everything a customer sent, exactly as it arrived, stored before any processing.
 * A processing failure leaves the row `failed` with its error: visible and retryable.
 */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    payload: jsonb("payload").$type<unknown>().notNull(),
    status: text("status").$type<InboundStatus>().notNull().default("received"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    conversationId: uuid("conversation_id").references(() => conversations.id, { onDelete: "set null" }),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    receivedAt: createdAt(),
    processedAt: timestampColumn("processed_at"),
  },
  (table) => [
    uniqueIndex("inbound_messages_external_unique").on(table.channelId, table.externalId),
    index("inbound_messages_status_idx").on(table.accountId, table.status).where(sql`${table.status} <> 'processed'`),
    check("inbound_messages_status_check", sql`${table.status} in ('received', 'processed', 'failed')`),
  ],
);
