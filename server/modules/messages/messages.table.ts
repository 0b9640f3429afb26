import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import type { AuthorType, DeliveryStatus, MessageDirection } from "../../../common/domain.js";
import { createdAt, primaryId, timestampColumn, tsvector, updatedAt } from "../../platform/db/columns.js";
import { bilingualSearchVector } from "../../platform/db/search-vector.js";
import { accounts } from "../accounts/accounts.table.js";
import { agents } from "../agents/agents.table.js";
import { conversations } from "../conversations/conversations.table.js";
import { customers } from "../customers/customers.table.js";

export const messages = pgTable(
  "messages",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    direction: text("direction").$type<MessageDirection>().notNull(),
    authorType: text("author_type").$type<AuthorType>().notNull(),
    authorAgentId: uuid("author_agent_id").references(() => agents.id, { onDelete: "set null" }),
    authorCustomerId: uuid("author_customer_id").references(() => customers.id, { onDelete: "set null" }),
    /** An internal note: never delivered, never shown to the customer. */
    isNote: boolean("is_note").notNull().default(false),
    text: text("text").notNull().default(""),
    /** Sanitized before it is stored; safe to render. */
    html: text("html"),
    /** The sender's id for this message on its channel (idempotency, threading). */
    externalId: text("external_id"),
    deliveryStatus: text("delivery_status").$type<DeliveryStatus>().notNull(),
    deliveryError: text("delivery_error"),
    deliveryAttempts: integer("delivery_attempts").notNull().default(0),
    deliveredAt: timestampColumn("delivered_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    searchVector: tsvector("search_vector").generatedAlwaysAs(() => bilingualSearchVector("text")),
  },
  (table) => [
    index("messages_conversation_idx").on(table.conversationId, table.createdAt, table.id),
    index("messages_account_idx").on(table.accountId, table.createdAt),
    index("messages_search_idx").using("gin", table.searchVector),
    check("messages_direction_check", sql`${table.direction} in ('in', 'out')`),
    check("messages_author_check", sql`${table.authorType} in ('customer', 'agent', 'bot', 'system')`),
    check(
      "messages_delivery_status_check",
      sql`${table.deliveryStatus} in ('not_applicable', 'received', 'pending', 'sent', 'delivered', 'failed')`,
    ),
  ],
);
