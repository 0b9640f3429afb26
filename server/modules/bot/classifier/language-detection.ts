import { francAll } from "franc-min";
import { type Language, languageProfiles, languages } from "./language-profiles.js";
import { normalizeText } from "./text-normalization.js";
import { tokenize } from "./tokenizer.js";

export type LanguageDetection = {
  /** The detected language, or null when the text gives too little evidence. */
  language: Language | null;
  /** Probability-like weight of the detected (or, when null, the leading) language, 0–1. */
  confidence: number;
  /** Every candidate language with its confidence, best first. */
  ranking: Array<{ language: Language; confidence: number }>;
};

export type DetectLanguageOptions = {
  /** Candidate languages; all known languages by default. */
  languages?: readonly Language[];
  /** Below this confidence the language is reported as null. */
  minConfidence?: number;
};

// Weights of the three kinds of evidence. Marker words decide short messages ("Hallo",
// "Danke!", "where is it"), the trigram model decides longer ones without marker words.
const markerWordWeight = 1.5;
const markerLetterWeight = 2;
const trigramWeight = 6;
const trigramFullLengthLetters = 40;
const decisiveMarkerLead = 3 * markerWordWeight;

/**
 * Detects the language of a customer's message from three kinds of evidence: frequent marker
 * words, marker letters (ä ö ü ß) and franc's character-trigram models, restricted to the
 * candidate languages. Returns null when the message carries too little evidence
 * (emoji, numbers, a single ambiguous word).
 */
export function detectLanguage(text: string, options: DetectLanguageOptions = {}): LanguageDetection {
  const candidates = options.languages ?? languages;
  const minConfidence = options.minConfidence ?? 0.6;
  const normalized = normalizeText(text);
  const letterCount = (normalized.match(/\p{L}/gu) ?? []).length;
  if (letterCount < 2 || candidates.length === 0) {
    return { language: null, confidence: 0, ranking: candidates.map((language) => ({ language, confidence: 0 })) };
  }
  const evidence = new Map<Language, number>(candidates.map((language) => [language, 0]));
  const words = tokenize(normalized);
  for (const language of candidates) {
    const profile = languageProfiles[language];
    const markers = markerWordSets.get(language);
    let score = 0;
    for (const word of words) if (markers?.has(word)) score += markerWordWeight;
    score += (normalized.match(profile.markerLetters) ?? []).length * markerLetterWeight;
    evidence.set(language, score);
  }
  // The trigram model is the costly part: skip it when marker words and letters already decide.
  const markerScores = [...evidence.values()].sort((left, right) => right - left);
  const markerLead = (markerScores[0] ?? 0) - (markerScores[1] ?? 0);
  if (candidates.length > 1 && markerLead < decisiveMarkerLead) {
    const lengthFactor = Math.min(1, letterCount / trigramFullLengthLetters);
    const trigramCodes = candidates.map((language) => languageProfiles[language].trigramCode);
    for (const [code, similarity] of francAll(normalized, { only: trigramCodes, minLength: 1 })) {
      const language = candidates.find((candidate) => languageProfiles[candidate].trigramCode === code);
      if (language) evidence.set(language, (evidence.get(language) ?? 0) + trigramWeight * lengthFactor * similarity);
    }
  }
  const ranking = softmaxRanking(evidence);
  const best = ranking[0];
  if (!best) return { language: null, confidence: 0, ranking };
  return { language: best.confidence >= minConfidence ? best.language : null, confidence: best.confidence, ranking };
}

const markerWordSets = new Map<Language, Set<string>>(
  languages.map((language) => [language, new Set(languageProfiles[language].markerWords.map((word) => normalizeText(word)))]),
);

function softmaxRanking(evidence: Map<Language, number>): Array<{ language: Language; confidence: number }> {
  const entries = [...evidence.entries()];
  const highest = Math.max(...entries.map(([, score]) => score));
  const exponentials = entries.map(([language, score]) => ({ language, weight: Math.exp(score - highest) }));
  const total = exponentials.reduce((sum, entry) => sum + entry.weight, 0);
  return exponentials
    .map(({ language, weight }) => ({ language, confidence: weight / total }))
    .sort((left, right) => right.confidence - left.confidence);
}
