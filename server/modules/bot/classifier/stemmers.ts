import { newStemmer } from "snowball-stemmers";
import { type Language, languageProfiles } from "./language-profiles.js";

type Stemmer = { stem(word: string): string };

const stemmers = new Map<Language, Stemmer>();
const cache = new Map<string, string>();
const cacheLimit = 200_000;

/**
 * The Snowball stem of a lower-case word in a language ("cards" → card, "Überweisungen" →
 * uberweis). Stems are cached: messages repeat their words, and stemming is most of the
 * work of turning a message into features.
 */
export function stemWord(language: Language, word: string): string {
  const key = `${language}:${word}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const stem = stemmerFor(language).stem(word);
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(key, stem);
  return stem;
}

function stemmerFor(language: Language): Stemmer {
  let stemmer = stemmers.get(language);
  if (!stemmer) {
    stemmer = newStemmer(languageProfiles[language].stemmerAlgorithm);
    stemmers.set(language, stemmer);
  }
  return stemmer;
}
