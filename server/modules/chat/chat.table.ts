import { index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, primaryId, timestampColumn } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { channels } from "../channels/channels.table.js";
import { conversations } from "../conversations/conversations.table.js";
import { customers } from "../customers/customers.table.js";
import { messages } from "../messages/messages.table.js";

/**
 * A browser that opened the chat widget of one channel. It proves itself with a token kept
 * in its localStorage (stored here only as a hash). The customer is known once the visitor
 * writes, leaves an email address, or arrives with a verified identity.
 */
export const chatVisitors = pgTable(
  "chat_visitors",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    tokenHash: text("token_hash").notNull(),
    /** The site's own id of its logged-in user, when the site signed it. */
    verifiedUserId: text("verified_user_id"),
    name: text("name"),
    email: text("email"),
    locale: text("locale"),
    /** SHA-256 of the address the session was opened from: rate limits without keeping the address. */
    ipHash: text("ip_hash").notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestampColumn("last_seen_at").notNull().defaultNow(),
  },
  (table) => [uniqueIndex("chat_visitors_token_unique").on(table.tokenHash), index("chat_visitors_customer_idx").on(table.accountId, table.customerId)],
);

/**
 * A conversation held on a chat channel: who opened it (for the rate limits) and the last
 * sequence number handed out. Locking this row orders the conversation's chat entries.
 */
export const chatConversations = pgTable(
  "chat_conversations",
  {
    conversationId: uuid("conversation_id")
      .primaryKey()
      .references(() => conversations.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    startedByVisitorId: uuid("started_by_visitor_id").references(() => chatVisitors.id, { onDelete: "set null" }),
    startedFromIpHash: text("started_from_ip_hash"),
    lastSeq: integer("last_seq").notNull().default(0),
    createdAt: createdAt(),
  },
  (table) => [
    index("chat_conversations_visitor_idx").on(table.startedByVisitorId, table.createdAt),
    index("chat_conversations_ip_idx").on(table.channelId, table.startedFromIpHash, table.createdAt),
  ],
);

/**
 * The transcript the visitor sees: every message of the conversation that reached the chat
 * (the visitor's own, and replies once delivered), numbered without gaps. Resuming after a
 * dropped connection replays the entries after the last sequence number the widget showed.
 */
export const chatEntries = pgTable(
  "chat_entries",
  {
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    messageId: uuid("message_id").notNull().references(() => messages.id, { onDelete: "cascade" }),
    clientMessageId: text("client_message_id"),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.conversationId, table.seq] }), uniqueIndex("chat_entries_message_unique").on(table.messageId)],
);

