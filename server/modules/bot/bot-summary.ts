import type { Locale } from "../../../common/domain.js";
import type { DialoguePlan } from "./bot-dialogue.js";
import { botText } from "./bot-texts.js";
import type { AnswerTarget } from "./intent-model.js";

/** The internal note an agent receives at hand-off: what the bot understood, asked and learned. */
export function summaryNote(locale: Locale, { plan, target, firstMessage }: { plan: DialoguePlan; target: AnswerTarget | null; firstMessage: string | null }): string {
  const { memory } = plan;
  const lines = [`${botText(locale, "noteTitle")}:`];
  lines.push(`• ${botText(locale, "noteLanguage")}: ${memory.language}`);
  if (memory.intent) {
    const confidence = memory.confidence === null ? "" : ` (${botText(locale, "noteConfidence")} ${Math.round(memory.confidence * 100)} %)`;
    lines.push(`• ${botText(locale, "noteIntent")}: ${memory.intent}${confidence}`);
  }
  if (memory.articleId && target?.article) {
    const verdict = plan.handoffReason === "not_helped" || memory.step === "qualifying" ? ` – ${botText(locale, "noteArticleNotHelped")}` : "";
    lines.push(`• ${botText(locale, "noteArticle")}: ${target.article.title}${verdict}`);
  }
  const questions = target?.intent?.questions ?? [];
  for (const [key, value] of Object.entries(memory.answers)) {
    const question = questions.find((candidate) => candidate.key === key);
    const label = question ? (locale === "de" && question.prompt.de ? question.prompt.de : question.prompt.en) : key;
    lines.push(`• ${label} ${value}`);
  }
  if (plan.handoffReason) lines.push(`• ${botText(locale, "noteReason")} ${botText(locale, `reason_${plan.handoffReason}`)}`);
  if (firstMessage) {
    const [open, close] = locale === "de" ? ["„", "“"] : ["“", "”"];
    lines.push(`• ${botText(locale, "noteFirstMessage")}: ${open}${firstMessage.slice(0, 300)}${close}`);
  }
  return lines.join("\n");
}
