import { bigint, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../db/columns.js";

/**
 * The durable record of every domain event, written in the transaction of the change.
 * Realtime, automations, webhooks and analytics all read from here.
 */
export const domainEvents = pgTable(
  "domain_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    // No foreign key: the log outlives what it describes (an erased customer, a deleted team).
    accountId: uuid("account_id").notNull(),
    name: text("name").notNull(),
    conversationId: uuid("conversation_id"),
    actorType: text("actor_type").notNull(),
    actorId: uuid("actor_id"),
    data: jsonb("data").$type<unknown>().notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index("domain_events_account_idx").on(table.accountId, table.id),
    index("domain_events_conversation_idx").on(table.conversationId, table.id),
  ],
);
