import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, smallint, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { AgentPresence, Level, Locale, Role } from "../../../common/domain.js";
import { createdAt, primaryId, timestampColumn, updatedAt } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";

export const agents = pgTable(
  "agents",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").$type<Role>().notNull(),
    level: smallint("level").$type<Level>().notNull().default(1),
    skills: text("skills").array().notNull().default(sql`'{}'::text[]`),
    languages: text("languages").array().notNull().default(sql`'{}'::text[]`),
    locale: text("locale").$type<Locale>().notNull().default("en"),
    passwordHash: text("password_hash").notNull(),
    failedLoginAttempts: integer("failed_login_attempts").notNull().default(0),
    lockedUntil: timestampColumn("locked_until"),
    deactivatedAt: timestampColumn("deactivated_at"),
    /** Derived from the agent's live connections and choice (modules/presence); kept here for routing. */
    presence: text("presence").$type<AgentPresence>().notNull().default("offline"),
    /** What the agent chose: `away` keeps them away while connected; `online` lets activity decide. */
    presenceChoice: text("presence_choice").$type<"online" | "away">().notNull().default("online"),
    presenceChangedAt: timestampColumn("presence_changed_at"),
    /** Real-time conversations (chat, messengers, callbacks) at once. */
    maxChats: integer("max_chats").notNull().default(3),
    /** Open conversations assigned at once, all channels. */
    maxOpenConversations: integer("max_open_conversations").notNull().default(25),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    // Login is by email alone, so an address belongs to one agent across all accounts.
    uniqueIndex("agents_email_unique").on(sql`lower(${table.email})`),
    index("agents_account_idx").on(table.accountId),
    check("agents_role_check", sql`${table.role} in ('admin', 'supervisor', 'agent', 'analyst')`),
    check("agents_level_check", sql`${table.level} between 1 and 3`),
    check("agents_presence_check", sql`${table.presence} in ('online', 'away', 'offline') and ${table.presenceChoice} in ('online', 'away')`),
    check("agents_capacity_check", sql`${table.maxChats} >= 0 and ${table.maxOpenConversations} >= 0`),
  ],
);
