import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, primaryId, timestampColumn } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { agents } from "../agents/agents.table.js";

/** A web app login. The cookie carries a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  "sessions",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id").notNull().references(() => agents.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    csrfToken: text("csrf_token").notNull(),
    userAgent: text("user_agent"),
    ipAddress: text("ip_address"),
    createdAt: createdAt(),
    lastSeenAt: timestampColumn("last_seen_at").notNull().defaultNow(),
    expiresAt: timestampColumn("expires_at").notNull(),
  },
  (table) => [index("sessions_agent_idx").on(table.agentId), index("sessions_expires_idx").on(table.expiresAt)],
);

/** A personal API token. Shown once at creation; only its SHA-256 is stored. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id").notNull().references(() => agents.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The first characters of the token, so a person can tell tokens apart. */
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestampColumn("last_used_at"),
    revokedAt: timestampColumn("revoked_at"),
  },
  (table) => [index("api_tokens_agent_idx").on(table.agentId)],
);
