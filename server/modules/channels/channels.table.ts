import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { ChannelType } from "../../../common/domain.js";
import { createdAt, primaryId, updatedAt } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";

/** An inbox of one type: an API integration, a mailbox, a website chat, a messenger number. */
export const channels = pgTable(
  "channels",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    type: text("type").$type<ChannelType>().notNull(),
    name: text("name").notNull(),
    isEnabled: boolean("is_enabled").notNull().default(true),
    /** Type-specific settings, validated by the channel's schema in channels.schemas.ts. */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    /** SHA-256 of the token a sender presents to post inbound messages (API channel). */
    inboundTokenHash: text("inbound_token_hash"),
    /** Key for signing outbound webhooks; needed in clear to compute the HMAC. */
    signingSecret: text("signing_secret"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("channels_account_idx").on(table.accountId),
    uniqueIndex("channels_inbound_token_unique").on(table.inboundTokenHash),
    check("channels_type_check", sql`${table.type} in ('api', 'email', 'chat', 'whatsapp', 'telegram', 'messenger', 'instagram', 'phone', 'letter')`),
  ],
);
