import type { QualificationQuestion } from "../../../common/bot-views.js";
import type { Locale } from "../../../common/domain.js";
import { botText } from "./bot-texts.js";

/** Order numbers when the intent sets no pattern: 4–20 letters, digits and hyphens with at least one digit. */
const DEFAULT_ORDER_NUMBER = /^(?=.*\d)[A-Z0-9-]{4,20}$/i;
const EMAIL = /[^\s@<>()"',;]+@[^\s@<>()"',;]+\.[a-z]{2,}/i;
const MAX_ANSWER_LENGTH = 1000;

export type AnswerCheck = { isValid: true; value: string } | { isValid: false; retry: string };

/** The question in the customer's language (German falls back to English). */
export function promptOf(question: QualificationQuestion, locale: Locale): string {
  const prompt = locale === "de" && question.prompt.de ? question.prompt.de : question.prompt.en;
  if (question.kind !== "choice" || question.choices.length === 0) return prompt;
  return `${prompt} (${choiceLabels(question, locale).join(" / ")})`;
}

function choiceLabels(question: QualificationQuestion, locale: Locale): string[] {
  return question.choices.map((choice) => (locale === "de" && choice.label.de ? choice.label.de : choice.label.en));
}

/** Compiles an intent's order-number pattern; null when it is not a valid regular expression. */
export function compilePattern(pattern: string | null): RegExp | null {
  if (!pattern) return DEFAULT_ORDER_NUMBER;
  try {
    return new RegExp(pattern, "i");
  } catch {
    return null;
  }
}

/**
 * Reads a customer's answer to a pre-qualification question. An order number may be written
 * inside a sentence ("it is #10234"), so each word is tried against the pattern too.
 */
export function checkAnswer(question: QualificationQuestion, answer: string, locale: Locale): AnswerCheck {
  const text = answer.trim().slice(0, MAX_ANSWER_LENGTH);
  switch (question.kind) {
    case "order_number": {
      const pattern = compilePattern(question.pattern) ?? DEFAULT_ORDER_NUMBER;
      const candidates = [text, ...text.split(/\s+/).map((word) => word.replace(/^[#:("'„“]+|[.,;:!?)"'“”]+$/g, ""))];
      const match = candidates.find((candidate) => candidate.length > 0 && fullMatch(pattern, candidate));
      return match ? { isValid: true, value: match } : { isValid: false, retry: botText(locale, "invalidOrderNumber") };
    }
    case "email": {
      const match = text.match(EMAIL);
      return match ? { isValid: true, value: match[0].toLowerCase() } : { isValid: false, retry: botText(locale, "invalidEmail") };
    }
    case "choice": {
      const folded = text.toLowerCase();
      const index = /^\d+$/.test(folded) ? Number(folded) - 1 : -1;
      const choice =
        question.choices[index] ??
        question.choices.find((candidate) => [candidate.value, candidate.label.en, candidate.label.de].some((label) => label && label.toLowerCase() === folded)) ??
        question.choices.find((candidate) => [candidate.label.en, candidate.label.de].some((label) => label && folded.includes(label.toLowerCase())));
      return choice ? { isValid: true, value: choice.value } : { isValid: false, retry: botText(locale, "invalidChoice", { choices: choiceLabels(question, locale).join(", ") }) };
    }
    case "text":
      return text.length >= 2 ? { isValid: true, value: text } : { isValid: false, retry: botText(locale, "invalidText") };
  }
}

function fullMatch(pattern: RegExp, text: string): boolean {
  const match = text.match(pattern);
  return Boolean(match && match.index === 0 && match[0].length === text.length);
}
