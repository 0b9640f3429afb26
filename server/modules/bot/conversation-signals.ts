import { foldDiacritics } from "./classifier/text-normalization.js";
import { tokenize } from "./classifier/tokenizer.js";

/** Folded word tokens: "Ärgerlich!" → ["argerlich"]. */
function wordsOf(text: string): string[] {
  return tokenize(text).map(foldDiacritics);
}

const humanWords = new Set([
  "human", "humans", "person", "agent", "agents", "representative", "rep", "operator", "staff", "someone", "somebody", "people",
  "mitarbeiter", "mitarbeiterin", "mensch", "menschen", "berater", "beraterin", "kundenberater", "sachbearbeiter", "jemand", "jemanden", "jemandem",
]);
/** A person-word counts only next to a wish to talk, so "my agent number" or "someone stole it" stay in scope. */
const talkWords = new Set([
  "talk", "speak", "chat", "connect", "call", "want", "need", "real", "live", "transfer", "get", "give",
  "sprechen", "reden", "verbinden", "mochte", "will", "brauche", "echten", "echter", "echte", "bitte", "mit", "zu",
]);

/** True when the customer asks to talk to a person ("I want a human", "Mitarbeiter bitte"). */
export function isHumanRequest(text: string): boolean {
  const words = wordsOf(text);
  if (words.length <= 3 && words.some((word) => humanWords.has(word))) return true;
  return words.some((word, index) => humanWords.has(word) && words.slice(Math.max(0, index - 4), index + 2).some((near) => talkWords.has(near)));
}

const strongNegativeWords = new Set([
  "terrible", "awful", "horrible", "furious", "angry", "unacceptable", "ridiculous", "worst", "scam", "disgusting", "outraged", "pathetic",
  "useless", "fraud", "lawyer", "disgrace", "joke", "incompetent", "livid", "fed",
  "schrecklich", "furchtbar", "wutend", "unverschamt", "frechheit", "katastrophe", "katastrophal", "inakzeptabel", "betrug", "argerlich",
  "sauer", "miserabel", "anwalt", "zumutung", "skandal", "unmoglich", "veraergert", "verargert", "abzocke", "inkompetent",
]);

/**
 * A lexicon score of how upset a message sounds: strong negative words, plus shouting
 * (several exclamation marks, words in capitals). Two points or more is strongly negative.
 */
export function negativeSentimentScore(text: string): number {
  let score = wordsOf(text).filter((word) => strongNegativeWords.has(word)).length;
  if (score === 0) return 0;
  if (/!/.test(text)) score += 1;
  if ((text.match(/\b[A-ZÄÖÜ]{4,}\b/g) ?? []).length >= 2) score += 1;
  return score;
}

export function isStronglyNegative(text: string): boolean {
  return negativeSentimentScore(text) >= 2;
}

const noWords = new Set(["no", "nope", "nah", "not", "didn", "doesn", "nein", "nicht", "no", "kein", "keine", "leider"]);
const yesWords = new Set([
  "yes", "yeah", "yep", "yup", "sure", "solved", "thanks", "thank", "perfect", "great", "helped", "ok", "okay", "it did",
  "ja", "jap", "jo", "genau", "danke", "super", "perfekt", "geholfen", "gelost", "passt", "prima",
]);

/** Reads an answer to "Did this solve your question?": yes, no, or null when unclear. */
export function readYesNo(text: string): "yes" | "no" | null {
  const words = wordsOf(text);
  if (words.some((word) => noWords.has(word))) return "no";
  if (words.some((word) => yesWords.has(word))) return "yes";
  return null;
}
