import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import type { BotChannelSettingsRow, BotConversationRow, BotIntentRow, BotSettingsRow } from "../../platform/db/rows.js";
import { messages } from "../messages/messages.table.js";
import { botChannelSettings, botConversations, botIntents, botSettings } from "./bot.table.js";

export async function listIntents(executor: Executor, accountId: string): Promise<BotIntentRow[]> {
  return executor.select().from(botIntents).where(eq(botIntents.accountId, accountId)).orderBy(asc(botIntents.name));
}

export async function findIntent(executor: Executor, accountId: string, id: string): Promise<BotIntentRow | null> {
  const [row] = await executor.select().from(botIntents).where(and(eq(botIntents.accountId, accountId), eq(botIntents.id, id)));
  return row ?? null;
}

export async function findIntentByName(executor: Executor, accountId: string, name: string): Promise<BotIntentRow | null> {
  const [row] = await executor.select().from(botIntents).where(and(eq(botIntents.accountId, accountId), eq(botIntents.name, name)));
  return row ?? null;
}

export async function insertIntent(executor: Executor, values: typeof botIntents.$inferInsert): Promise<BotIntentRow> {
  const [row] = await executor.insert(botIntents).values(values).returning();
  return row!;
}

export async function updateIntent(executor: Executor, id: string, changes: Partial<typeof botIntents.$inferInsert>): Promise<BotIntentRow> {
  const [row] = await executor.update(botIntents).set({ ...changes, updatedAt: new Date() }).where(eq(botIntents.id, id)).returning();
  return row!;
}

export async function removeIntent(executor: Executor, accountId: string, id: string): Promise<boolean> {
  const rows = await executor.delete(botIntents).where(and(eq(botIntents.accountId, accountId), eq(botIntents.id, id))).returning({ id: botIntents.id });
  return rows.length > 0;
}

/** Changes whenever an intent is added, edited or removed. */
export async function intentsFingerprint(executor: Executor, accountId: string): Promise<string> {
  const [row] = await executor
    .select({ count: sql<number>`count(*)::int`, latest: sql<string | null>`max(${botIntents.updatedAt})::text` })
    .from(botIntents)
    .where(eq(botIntents.accountId, accountId));
  return `${Number(row?.count ?? 0)}:${row?.latest ?? ""}`;
}

export async function findSettings(executor: Executor, accountId: string): Promise<BotSettingsRow | null> {
  const [row] = await executor.select().from(botSettings).where(eq(botSettings.accountId, accountId));
  return row ?? null;
}

export async function upsertSettings(executor: Executor, accountId: string, values: Partial<typeof botSettings.$inferInsert>): Promise<void> {
  await executor
    .insert(botSettings)
    .values({ accountId, ...values })
    .onConflictDoUpdate({ target: botSettings.accountId, set: { ...values, updatedAt: new Date() } });
}

export async function listChannelSettings(executor: Executor, accountId: string): Promise<BotChannelSettingsRow[]> {
  return executor.select().from(botChannelSettings).where(eq(botChannelSettings.accountId, accountId));
}

/** The channel's bot mode and since when it applies; off without a row. */
export async function findChannelMode(executor: Executor, accountId: string, channelId: string): Promise<{ mode: BotChannelSettingsRow["mode"]; since: Date | null }> {
  const [row] = await executor
    .select({ mode: botChannelSettings.mode, since: botChannelSettings.updatedAt })
    .from(botChannelSettings)
    .where(and(eq(botChannelSettings.accountId, accountId), eq(botChannelSettings.channelId, channelId)));
  return row ?? { mode: "off", since: null };
}

export async function setChannelMode(executor: Executor, accountId: string, channelId: string, mode: BotChannelSettingsRow["mode"]): Promise<void> {
  await executor
    .insert(botChannelSettings)
    .values({ accountId, channelId, mode })
    // The mode's start moves only when it changes: the bot never joins conversations begun before.
    .onConflictDoUpdate({ target: botChannelSettings.channelId, set: { mode, updatedAt: sql`case when ${botChannelSettings.mode} = excluded.mode then ${botChannelSettings.updatedAt} else now() end` } });
}

export async function findConversation(executor: Executor, accountId: string, conversationId: string): Promise<BotConversationRow | null> {
  const [row] = await executor
    .select()
    .from(botConversations)
    .where(and(eq(botConversations.accountId, accountId), eq(botConversations.conversationId, conversationId)));
  return row ?? null;
}

export async function findConversationForUpdate(executor: Executor, accountId: string, conversationId: string): Promise<BotConversationRow | null> {
  const [row] = await executor
    .select()
    .from(botConversations)
    .where(and(eq(botConversations.accountId, accountId), eq(botConversations.conversationId, conversationId)))
    .for("update");
  return row ?? null;
}

export async function saveConversation(executor: Executor, values: typeof botConversations.$inferInsert): Promise<BotConversationRow> {
  const { conversationId: _id, accountId: _account, ...changes } = values;
  const [row] = await executor
    .insert(botConversations)
    .values(values)
    .onConflictDoUpdate({ target: botConversations.conversationId, set: { ...changes, updatedAt: new Date() } })
    .returning();
  return row!;
}

/** Has an agent (not the bot, not the system) written to the customer in this conversation? */
export async function hasAgentReply(executor: Executor, accountId: string, conversationId: string): Promise<boolean> {
  const [row] = await executor
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.accountId, accountId), eq(messages.conversationId, conversationId), eq(messages.authorType, "agent"), eq(messages.isNote, false)))
    .limit(1);
  return Boolean(row);
}
