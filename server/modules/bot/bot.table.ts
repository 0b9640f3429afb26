import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { BotMode, BotState, HandoffReason, IntentOutcome, QualificationQuestion } from "../../../common/bot-views.js";
import type { Locale } from "../../../common/domain.js";
import { createdAt, primaryId, updatedAt } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { channels } from "../channels/channels.table.js";
import { conversations } from "../conversations/conversations.table.js";
import { knowledgeArticles } from "../knowledge/knowledge.table.js";

/** What customers want, learned from example phrases; what the bot asks and where it routes. */
export const botIntents = pgTable(
  "bot_intents",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    examples: text("examples").array().notNull().default(sql`'{}'::text[]`),
    articleId: uuid("article_id").references(() => knowledgeArticles.id, { onDelete: "set null" }),
    questions: jsonb("questions").$type<QualificationQuestion[]>().notNull().default([]),
    outcome: jsonb("outcome").$type<IntentOutcome>().notNull().default({ topic: null, category: null, priority: null, level: null, teamId: null }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex("bot_intents_name_unique").on(table.accountId, table.name)],
);

/** The account's bot settings; the optional LLM endpoint phrases answers from articles. */
export const botSettings = pgTable("bot_settings", {
  accountId: uuid("account_id").primaryKey().references(() => accounts.id, { onDelete: "cascade" }),
  confidenceThreshold: real("confidence_threshold"),
  isLlmEnabled: boolean("is_llm_enabled").notNull().default(false),
  llmBaseUrl: text("llm_base_url"),
  llmApiKey: text("llm_api_key"),
  llmModel: text("llm_model"),
  updatedAt: updatedAt(),
});

/** Whether the bot serves a channel; a channel without a row is off. */
export const botChannelSettings = pgTable(
  "bot_channel_settings",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    mode: text("mode").$type<BotMode>().notNull(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("bot_channel_settings_channel_unique").on(table.channelId),
    index("bot_channel_settings_account_idx").on(table.accountId),
    check("bot_channel_settings_mode_check", sql`${table.mode} in ('off', 'always', 'outside_business_hours')`),
  ],
);

/** The bot's side of a conversation: its state, what it understood, and what it asked. */
export const botConversations = pgTable(
  "bot_conversations",
  {
    conversationId: uuid("conversation_id").primaryKey().references(() => conversations.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    state: text("state").$type<BotState>().notNull(),
    step: text("step").$type<"start" | "awaiting_feedback" | "qualifying">(),
    language: text("language").$type<Locale>(),
    intent: text("intent"),
    confidence: real("confidence"),
    articleId: uuid("article_id").references(() => knowledgeArticles.id, { onDelete: "set null" }),
    questionIndex: integer("question_index").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    answers: jsonb("answers").$type<Record<string, string>>().notNull().default({}),
    handoffReason: text("handoff_reason").$type<HandoffReason>(),
    /** What the customer first wrote in this bot session, for the hand-off summary. */
    firstMessage: text("first_message"),
    /** The last customer message the bot handled: a retried job does not answer twice. */
    lastMessageId: uuid("last_message_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("bot_conversations_account_idx").on(table.accountId, table.state),
    check("bot_conversations_state_check", sql`${table.state} in ('bot_active', 'waiting_for_human', 'assigned', 'solved_by_bot')`),
  ],
);
