import { eq, sql } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import type { AccountRow } from "../../platform/db/rows.js";
import { accounts, conversationNumbers } from "./accounts.table.js";

export async function findById(executor: Executor, id: string): Promise<AccountRow | null> {
  const [account] = await executor.select().from(accounts).where(eq(accounts.id, id));
  return account ?? null;
}

export async function findBySlug(executor: Executor, slug: string): Promise<AccountRow | null> {
  const [account] = await executor.select().from(accounts).where(eq(accounts.slug, slug));
  return account ?? null;
}

export async function insert(executor: Executor, values: typeof accounts.$inferInsert): Promise<AccountRow> {
  const [account] = await executor.insert(accounts).values(values).returning();
  await executor.insert(conversationNumbers).values({ accountId: account!.id });
  return account!;
}

export async function count(executor: Executor): Promise<number> {
  const [row] = await executor.select({ count: sql<number>`count(*)::int` }).from(accounts);
  return row?.count ?? 0;
}

/** The next conversation number of the account; locks the account's counter row until commit. */
export async function nextConversationNumber(executor: Executor, accountId: string): Promise<number> {
  const [row] = await executor
    .update(conversationNumbers)
    .set({ lastNumber: sql`${conversationNumbers.lastNumber} + 1` })
    .where(eq(conversationNumbers.accountId, accountId))
    .returning({ number: conversationNumbers.lastNumber });
  if (!row) throw new Error(`account ${accountId} has no conversation counter`);
  return row.number;
}
