import type { BotConversationView, BotSettingsView, IntentView } from "../../../common/bot-views.js";
import type { BotChannelSettingsRow, BotConversationRow, BotIntentRow, BotSettingsRow } from "../../platform/db/rows.js";

export function presentIntent(intent: BotIntentRow): IntentView {
  return {
    id: intent.id,
    name: intent.name,
    description: intent.description,
    examples: intent.examples,
    articleId: intent.articleId,
    questions: intent.questions,
    outcome: intent.outcome,
    createdAt: intent.createdAt.toISOString(),
    updatedAt: intent.updatedAt.toISOString(),
  };
}

export function presentBotConversation(row: BotConversationRow): BotConversationView {
  return {
    conversationId: row.conversationId,
    state: row.state,
    step: row.step,
    language: row.language,
    intent: row.intent,
    confidence: row.confidence,
    articleId: row.articleId,
    answers: row.answers,
    handoffReason: row.handoffReason,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The API key never leaves the server; the view says only whether one is stored. */
export function presentBotSettings({ settings, channels }: { settings: BotSettingsRow | null; channels: BotChannelSettingsRow[] }): BotSettingsView {
  return {
    confidenceThreshold: settings?.confidenceThreshold ?? null,
    llm: { isEnabled: settings?.isLlmEnabled ?? false, baseUrl: settings?.llmBaseUrl ?? null, model: settings?.llmModel ?? null, hasApiKey: Boolean(settings?.llmApiKey) },
    channels: channels.map((channel) => ({ channelId: channel.channelId, mode: channel.mode })),
  };
}
