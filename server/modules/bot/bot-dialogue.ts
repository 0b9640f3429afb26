import type { BotState, HandoffReason } from "../../../common/bot-views.js";
import type { Locale } from "../../../common/domain.js";
import type { KnowledgeArticleRow } from "../../platform/db/rows.js";
import { excerptOf } from "../knowledge/knowledge.presenter.js";
import { botText } from "./bot-texts.js";
import { isHumanRequest, isStronglyNegative, readYesNo } from "./conversation-signals.js";
import type { AnswerTarget } from "./intent-model.js";
import { checkAnswer, promptOf } from "./qualification.js";

export type DialogueStep = "start" | "awaiting_feedback" | "qualifying";

/** The bot's memory of a conversation between two customer messages. */
export type DialogueMemory = {
  step: DialogueStep;
  language: Locale;
  intent: string | null;
  confidence: number | null;
  articleId: string | null;
  questionIndex: number;
  attempts: number;
  answers: Record<string, string>;
};

export type DialogueTurn = {
  text: string;
  memory: DialogueMemory;
  /** On the first message: the target the classifier chose (null when out of scope). Later: the remembered intent's target. */
  target: AnswerTarget | null;
  /** On the first message: the classifier's confidence in that target. */
  confidence?: number;
  articleUrl: (article: KnowledgeArticleRow) => string;
  /** An answer phrased by the optional LLM from the article; the article's own text otherwise. */
  phrasedAnswer?: string | null;
};

export type DialoguePlan = {
  replies: string[];
  memory: DialogueMemory;
  state: BotState;
  handoffReason: HandoffReason | null;
  /** The article the bot answered with in this turn. */
  answeredWith: KnowledgeArticleRow | null;
};

const MAX_ATTEMPTS = 3;
const ANSWER_LENGTH = 700;

/**
 * The bot's conversation rules, without side effects: given what the customer wrote and what
 * the bot remembers, what it replies and where the conversation goes. The service applies the
 * plan (messages, conversation fields, events); the test console only shows it.
 */
export function planTurn(turn: DialogueTurn): DialoguePlan {
  const { memory, text } = turn;
  const locale = memory.language;
  if (isHumanRequest(text)) return handoff(memory, "human_requested", [botText(locale, "handoffHumanRequested")]);
  if (isStronglyNegative(text)) return handoff(memory, "negative_sentiment", [botText(locale, "handoffNegative")]);
  switch (memory.step) {
    case "start":
      return planFirstMessage(turn);
    case "awaiting_feedback":
      return planFeedback(turn);
    case "qualifying":
      return planAnswer(turn);
  }
}

function planFirstMessage({ memory, target, confidence, articleUrl, phrasedAnswer }: DialogueTurn): DialoguePlan {
  const locale = memory.language;
  if (!target) return handoff({ ...memory, confidence: confidence ?? null }, "low_confidence", [botText(locale, "handoff")]);
  const understood = { ...memory, intent: target.intent?.name ?? target.label, confidence: confidence ?? null };
  if (target.article) {
    const article = target.article;
    const answer = phrasedAnswer ?? `${botText(locale, "answerIntro", { title: article.title })}\n\n${excerptOf(article.bodyText, ANSWER_LENGTH)}`;
    return {
      replies: [`${answer}\n\n${botText(locale, "readMore", { url: articleUrl(article) })}`, botText(locale, "askSolved")],
      memory: { ...understood, step: "awaiting_feedback", articleId: article.id, attempts: 0 },
      state: "bot_active",
      handoffReason: null,
      answeredWith: article,
    };
  }
  if (target.intent && target.intent.questions.length > 0) return askFirstQuestion(understood, target, botText(locale, "qualifyIntro"));
  return handoff(understood, "no_answer", [botText(locale, "handoff")]);
}

function planFeedback({ memory, text, target }: DialogueTurn): DialoguePlan {
  const locale = memory.language;
  const verdict = readYesNo(text);
  if (verdict === "yes") return { replies: [botText(locale, "solved")], memory: { ...memory, attempts: 0 }, state: "solved_by_bot", handoffReason: null, answeredWith: null };
  if (verdict === "no") {
    if (target?.intent && target.intent.questions.length > 0) return askFirstQuestion(memory, target, botText(locale, "notSolvedQualify"));
    return handoff(memory, "not_helped", [botText(locale, "handoff")]);
  }
  if (memory.attempts === 0) return { replies: [botText(locale, "feedbackUnclear")], memory: { ...memory, attempts: 1 }, state: "bot_active", handoffReason: null, answeredWith: null };
  return handoff(memory, "unclear_reply", [botText(locale, "handoff")]);
}

function planAnswer({ memory, text, target }: DialogueTurn): DialoguePlan {
  const locale = memory.language;
  const questions = target?.intent?.questions ?? [];
  const question = questions[memory.questionIndex];
  if (!question) return handoff(memory, "qualified", [botText(locale, "handoffAfterQuestions")]);
  const checked = checkAnswer(question, text, locale);
  if (!checked.isValid) {
    if (memory.attempts + 1 >= MAX_ATTEMPTS) return handoff(memory, "too_many_attempts", [botText(locale, "handoff")]);
    return { replies: [`${checked.retry}\n${promptOf(question, locale)}`], memory: { ...memory, attempts: memory.attempts + 1 }, state: "bot_active", handoffReason: null, answeredWith: null };
  }
  const answered = { ...memory, answers: { ...memory.answers, [question.key]: checked.value }, questionIndex: memory.questionIndex + 1, attempts: 0 };
  const next = questions[answered.questionIndex];
  if (next) return { replies: [promptOf(next, locale)], memory: answered, state: "bot_active", handoffReason: null, answeredWith: null };
  return handoff(answered, "qualified", [botText(locale, "handoffAfterQuestions")]);
}

function askFirstQuestion(memory: DialogueMemory, target: AnswerTarget, intro: string): DialoguePlan {
  const first = target.intent!.questions[0]!;
  return {
    replies: [intro, promptOf(first, memory.language)],
    memory: { ...memory, step: "qualifying", questionIndex: 0, attempts: 0 },
    state: "bot_active",
    handoffReason: null,
    answeredWith: null,
  };
}

function handoff(memory: DialogueMemory, reason: HandoffReason, replies: string[]): DialoguePlan {
  return { replies, memory, state: "waiting_for_human", handoffReason: reason, answeredWith: null };
}
