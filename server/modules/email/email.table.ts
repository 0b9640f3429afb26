import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { EmailKind } from "../../../common/domain.js";
import { createdAt, primaryId, timestampColumn, updatedAt } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { channels } from "../channels/channels.table.js";
import { conversations } from "../conversations/conversations.table.js";
import { messages } from "../messages/messages.table.js";

export type EmailAddress = { name: string | null; address: string };
export type InlineImage = { contentId: string; storageKey: string };
export type EmailBounce = { recipient: string | null; status: string | null; diagnostic: string | null; reportedAt: string };

/**
 * The email side of a message (one row per message on an email channel, in or out): the
 * headers threading relies on, the addresses, the body split into new text, quoted text
 * and signature, and where the raw source lies in the file store.
 */
export const emailMessages = pgTable(
  "email_messages",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    messageId: uuid("message_id").notNull().references(() => messages.id, { onDelete: "cascade" }),
    direction: text("direction").$type<"in" | "out">().notNull(),
    kind: text("kind").$type<EmailKind>().notNull().default("message"),
    /** The Message-ID header without angle brackets; null when a received mail had none. */
    headerMessageId: text("header_message_id"),
    /** Received mail: what identifies the same mail arriving twice (Message-ID and body hash). */
    dedupeKey: text("dedupe_key"),
    inReplyTo: text("in_reply_to"),
    references: text("references").array().notNull().default(sql`'{}'::text[]`),
    subject: text("subject").notNull().default(""),
    fromAddress: text("from_address"),
    fromName: text("from_name"),
    to: jsonb("to").$type<EmailAddress[]>().notNull().default([]),
    cc: jsonb("cc").$type<EmailAddress[]>().notNull().default([]),
    bcc: jsonb("bcc").$type<EmailAddress[]>().notNull().default([]),
    replyTo: jsonb("reply_to").$type<EmailAddress[]>().notNull().default([]),
    sentAt: timestampColumn("sent_at"),
    /** The new text of the mail, without quoted history and signature. */
    textBody: text("text_body").notNull().default(""),
    textQuoted: text("text_quoted"),
    textSignature: text("text_signature"),
    /** Sanitized, remote images kept: they are blocked when presented unless allowed. */
    htmlBody: text("html_body"),
    htmlQuoted: text("html_quoted"),
    htmlSignature: text("html_signature"),
    hasRemoteImages: boolean("has_remote_images").notNull().default(false),
    remoteImagesAllowed: boolean("remote_images_allowed").notNull().default(false),
    inlineImages: jsonb("inline_images").$type<InlineImage[]>().notNull().default([]),
    rawStorageKey: text("raw_storage_key"),
    rawByteSize: bigint("raw_byte_size", { mode: "number" }),
    /** Why this mail counts as automatic (never auto-acknowledged), or null. */
    automation: text("automation"),
    isRateLimited: boolean("is_rate_limited").notNull().default(false),
    /** Set when the mail could not be read fully; the raw mail is attached to the message. */
    parseError: text("parse_error"),
    /** Outbound mail: the delivery status notification that reported it undeliverable. */
    bounce: jsonb("bounce").$type<EmailBounce>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("email_messages_message_unique").on(table.messageId),
    index("email_messages_header_idx").on(table.accountId, table.headerMessageId),
    uniqueIndex("email_messages_dedupe_unique").on(table.accountId, table.dedupeKey).where(sql`${table.direction} = 'in'`),
    index("email_messages_sender_idx").on(table.accountId, table.fromAddress, table.createdAt).where(sql`${table.direction} = 'in'`),
    index("email_messages_conversation_idx").on(table.conversationId, table.createdAt),
    check("email_messages_direction_check", sql`${table.direction} in ('in', 'out')`),
    check("email_messages_kind_check", sql`${table.kind} in ('message', 'reply', 'reply_all', 'forward', 'acknowledgement')`),
  ],
);

/**
 * One per conversation that has mail: the token our Message-IDs and reply addresses carry,
 * and the people who take part besides the customer (Cc, forward recipients). Threading
 * accepts a mail into a conversation only from its customer or one of these participants.
 */
export const emailThreads = pgTable(
  "email_threads",
  {
    conversationId: uuid("conversation_id")
      .primaryKey()
      .references(() => conversations.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    token: text("token").notNull(),
    participants: jsonb("participants").$type<EmailAddress[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex("email_threads_token_unique").on(table.token), index("email_threads_account_idx").on(table.accountId)],
);

/** Where IMAP polling of one folder stands, so that a restart resumes without a gap. */
export const emailMailboxFolders = pgTable(
  "email_mailbox_folders",
  {
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    folder: text("folder").notNull(),
    /** UIDVALIDITY as text (it is a 32-bit unsigned number that imapflow hands out as BigInt). */
    uidValidity: text("uid_validity"),
    lastUid: bigint("last_uid", { mode: "number" }).notNull().default(0),
    lastPolledAt: timestampColumn("last_polled_at"),
    lastError: text("last_error"),
    lastErrorAt: timestampColumn("last_error_at"),
    updatedAt: updatedAt(),
  },
  (table) => [primaryKey({ name: "email_mailbox_folders_pk", columns: [table.channelId, table.folder] })],
);

/**
 * Which Caredesk process polls a mailbox. A process holds the lease while it renews it;
 * when the process dies, the lease expires and another process takes the mailbox over.
 */
export const emailMailboxLeases = pgTable("email_mailbox_leases", {
  channelId: uuid("channel_id")
    .primaryKey()
    .references(() => channels.id, { onDelete: "cascade" }),
  accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
  holder: text("holder").notNull(),
  acquiredAt: timestampColumn("acquired_at").notNull().defaultNow(),
  expiresAt: timestampColumn("expires_at").notNull(),
});
