import { bigint, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, primaryId } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { agents } from "../agents/agents.table.js";
import { messages } from "../messages/messages.table.js";

/**
 * A file stored under the data folder. Uploaded first (message_id null), then attached
 * to exactly one message; unattached uploads older than a day are swept.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "cascade" }),
    uploadedByAgentId: uuid("uploaded_by_agent_id").references(() => agents.id, { onDelete: "set null" }),
    fileName: text("file_name").notNull(),
    /** Sniffed from the bytes, not taken from the sender's claim. */
    contentType: text("content_type").notNull(),
    byteSize: bigint("byte_size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("attachments_message_idx").on(table.messageId), index("attachments_account_idx").on(table.accountId, table.createdAt)],
);
