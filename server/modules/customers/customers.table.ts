import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { IdentityKind } from "../../../common/domain.js";
import { createdAt, newestFirst, primaryId, updatedAt } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { agents } from "../agents/agents.table.js";

export const customers = pgTable(
  "customers",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull().default(""),
    language: text("language"),
    timeZone: text("time_zone"),
    company: text("company"),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** A key account's own agent: routing offers the customer's conversations to them first. */
    accountManagerId: uuid("account_manager_id").references(() => agents.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("customers_account_created_idx").on(table.accountId, ...newestFirst(table.createdAt, table.id)),
    index("customers_name_trgm_idx").using("gin", sql`lower(${table.name}) gin_trgm_ops`),
    index("customers_tags_idx").using("gin", table.tags),
  ],
);

/** A customer's address on one kind of channel: unique per account, so it identifies the customer. */
export const customerIdentities = pgTable(
  "customer_identities",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").notNull().references(() => customers.id, { onDelete: "cascade" }),
    kind: text("kind").$type<IdentityKind>().notNull(),
    /** Normalized: emails lower-cased, phone numbers as +digits. */
    value: text("value").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("customer_identities_unique").on(table.accountId, table.kind, table.value),
    index("customer_identities_customer_idx").on(table.customerId),
    index("customer_identities_value_trgm_idx").using("gin", sql`${table.value} gin_trgm_ops`),
  ],
);
