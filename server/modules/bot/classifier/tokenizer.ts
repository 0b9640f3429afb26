import { normalizeText } from "./text-normalization.js";

/** The token every run of digits becomes: amounts and dates vary, that a number was given matters. */
export const numberToken = "<number>";

// Words (letters and digits, with apostrophes inside), currency signs, or runs of digits.
const tokenPattern = /[\p{L}\p{N}]+(?:'[\p{L}]+)*|[$€£¥₹%]/gu;

// English contractions and their common apostrophe-less spellings in chat.
const contractionSuffixes: Array<[suffix: string, expansion: string[]]> = [
  ["n't", ["not"]],
  ["'m", ["am"]],
  ["'re", ["are"]],
  ["'ve", ["have"]],
  ["'ll", ["will"]],
  ["'d", ["would"]],
  ["'s", []],
];
const irregularContractions: Record<string, string[]> = {
  "can't": ["can", "not"],
  cant: ["can", "not"],
  "won't": ["will", "not"],
  wont: ["will", "not"],
  "shan't": ["shall", "not"],
  dont: ["do", "not"],
  doesnt: ["does", "not"],
  didnt: ["did", "not"],
  isnt: ["is", "not"],
  arent: ["are", "not"],
  wasnt: ["was", "not"],
  werent: ["were", "not"],
  havent: ["have", "not"],
  hasnt: ["has", "not"],
  hadnt: ["had", "not"],
  couldnt: ["could", "not"],
  shouldnt: ["should", "not"],
  wouldnt: ["would", "not"],
  im: ["i", "am"],
  ive: ["i", "have"],
  "geht's": ["geht", "es"],
  "gibt's": ["gibt", "es"],
};

/**
 * Splits a message into lower-case word tokens: Unicode letters and digits, English
 * contractions expanded ("don't" → do not), hyphenated words split ("top-up" → top up),
 * digit runs replaced by {@link numberToken}, currency signs kept as tokens.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of normalizeText(text).matchAll(tokenPattern)) {
    for (const token of expandContraction(match[0])) {
      tokens.push(/^\p{N}+$/u.test(token) ? numberToken : token);
    }
  }
  return tokens;
}

function expandContraction(word: string): string[] {
  const irregular = irregularContractions[word];
  if (irregular) return irregular;
  if (!word.includes("'")) return [word];
  for (const [suffix, expansion] of contractionSuffixes) {
    if (word.endsWith(suffix) && word.length > suffix.length) return [word.slice(0, -suffix.length), ...expansion];
  }
  return word.split("'").filter((part) => part.length > 0);
}
