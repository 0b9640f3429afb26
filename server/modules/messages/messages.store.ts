import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import { exactTimestamp } from "../../platform/pagination.js";
import type { AttachmentRow, EmailMessageRow, MessageRow } from "../../platform/db/rows.js";
import { agents } from "../agents/agents.table.js";
import { attachments } from "../attachments/attachments.table.js";
import { customers } from "../customers/customers.table.js";
import { emailMessages } from "../email/email.table.js";
import { messages } from "./messages.table.js";

export type MessageDetails = MessageRow & { authorName: string | null; attachments: AttachmentRow[]; email: EmailMessageRow | null };

export async function insert(executor: Executor, values: typeof messages.$inferInsert): Promise<MessageRow> {
  const [message] = await executor.insert(messages).values(values).returning();
  return message!;
}

export async function update(executor: Executor, id: string, changes: Partial<typeof messages.$inferInsert>): Promise<MessageRow> {
  const [message] = await executor.update(messages).set({ ...changes, updatedAt: new Date() }).where(eq(messages.id, id)).returning();
  return message!;
}

/**
 * Records a delivery outcome only while the message is still pending: a reply that was
 * withdrawn, or settled by someone else meanwhile, keeps its state.
 */
export async function updateIfPending(executor: Executor, id: string, changes: Partial<typeof messages.$inferInsert>): Promise<MessageRow | null> {
  const [message] = await executor
    .update(messages)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(messages.id, id), eq(messages.deliveryStatus, "pending")))
    .returning();
  return message ?? null;
}

export async function findById(executor: Executor, accountId: string, id: string): Promise<MessageRow | null> {
  const [message] = await executor.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.id, id)));
  return message ?? null;
}

export async function findForUpdate(executor: Executor, accountId: string, id: string): Promise<MessageRow | null> {
  const [message] = await executor.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.id, id))).for("update");
  return message ?? null;
}

/** Newest first from `before` (exclusive), with the exact creation time for the cursor; the caller reverses for display. */
export async function listPage(
  executor: Executor,
  accountId: string,
  conversationId: string,
  before: { createdAt: string; id: string } | null,
  limit: number,
): Promise<Array<MessageRow & { createdAtExact: string }>> {
  const rows = await executor
    .select({ message: messages, createdAtExact: exactTimestamp(messages.createdAt) })
    .from(messages)
    .where(
      and(
        eq(messages.accountId, accountId),
        eq(messages.conversationId, conversationId),
        before ? sql`(${messages.createdAt}, ${messages.id}) < (${before.createdAt}::timestamptz, ${before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit + 1);
  return rows.map((row) => ({ ...row.message, createdAtExact: row.createdAtExact }));
}

export async function withDetails(executor: Executor, rows: MessageRow[]): Promise<MessageDetails[]> {
  if (rows.length === 0) return [];
  const agentIds = [...new Set(rows.map((row) => row.authorAgentId).filter((id): id is string => id !== null))];
  const customerIds = [...new Set(rows.map((row) => row.authorCustomerId).filter((id): id is string => id !== null))];
  const [agentNames, customerNames, files, emails] = await Promise.all([
    agentIds.length ? executor.select({ id: agents.id, name: agents.name }).from(agents).where(inArray(agents.id, agentIds)) : [],
    customerIds.length ? executor.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, customerIds)) : [],
    executor
      .select()
      .from(attachments)
      .where(inArray(attachments.messageId, rows.map((row) => row.id)))
      .orderBy(asc(attachments.createdAt)),
    // The email side of messages on email channels (from/to/cc, body split, raw source).
    executor.select().from(emailMessages).where(inArray(emailMessages.messageId, rows.map((row) => row.id))),
  ]);
  const names = new Map([...agentNames, ...customerNames].map((entry) => [entry.id, entry.name]));
  return rows.map((row) => ({
    ...row,
    authorName: names.get(row.authorAgentId ?? row.authorCustomerId ?? "") ?? null,
    attachments: files.filter((file) => file.messageId === row.id),
    email: emails.find((email) => email.messageId === row.id) ?? null,
  }));
}

/** Has an agent already answered this conversation on its channel (not a note)? */
export async function hasAgentReply(executor: Executor, conversationId: string): Promise<boolean> {
  const [row] = await executor
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "out"), eq(messages.isNote, false)))
    .limit(1);
  return Boolean(row);
}
