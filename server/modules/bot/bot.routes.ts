import { z } from "zod";
import { BotConversationView, BotSettingsView, BotTestResultView, IntentView } from "../../../common/bot-views.js";
import { anyRole, managerRoles, staffRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { presentBotConversation, presentBotSettings, presentIntent } from "./bot.presenter.js";
import { BotTestBody, CreateIntentBody, IntentIdParams, UpdateBotSettingsBody, UpdateIntentBody } from "./bot.schemas.js";

const tags = ["bot"];

export function registerBotRoutes(app: HttpApp, { bot }: Services): void {
  app.get(
    "/api/bot/intents",
    { schema: { tags, summary: "The account's intents", response: { 200: z.object({ data: z.array(IntentView) }) } }, config: { access: anyRole } },
    async (request) => ({ data: (await bot.listIntents(request.actor)).map(presentIntent) }),
  );
  app.post(
    "/api/bot/intents",
    {
      schema: { tags, summary: "Create an intent: examples, linked article, pre-qualification questions, routing outcome", body: CreateIntentBody, response: { 201: z.object({ data: IntentView }) } },
      config: { access: managerRoles },
    },
    async (request, reply) => reply.status(201).send({ data: presentIntent(await bot.createIntent(request.actor, request.body)) }),
  );
  app.get(
    "/api/bot/intents/:id",
    { schema: { tags, summary: "One intent", params: IntentIdParams, response: { 200: z.object({ data: IntentView }) } }, config: { access: anyRole } },
    async (request) => ({ data: presentIntent(await bot.getIntent(request.actor, request.params.id)) }),
  );
  app.patch(
    "/api/bot/intents/:id",
    { schema: { tags, summary: "Change an intent; the bot retrains at once", params: IntentIdParams, body: UpdateIntentBody, response: { 200: z.object({ data: IntentView }) } }, config: { access: managerRoles } },
    async (request) => ({ data: presentIntent(await bot.updateIntent(request.actor, request.params.id, request.body)) }),
  );
  app.delete(
    "/api/bot/intents/:id",
    { schema: { tags, summary: "Delete an intent", params: IntentIdParams, response: { 204: z.null() } }, config: { access: managerRoles } },
    async (request, reply) => {
      await bot.removeIntent(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/bot/settings",
    { schema: { tags, summary: "The bot's settings: per-channel mode, confidence threshold, optional LLM", response: { 200: z.object({ data: BotSettingsView }) } }, config: { access: anyRole } },
    async (request) => ({ data: presentBotSettings(await bot.settings(request.actor.accountId)) }),
  );
  app.put(
    "/api/bot/settings",
    { schema: { tags, summary: "Change the bot's settings (fields left out stay)", body: UpdateBotSettingsBody, response: { 200: z.object({ data: BotSettingsView }) } }, config: { access: managerRoles } },
    async (request) => ({ data: presentBotSettings(await bot.updateSettings(request.actor, request.body)) }),
  );
  app.post(
    "/api/bot/test",
    {
      schema: {
        tags,
        summary: "The test console: what the bot would answer to this first message (changes nothing)",
        body: BotTestBody,
        response: { 200: z.object({ data: BotTestResultView }) },
      },
      config: { access: staffRoles },
    },
    async (request) => ({ data: await bot.test(request.actor, request.body) }),
  );
  app.get(
    "/api/conversations/:id/bot",
    {
      schema: {
        tags,
        summary: "The bot's state in a conversation (bot_active → waiting_for_human → assigned, or solved_by_bot)",
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ data: BotConversationView.nullable() }) },
      },
      config: { access: anyRole },
    },
    async (request) => {
      const state = await bot.conversationState(request.actor, request.params.id);
      return { data: state ? presentBotConversation(state) : null };
    },
  );
}
