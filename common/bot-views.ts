/** Public shapes of the bot: intents, settings, per-conversation state, and the test console. */
import { z } from "zod";
import { categories, locales, priorities } from "./domain.js";

const timestamp = z.iso.datetime({ offset: true });
const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/** How the bot serves a channel: not at all, on every new conversation, or only while the team is closed. */
export const botModes = ["off", "always", "outside_business_hours"] as const;
export type BotMode = (typeof botModes)[number];

/**
 * Where a conversation stands with the bot: the bot talks (`bot_active`), it has handed over and
 * waits for an agent (`waiting_for_human`), an agent took over (`assigned`), or the bot's answer
 * solved it (`solved_by_bot`, counted as contained).
 */
export const botStates = ["bot_active", "waiting_for_human", "assigned", "solved_by_bot"] as const;
export type BotState = (typeof botStates)[number];

export const handoffReasons = ["not_helped", "low_confidence", "human_requested", "negative_sentiment", "qualified", "no_answer", "unclear_reply", "too_many_attempts"] as const;
export type HandoffReason = (typeof handoffReasons)[number];

export const questionKinds = ["order_number", "email", "text", "choice"] as const;
export type QuestionKind = (typeof questionKinds)[number];

const LocalizedText = z.object({ en: z.string().trim().min(1).max(500), de: z.string().trim().max(500).default("") });

export const QualificationQuestion = z
  .object({
    key: z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, "must be a short lower-case key such as order_number"),
    kind: z.enum(questionKinds),
    prompt: LocalizedText.describe("what the bot asks, in English and German (German falls back to English)"),
    pattern: z.string().max(200).nullable().default(null).describe("for order numbers: a regular expression the answer must match"),
    choices: z.array(z.object({ value: z.string().trim().min(1).max(100), label: LocalizedText })).max(20).default([]),
  })
  .meta({ id: "QualificationQuestion" });
export type QualificationQuestion = z.infer<typeof QualificationQuestion>;

export const IntentOutcome = z
  .object({
    topic: z.string().trim().max(100).nullable().default(null),
    category: z.enum(categories).nullable().default(null),
    priority: z.enum(priorities).nullable().default(null),
    level: level.nullable().default(null),
    teamId: z.uuid().nullable().default(null),
  })
  .meta({ id: "IntentOutcome" });
export type IntentOutcome = z.infer<typeof IntentOutcome>;

export const IntentView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    examples: z.array(z.string()),
    articleId: z.uuid().nullable(),
    questions: z.array(QualificationQuestion),
    outcome: IntentOutcome,
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Intent" });
export type IntentView = z.infer<typeof IntentView>;

export const BotSettingsView = z
  .object({
    confidenceThreshold: z.number().min(0).max(1).nullable().describe("null: the classifier's calibrated default"),
    llm: z.object({
      isEnabled: z.boolean(),
      baseUrl: z.string().nullable().describe("an OpenAI-compatible API, e.g. https://api.openai.com/v1"),
      model: z.string().nullable(),
      hasApiKey: z.boolean(),
    }),
    channels: z.array(z.object({ channelId: z.uuid(), mode: z.enum(botModes) })),
  })
  .meta({ id: "BotSettings" });
export type BotSettingsView = z.infer<typeof BotSettingsView>;

export const BotConversationView = z
  .object({
    conversationId: z.uuid(),
    state: z.enum(botStates),
    step: z.enum(["start", "awaiting_feedback", "qualifying"]).nullable(),
    language: z.enum(locales).nullable(),
    intent: z.string().nullable(),
    confidence: z.number().nullable(),
    articleId: z.uuid().nullable(),
    answers: z.record(z.string(), z.string()),
    handoffReason: z.enum(handoffReasons).nullable(),
    updatedAt: timestamp,
  })
  .meta({ id: "BotConversation" });
export type BotConversationView = z.infer<typeof BotConversationView>;

export const BotTestResultView = z
  .object({
    language: z.enum(locales),
    detectedLanguage: z.enum(locales).nullable(),
    intent: z.string().nullable(),
    confidence: z.number(),
    ranking: z.array(z.object({ intent: z.string(), confidence: z.number() })),
    action: z.enum(["answer", "qualify", "handoff"]),
    handoffReason: z.enum(handoffReasons).nullable(),
    articleId: z.uuid().nullable(),
    replies: z.array(z.string()).describe("what the bot would write to the customer"),
  })
  .meta({ id: "BotTestResult" });
export type BotTestResultView = z.infer<typeof BotTestResultView>;
