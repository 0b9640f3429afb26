import { and, eq } from "drizzle-orm";
import type { BotTestResultView } from "../../../common/bot-views.js";
import type { Locale } from "../../../common/domain.js";
import type { DomainEvent } from "../../../common/events.js";
import type { ServiceDeps } from "../../context.js";
import { type AgentActor, botActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { BotConversationRow, BotIntentRow, ConversationRow, KnowledgeArticleRow } from "../../platform/db/rows.js";
import { sqlStateOf, UNIQUE_VIOLATION } from "../../platform/db/sql-state.js";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors.js";
import * as accountStore from "../accounts/accounts.store.js";
import type { BusinessHoursService } from "../business-hours/business-hours.service.js";
import * as channelStore from "../channels/channels.store.js";
import { type ConversationService, firstStatusOfKind } from "../conversations/conversations.service.js";
import * as conversationStore from "../conversations/conversations.store.js";
import { presentConversation } from "../conversations/conversations.presenter.js";
import * as knowledgeStore from "../knowledge/knowledge.store.js";
import { articleUrl, helpCenterUrl } from "../knowledge/knowledge.presenter.js";
import type { MessageService } from "../messages/messages.service.js";
import { teams } from "../teams/teams.table.js";
import { type DialogueMemory, type DialoguePlan, planTurn } from "./bot-dialogue.js";
import { presentBotConversation } from "./bot.presenter.js";
import type { BotTestInput, CreateIntentInput, UpdateBotSettingsInput, UpdateIntentInput } from "./bot.schemas.js";
import * as botStore from "./bot.store.js";
import { summaryNote } from "./bot-summary.js";
import { detectLanguage } from "./classifier/index.js";
import { type AnswerTarget, IntentModelCache } from "./intent-model.js";
import { phraseAnswer } from "./llm-phraser.js";
import { compilePattern } from "./qualification.js";

type MessageCreated = DomainEvent<"message.created">;

/** A turn planned outside the transaction, with the memory it was planned on. */
type PlannedTurn = { plan: DialoguePlan; target: AnswerTarget | null; basedOn: BotConversationRow | null };

/**
 * The bot: answers customers from the knowledge base, pre-qualifies the rest and hands over.
 * It reacts to `message.created` events of any channel and acts through the message service,
 * so any channel whose adapter can send gets it.
 */
export class BotService {
  readonly models: IntentModelCache;

  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "events" | "config" | "logger">,
    private readonly messages: MessageService,
    private readonly conversations: ConversationService,
    private readonly businessHours: BusinessHoursService,
  ) {
    this.models = new IntentModelCache(deps.db, deps.logger);
  }

  // ---- intents ----

  listIntents(actor: AgentActor): Promise<BotIntentRow[]> {
    return botStore.listIntents(this.deps.db, actor.accountId);
  }

  async getIntent(actor: AgentActor, id: string): Promise<BotIntentRow> {
    const intent = await botStore.findIntent(this.deps.db, actor.accountId, id);
    if (!intent) throw intentNotFound();
    return intent;
  }

  async createIntent(actor: AgentActor, input: CreateIntentInput): Promise<BotIntentRow> {
    await this.validateIntent(actor.accountId, input);
    const intent = await botStore.insertIntent(this.deps.db, { accountId: actor.accountId, ...input }).catch(rethrowNameTaken);
    this.retrainSoon(actor.accountId);
    return intent;
  }

  async updateIntent(actor: AgentActor, id: string, input: UpdateIntentInput): Promise<BotIntentRow> {
    const intent = await this.getIntent(actor, id);
    await this.validateIntent(actor.accountId, input);
    const changes = Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(intent[key as keyof BotIntentRow])));
    if (Object.keys(changes).length === 0) return intent;
    const updated = await botStore.updateIntent(this.deps.db, intent.id, changes).catch(rethrowNameTaken);
    this.retrainSoon(actor.accountId);
    return updated;
  }

  async removeIntent(actor: AgentActor, id: string): Promise<void> {
    if (!(await botStore.removeIntent(this.deps.db, actor.accountId, id))) throw intentNotFound();
    this.retrainSoon(actor.accountId);
  }

  // ---- settings ----

  async settings(accountId: string) {
    const [settings, channels] = await Promise.all([botStore.findSettings(this.deps.db, accountId), botStore.listChannelSettings(this.deps.db, accountId)]);
    return { settings, channels };
  }

  async updateSettings(actor: AgentActor, input: UpdateBotSettingsInput) {
    await this.deps.db.transaction(async (tx) => {
      for (const { channelId } of input.channels ?? []) {
        if (!(await channelStore.findById(tx, actor.accountId, channelId))) {
          throw new ValidationError("channel_not_found", "This channel does not exist.", [{ field: "body.channels.channelId", message: "does not exist" }]);
        }
      }
      const llm = input.llm ?? {};
      const changes = {
        ...(input.confidenceThreshold === undefined ? {} : { confidenceThreshold: input.confidenceThreshold }),
        ...(llm.isEnabled === undefined ? {} : { isLlmEnabled: llm.isEnabled }),
        ...(llm.baseUrl === undefined ? {} : { llmBaseUrl: llm.baseUrl }),
        ...(llm.model === undefined ? {} : { llmModel: llm.model }),
        ...(llm.apiKey === undefined ? {} : { llmApiKey: llm.apiKey }),
      };
      if (Object.keys(changes).length > 0) await botStore.upsertSettings(tx, actor.accountId, changes);
      for (const { channelId, mode } of input.channels ?? []) await botStore.setChannelMode(tx, actor.accountId, channelId, mode);
    });
    return this.settings(actor.accountId);
  }

  /** The bot's state in a conversation the agent may see; null when the bot never took part. */
  async conversationState(actor: AgentActor, conversationId: string): Promise<BotConversationRow | null> {
    await this.conversations.get(actor, conversationId);
    return botStore.findConversation(this.deps.db, actor.accountId, conversationId);
  }

  // ---- the test console ----

  /** What the bot would do with this message as the first of a conversation; changes nothing. */
  async test(actor: AgentActor, input: BotTestInput): Promise<BotTestResultView> {
    const account = await accountStore.findById(this.deps.db, actor.accountId);
    const detected = detectLanguage(input.text, { languages: ["en", "de"] }).language as Locale | null;
    const language = input.language ?? detected ?? ((account?.locale as Locale | undefined) ?? "en");
    const { plan, classification } = await this.planFirstTurn(actor.accountId, input.text, language);
    return {
      language,
      detectedLanguage: detected,
      intent: plan.memory.intent,
      confidence: classification?.confidence ?? 0,
      ranking: classification?.ranking ?? [],
      action: plan.answeredWith ? "answer" : plan.state === "waiting_for_human" ? "handoff" : "qualify",
      handoffReason: plan.handoffReason,
      articleId: plan.answeredWith?.id ?? null,
      replies: plan.replies,
    };
  }

  // ---- reacting to messages ----

  /** The durable subscriber's entry: a customer wrote, or an agent replied. */
  async handleMessageCreated(event: MessageCreated): Promise<void> {
    const { message } = event.data;
    if (message.isNote) return;
    if (message.authorType === "agent") return this.markAssigned(event.accountId, message.conversationId);
    if (message.authorType !== "customer") return;
    await this.answerCustomer(event.accountId, message.conversationId, message.id, message.text);
  }

  /**
   * Whether the bot is talking to the customer, or is about to (its channel's mode takes the
   * conversation and no agent has it): routing leaves such a conversation alone until the bot
   * hands it off, so that an agent online with room does not take it from the bot at once.
   */
  async isHolding(accountId: string, conversationId: string): Promise<boolean> {
    const { db } = this.deps;
    const conversation = await conversationStore.findDetails(db, accountId, conversationId);
    if (!conversation || conversation.assigneeId) return false;
    const state = await botStore.findConversation(db, accountId, conversationId);
    if (state) return state.state === "bot_active";
    return (await this.servesChannel(accountId, conversation)) && !(await botStore.hasAgentReply(db, accountId, conversationId));
  }

  /** An agent took the conversation (assigned or replied): the bot stays silent from now on. */
  async markAssigned(accountId: string, conversationId: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const state = await botStore.findConversationForUpdate(tx, accountId, conversationId);
      if (!state || state.state === "assigned") return;
      const saved = await botStore.saveConversation(tx, { ...state, state: "assigned", step: null });
      const details = await conversationStore.findDetails(tx, accountId, conversationId);
      if (!details) return;
      // This runs after the agent's reply was committed: without an event of its own, an agent app that refetched on the reply would keep showing the earlier state.
      await this.deps.events.record(tx, accountId, {
        name: "conversation.taken_over",
        actor: botActor(accountId),
        conversationId,
        data: { conversation: presentConversation(details), bot: presentBotConversation(saved) },
      });
    });
  }

  private async answerCustomer(accountId: string, conversationId: string, messageId: string, text: string): Promise<void> {
    const { db } = this.deps;
    const conversation = await conversationStore.findDetails(db, accountId, conversationId);
    if (!conversation) return;
    const before = await botStore.findConversation(db, accountId, conversationId);
    if (before?.lastMessageId === messageId) return; // a retried job: this message was answered
    if (before && (before.state === "waiting_for_human" || before.state === "assigned")) return;
    if (!before || before.state === "solved_by_bot") {
      if (!(await this.servesChannel(accountId, conversation))) return;
      // An agent who already took the conversation keeps it.
      if (conversation.assigneeId || (await botStore.hasAgentReply(db, accountId, conversationId))) return;
    }
    const planned = await this.planCustomerTurn(accountId, conversation, before, text);
    await db.transaction(async (tx) => {
      const locked = await conversationStore.findForUpdate(tx, accountId, conversationId);
      if (!locked) return;
      const current = await botStore.findConversationForUpdate(tx, accountId, conversationId);
      // Another message was handled since this turn was planned: plan again on a retry.
      if ((current?.updatedAt.getTime() ?? null) !== (planned.basedOn?.updatedAt.getTime() ?? null)) throw new Error("the bot's conversation state changed meanwhile");
      await this.applyPlan(tx, locked, planned, messageId, text);
    });
  }

  /** Whether the bot takes a new conversation on its channel now; never one begun before it was switched on. */
  private async servesChannel(accountId: string, conversation: ConversationRow): Promise<boolean> {
    const { mode, since } = await botStore.findChannelMode(this.deps.db, accountId, conversation.channelId);
    if (mode === "off" || !since || conversation.createdAt < since) return false;
    if (mode === "always") return true;
    return !(await this.businessHours.isOpenNow(accountId, { channelId: conversation.channelId }));
  }

  private async planCustomerTurn(accountId: string, conversation: ConversationRow, before: BotConversationRow | null, text: string): Promise<PlannedTurn> {
    if (isNewSession(before)) {
      const language = await this.languageOf(accountId, conversation, text);
      const { plan, target } = await this.planFirstTurn(accountId, text, language, { useLlm: true });
      return { plan, target, basedOn: before };
    }
    const memory = memoryOf(before!);
    const intent = before!.intent ? await botStore.findIntentByName(this.deps.db, accountId, before!.intent) : null;
    const article = before!.articleId ? await knowledgeStore.findArticle(this.deps.db, accountId, before!.articleId) : null;
    const target: AnswerTarget = { label: before!.intent ?? "", intent, article };
    const helpCenter = await this.helpCenterBase(accountId);
    const plan = planTurn({ text, memory, target, articleUrl: (row) => articleUrl(helpCenter, row) });
    return { plan, target, basedOn: before };
  }

  /** Classifies a first message and plans the answer; with `useLlm`, lets the LLM phrase an article answer. */
  private async planFirstTurn(accountId: string, text: string, language: Locale, options: { useLlm?: boolean } = {}) {
    const [model, { settings }, helpCenter] = await Promise.all([this.models.modelFor(accountId), this.settings(accountId), this.helpCenterBase(accountId)]);
    const classification = model.classifier?.classify(text, { language, ...(settings?.confidenceThreshold ? { confidenceThreshold: settings.confidenceThreshold } : {}) }) ?? null;
    const target = classification?.intent ? (model.targets.get(classification.intent) ?? null) : null;
    const memory: DialogueMemory = { step: "start", language, intent: null, confidence: null, articleId: null, questionIndex: 0, attempts: 0, answers: {} };
    const urlOf = (row: KnowledgeArticleRow) => articleUrl(helpCenter, row);
    let phrasedAnswer: string | null = null;
    if (options.useLlm !== false && target?.article && settings?.isLlmEnabled && settings.llmBaseUrl && settings.llmModel) {
      phrasedAnswer = await phraseAnswer(
        { baseUrl: settings.llmBaseUrl, apiKey: settings.llmApiKey, model: settings.llmModel },
        text,
        language,
        [{ title: target.article.title, url: urlOf(target.article), text: target.article.bodyText }],
        this.deps.logger,
      );
    }
    const plan = planTurn({ text, memory, target, confidence: classification?.confidence ?? 0, articleUrl: urlOf, phrasedAnswer });
    return { plan, target, classification };
  }

  private async applyPlan(tx: Executor, conversation: ConversationRow, { plan, target, basedOn }: PlannedTurn, messageId: string, text: string): Promise<void> {
    const actor = botActor(conversation.accountId);
    for (const reply of plan.replies) await this.messages.appendBotMessage(tx, actor, conversation, { text: reply, isNote: false });
    const state = await botStore.saveConversation(tx, {
      conversationId: conversation.id,
      accountId: conversation.accountId,
      state: plan.state,
      step: plan.state === "bot_active" ? plan.memory.step : null,
      language: plan.memory.language,
      intent: plan.memory.intent,
      confidence: plan.memory.confidence,
      articleId: plan.memory.articleId,
      questionIndex: plan.memory.questionIndex,
      attempts: plan.memory.attempts,
      answers: plan.memory.answers,
      handoffReason: plan.handoffReason,
      firstMessage: isNewSession(basedOn) ? text : (basedOn?.firstMessage ?? null),
      lastMessageId: messageId,
    });
    const fresh = (await conversationStore.findForUpdate(tx, conversation.accountId, conversation.id))!;
    if (plan.state === "solved_by_bot") {
      const solved = await firstStatusOfKind(tx, conversation.accountId, "solved");
      const details = await this.conversations.change(tx, actor, fresh, { status: solved.key });
      await this.deps.events.record(tx, conversation.accountId, {
        name: "conversation.contained",
        actor,
        conversationId: conversation.id,
        data: { conversation: presentConversation(details), bot: presentBotConversation(state) },
      });
      return;
    }
    if (plan.state === "waiting_for_human" && plan.handoffReason) {
      const outcome = target?.intent?.outcome;
      const language = plan.memory.language;
      const details = await this.conversations.change(tx, actor, fresh, {
        language,
        ...(outcome?.topic ? { topic: outcome.topic } : {}),
        ...(outcome?.category ? { category: outcome.category } : {}),
        ...(outcome?.priority ? { priority: outcome.priority } : {}),
        ...(outcome?.level ? { level: outcome.level } : {}),
        ...(outcome?.teamId && (await teamExists(tx, conversation.accountId, outcome.teamId)) ? { teamId: outcome.teamId } : {}),
      });
      const account = await accountStore.findById(tx, conversation.accountId);
      const note = summaryNote((account?.locale as Locale | undefined) ?? "en", { plan, target, firstMessage: state.firstMessage });
      await this.messages.appendBotMessage(tx, actor, fresh, { text: note, isNote: true });
      await this.deps.events.record(tx, conversation.accountId, {
        name: "conversation.handed_off",
        actor,
        conversationId: conversation.id,
        data: { conversation: presentConversation(details), bot: presentBotConversation(state), reason: plan.handoffReason },
      });
    }
  }

  private async languageOf(accountId: string, conversation: ConversationRow, text: string): Promise<Locale> {
    const detected = detectLanguage(text, { languages: ["en", "de"] }).language;
    if (detected === "en" || detected === "de") return detected;
    if (conversation.language === "en" || conversation.language === "de") return conversation.language;
    const account = await accountStore.findById(this.deps.db, accountId);
    return account?.locale === "de" ? "de" : "en";
  }

  private async helpCenterBase(accountId: string): Promise<string> {
    const account = await accountStore.findById(this.deps.db, accountId);
    return helpCenterUrl(this.deps.config.publicUrl, account?.slug ?? "");
  }

  private retrainSoon(accountId: string): void {
    // Warm the cache so the next customer does not wait for training; failures surface there.
    void this.models.modelFor(accountId).catch((error) => this.deps.logger.warn({ err: error, accountId }, "retraining the bot failed"));
  }

  private async validateIntent(accountId: string, input: UpdateIntentInput): Promise<void> {
    if (input.articleId && !(await knowledgeStore.findArticle(this.deps.db, accountId, input.articleId))) {
      throw new ValidationError("intent_article_not_found", "The linked article does not exist.", [{ field: "body.articleId", message: "does not exist" }]);
    }
    if (input.outcome?.teamId && !(await teamExists(this.deps.db, accountId, input.outcome.teamId))) {
      throw new ValidationError("team_not_found", "This team does not exist.", [{ field: "body.outcome.teamId", message: "does not exist" }]);
    }
    const keys = new Set<string>();
    for (const [index, question] of (input.questions ?? []).entries()) {
      if (keys.has(question.key)) throw new ValidationError("validation_failed", "Every question needs its own key.", [{ field: `body.questions.${index}.key`, message: "is used twice" }]);
      keys.add(question.key);
      if (question.kind === "order_number" && !compilePattern(question.pattern)) {
        throw new ValidationError("validation_failed", "The order number pattern is not a valid regular expression.", [{ field: `body.questions.${index}.pattern`, message: "is not a valid regular expression" }]);
      }
      if (question.kind === "choice" && question.choices.length < 2) {
        throw new ValidationError("validation_failed", "A choice question needs at least two choices.", [{ field: `body.questions.${index}.choices`, message: "needs at least two choices" }]);
      }
    }
  }
}

/** A first message, or the first after the bot's answer solved an earlier question. */
function isNewSession(state: BotConversationRow | null): boolean {
  return !state || state.state === "solved_by_bot" || !state.step || state.step === "start";
}

function memoryOf(row: BotConversationRow): DialogueMemory {
  return {
    step: row.step ?? "start",
    language: row.language ?? "en",
    intent: row.intent,
    confidence: row.confidence,
    articleId: row.articleId,
    questionIndex: row.questionIndex,
    attempts: row.attempts,
    answers: row.answers,
  };
}

async function teamExists(executor: Executor, accountId: string, teamId: string): Promise<boolean> {
  const [team] = await executor.select({ id: teams.id }).from(teams).where(and(eq(teams.accountId, accountId), eq(teams.id, teamId)));
  return Boolean(team);
}

function rethrowNameTaken(error: unknown): never {
  if (sqlStateOf(error) === UNIQUE_VIOLATION) throw new ConflictError("intent_name_taken", "Another intent already has this name.");
  throw error;
}

function intentNotFound(): NotFoundError {
  return new NotFoundError("intent_not_found", "This intent does not exist.");
}
