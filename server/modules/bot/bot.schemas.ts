import { z } from "zod";
import { botModes, IntentOutcome, QualificationQuestion } from "../../../common/bot-views.js";
import { locales } from "../../../common/domain.js";

const intentFields = {
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500),
  examples: z.array(z.string().trim().min(1).max(300)).max(200),
  articleId: z.uuid().nullable(),
  questions: z.array(QualificationQuestion).max(10),
  outcome: IntentOutcome,
};

export const CreateIntentBody = z.object({
  name: intentFields.name,
  description: intentFields.description.default(""),
  examples: intentFields.examples.default([]),
  articleId: intentFields.articleId.default(null),
  questions: intentFields.questions.default([]),
  outcome: intentFields.outcome.default({ topic: null, category: null, priority: null, level: null, teamId: null }),
});
export type CreateIntentInput = z.infer<typeof CreateIntentBody>;

export const UpdateIntentBody = z.object(intentFields).partial();
export type UpdateIntentInput = z.infer<typeof UpdateIntentBody>;

export const IntentIdParams = z.object({ id: z.uuid() });

export const UpdateBotSettingsBody = z.object({
  confidenceThreshold: z.number().min(0.05).max(0.99).nullable().optional(),
  llm: z
    .object({
      isEnabled: z.boolean(),
      baseUrl: z.url({ protocol: /^https?$/ }).nullable(),
      model: z.string().trim().min(1).max(200).nullable(),
      apiKey: z.string().max(500).nullable().describe("left out: keep the stored key; null: remove it"),
    })
    .partial()
    .optional(),
  channels: z.array(z.object({ channelId: z.uuid(), mode: z.enum(botModes) })).max(500).optional(),
});
export type UpdateBotSettingsInput = z.infer<typeof UpdateBotSettingsBody>;

export const BotTestBody = z.object({
  text: z.string().trim().min(1).max(2000),
  language: z.enum(locales).optional().describe("the customer's language when known; detected otherwise"),
});
export type BotTestInput = z.infer<typeof BotTestBody>;
