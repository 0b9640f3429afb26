/**
 * A small lexicon-based sentiment signal for English and German customer messages, enough to
 * notice a customer who is clearly upset (and escalate). Not a classifier: words carry weights
 * (AFINN-like, -4 … +3), a negation just before a word flips it, an intensifier strengthens
 * it, and shouting (several "!!" or a message in capitals) strengthens the negative total.
 */

const lexicon: Record<string, number> = {
  // English
  angry: -3, furious: -4, outraged: -4, livid: -4, annoyed: -2, frustrated: -3, frustrating: -3, disappointed: -2, disappointing: -2,
  unacceptable: -4, ridiculous: -3, terrible: -3, horrible: -3, awful: -3, worst: -4, useless: -3, incompetent: -4, pathetic: -3,
  disgrace: -4, disgraceful: -4, scam: -4, fraud: -4, rip: -2, lawyer: -3, sue: -3, complaint: -2, complain: -2, cancel: -1,
  refund: -1, broken: -2, never: -1, again: 0, waste: -3, wasted: -3, hate: -4, rude: -3, shame: -3, joke: -2, fed: -2,
  unhappy: -2, upset: -2, worse: -3, bad: -2, poor: -2, wrong: -1, problem: -1, failed: -2, fails: -2, nobody: -1, ignored: -3,
  good: 2, great: 3, thanks: 2, thank: 2, love: 3, excellent: 3, happy: 2, helpful: 2, perfect: 3, wonderful: 3, nice: 2, pleased: 2, appreciate: 2,
  // German
  wütend: -3, sauer: -3, verärgert: -3, ärgerlich: -2, enttäuscht: -2, enttäuschend: -2, frustriert: -3, inakzeptabel: -4, unverschämt: -4,
  unverschämtheit: -4, frechheit: -4, skandal: -4, skandalös: -4, lächerlich: -3, schrecklich: -3, furchtbar: -3, katastrophe: -4, katastrophal: -4,
  schlimmste: -4, nutzlos: -3, inkompetent: -4, betrug: -4, betrüger: -4, abzocke: -4, anwalt: -3, verbraucherzentrale: -3, beschwerde: -2,
  kündigen: -2, kündige: -2, kaputt: -2, defekt: -2, ärgernis: -3, schlecht: -2, schlechter: -3, schlechteste: -4, unzufrieden: -2, ignoriert: -3,
  unfreundlich: -3, zumutung: -4, hasse: -4, sauerei: -4, mangelhaft: -2, niemand: -1, nie: -1,
  gut: 2, super: 3, danke: 2, dank: 2, toll: 3, prima: 3, zufrieden: 2, hilfreich: 2, perfekt: 3, freundlich: 2, klasse: 3, wunderbar: 3,
};

const negations = new Set(["not", "no", "never", "don't", "dont", "isn't", "isnt", "wasn't", "nicht", "kein", "keine", "keinen", "keiner", "nie"]);
const intensifiers = new Set(["very", "really", "so", "extremely", "totally", "absolutely", "completely", "sehr", "total", "völlig", "echt", "extrem", "absolut", "wirklich", "so"]);

export type Sentiment = {
  /** The summed weights (shouting counted in). */
  score: number;
  /** The score per word, roughly -1 … 1. */
  comparative: number;
  label: "negative" | "neutral" | "positive";
  /** Clearly upset: reason enough to hand the conversation to a more experienced colleague. */
  isStronglyNegative: boolean;
};

/** The score at and below which a message counts as strongly negative. */
export const STRONGLY_NEGATIVE_SCORE = -8;

export function sentimentOf(text: string): Sentiment {
  const words = text.toLocaleLowerCase("de").match(/[\p{L}']+/gu) ?? [];
  let score = 0;
  for (const [index, word] of words.entries()) {
    const weight = lexicon[word];
    if (weight === undefined || weight === 0) continue;
    const previous = words[index - 1];
    const beforePrevious = words[index - 2];
    let value = weight;
    if (previous && intensifiers.has(previous)) value *= 1.5;
    // "not good", "nicht gut", "not very good": a negated word counts the other way, weaker.
    if ((previous && negations.has(previous)) || (beforePrevious && negations.has(beforePrevious) && previous && intensifiers.has(previous))) value = -value * 0.5;
    score += value;
  }
  const isShouting = /!{2,}/.test(text) || (text.replace(/[^\p{L}]/gu, "").length >= 12 && text === text.toLocaleUpperCase("de") && text !== text.toLocaleLowerCase("de"));
  if (isShouting && score < 0) score *= 1.5;
  score = Math.round(score * 100) / 100;
  const comparative = words.length > 0 ? score / words.length : 0;
  const label = score <= -2 ? "negative" : score >= 2 ? "positive" : "neutral";
  return { score, comparative, label, isStronglyNegative: score <= STRONGLY_NEGATIVE_SCORE };
}
