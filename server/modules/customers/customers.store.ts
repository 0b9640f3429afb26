import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { IdentityKind } from "../../../common/domain.js";
import type { Executor } from "../../platform/db/database.js";
import type { CustomerRow, IdentityRow } from "../../platform/db/rows.js";
import { exactTimestamp } from "../../platform/pagination.js";
import { customerIdentities, customers } from "./customers.table.js";

export type CustomerWithIdentities = CustomerRow & { identities: IdentityRow[] };

export async function findById(executor: Executor, accountId: string, id: string): Promise<CustomerRow | null> {
  const [customer] = await executor.select().from(customers).where(and(eq(customers.accountId, accountId), eq(customers.id, id)));
  return customer ?? null;
}

export async function findForUpdate(executor: Executor, accountId: string, id: string): Promise<CustomerRow | null> {
  const [customer] = await executor.select().from(customers).where(and(eq(customers.accountId, accountId), eq(customers.id, id))).for("update");
  return customer ?? null;
}

export async function withIdentities(executor: Executor, rows: CustomerRow[]): Promise<CustomerWithIdentities[]> {
  if (rows.length === 0) return [];
  const identities = await executor
    .select()
    .from(customerIdentities)
    .where(inArray(customerIdentities.customerId, rows.map((row) => row.id)))
    .orderBy(asc(customerIdentities.createdAt), asc(customerIdentities.id));
  return rows.map((row) => ({ ...row, identities: identities.filter((identity) => identity.customerId === row.id) }));
}

/** Newest first (with the exact creation time for the cursor); with a query, matches name, email, phone or any other identity by substring. */
export async function list(
  executor: Executor,
  accountId: string,
  options: { query?: string; after?: { createdAt: string; id: string }; limit: number },
): Promise<Array<CustomerRow & { createdAtExact: string }>> {
  const pattern = options.query ? `%${escapeLike(options.query.toLowerCase())}%` : null;
  const rows = await executor
    .select({ customer: customers, createdAtExact: exactTimestamp(customers.createdAt) })
    .from(customers)
    .where(
      and(
        eq(customers.accountId, accountId),
        pattern
          ? or(
              sql`lower(${customers.name}) like ${pattern}`,
              sql`exists (select 1 from ${customerIdentities} where ${customerIdentities.customerId} = ${customers.id} and ${customerIdentities.value} like ${pattern})`,
            )
          : undefined,
        options.after ? sql`(${customers.createdAt}, ${customers.id}) < (${options.after.createdAt}::timestamptz, ${options.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(options.limit + 1);
  return rows.map((row) => ({ ...row.customer, createdAtExact: row.createdAtExact }));
}

export async function insert(executor: Executor, values: typeof customers.$inferInsert): Promise<CustomerRow> {
  const [customer] = await executor.insert(customers).values(values).returning();
  return customer!;
}

export async function update(executor: Executor, id: string, changes: Partial<typeof customers.$inferInsert>): Promise<CustomerRow> {
  const [customer] = await executor.update(customers).set({ ...changes, updatedAt: new Date() }).where(eq(customers.id, id)).returning();
  return customer!;
}

export async function findByIdentity(executor: Executor, accountId: string, kind: IdentityKind, value: string): Promise<CustomerRow | null> {
  const [row] = await executor
    .select({ customer: customers })
    .from(customerIdentities)
    .innerJoin(customers, eq(customers.id, customerIdentities.customerId))
    .where(and(eq(customerIdentities.accountId, accountId), eq(customerIdentities.kind, kind), eq(customerIdentities.value, value)));
  return row?.customer ?? null;
}

/** Adds the identity unless any customer of the account already has it; returns whether it was added. */
export async function insertIdentity(executor: Executor, values: { accountId: string; customerId: string; kind: IdentityKind; value: string }): Promise<IdentityRow | null> {
  const [identity] = await executor.insert(customerIdentities).values(values).onConflictDoNothing().returning();
  return identity ?? null;
}

export async function deleteIdentity(executor: Executor, accountId: string, customerId: string, identityId: string): Promise<boolean> {
  const deleted = await executor
    .delete(customerIdentities)
    .where(and(eq(customerIdentities.accountId, accountId), eq(customerIdentities.customerId, customerId), eq(customerIdentities.id, identityId)))
    .returning({ id: customerIdentities.id });
  return deleted.length > 0;
}

export async function deleteCustomer(executor: Executor, id: string): Promise<void> {
  await executor.delete(customers).where(eq(customers.id, id));
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
