import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestampColumn } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { agents } from "../agents/agents.table.js";

/**
 * Every live realtime connection of an agent, on whichever Caredesk process holds it. The
 * process refreshes `last_seen_at` while the socket lives; a row whose process died goes
 * stale and is swept out, so that the database stays the truth across processes.
 */
export const agentConnections = pgTable(
  "agent_connections",
  {
    id: uuid("id").primaryKey(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id").notNull().references(() => agents.id, { onDelete: "cascade" }),
    /** The process holding the socket (random per start), for its heartbeat and shutdown. */
    nodeId: text("node_id").notNull(),
    openedAt: timestampColumn("opened_at").notNull().defaultNow(),
    lastSeenAt: timestampColumn("last_seen_at").notNull().defaultNow(),
    lastActivityAt: timestampColumn("last_activity_at").notNull().defaultNow(),
  },
  (table) => [index("agent_connections_agent_idx").on(table.agentId), index("agent_connections_seen_idx").on(table.lastSeenAt)],
);
