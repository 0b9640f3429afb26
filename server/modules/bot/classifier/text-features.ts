import { type Language } from "./language-profiles.js";
import { type SparseVector, unitVector } from "./sparse-vector.js";
import { stemWord } from "./stemmers.js";
import { foldDiacritics } from "./text-normalization.js";
import { numberToken, tokenize } from "./tokenizer.js";

export type FeatureOptions = {
  /** Word n-grams of stemmed tokens, 1 up to this length. */
  wordNgramMax: number;
  /** Ordered pairs of stemmed words with up to this many words between them (0: none). */
  wordPairGap: number;
  /** Character n-grams inside each word (padded with a space on both sides), these lengths. */
  characterNgramMin: number;
  characterNgramMax: number;
  /** Relative weight of the word block against the character block (each is unit length). */
  wordWeight: number;
  characterWeight: number;
  /** Features seen in fewer training messages are dropped. */
  minDocumentFrequency: number;
};

/** The terms of one message, by block; each term may occur several times. */
export type MessageTerms = { words: string[]; characters: string[] };

/** Turns a message into its terms: stemmed word n-grams and word-bounded character n-grams. */
export function extractTerms(text: string, language: Language, options: FeatureOptions): MessageTerms {
  const tokens = tokenize(text).map((token) => (isAscii(token) ? token : foldDiacritics(token)));
  const stems = tokens.map((token) => (token === numberToken ? token : stemWord(language, token)));
  const words: string[] = [];
  for (let length = 1; length <= options.wordNgramMax; length++) {
    for (let start = 0; start + length <= stems.length; start++) words.push(stems.slice(start, start + length).join(" "));
  }
  for (let gap = 1; gap <= options.wordPairGap; gap++) {
    for (let start = 0; start + gap + 1 < stems.length; start++) words.push(`${stems[start]} … ${stems[start + gap + 1]}`);
  }
  const characters: string[] = [];
  for (const token of tokens) {
    if (token === numberToken) continue;
    const padded = ` ${token} `;
    for (let length = options.characterNgramMin; length <= options.characterNgramMax; length++) {
      for (let start = 0; start + length <= padded.length; start++) characters.push(padded.slice(start, start + length));
    }
  }
  return { words, characters };
}

function isAscii(token: string): boolean {
  for (let position = 0; position < token.length; position++) if (token.charCodeAt(position) > 0x7f) return false;
  return true;
}

/**
 * The vocabulary and inverse document frequencies learned from the training messages; turns
 * terms into unit-length TF-IDF vectors (sublinear term frequency, each block scaled to unit
 * length and weighted before the whole vector is scaled to unit length again).
 */
export class FeatureSpace {
  private readonly wordIndex: Map<string, number>;
  private readonly characterIndex: Map<string, number>;

  private constructor(
    private readonly words: string[],
    private readonly wordIdf: Float64Array,
    private readonly characters: string[],
    private readonly characterIdf: Float64Array,
    private readonly options: FeatureOptions,
  ) {
    this.wordIndex = new Map(words.map((term, index) => [term, index]));
    this.characterIndex = new Map(characters.map((term, index) => [term, index + words.length]));
  }

  static fit(messages: MessageTerms[], options: FeatureOptions): FeatureSpace {
    const wordBlock = fitBlock(messages.map((message) => message.words), options.minDocumentFrequency);
    const characterBlock = fitBlock(messages.map((message) => message.characters), options.minDocumentFrequency);
    return new FeatureSpace(wordBlock.terms, wordBlock.idf, characterBlock.terms, characterBlock.idf, options);
  }

  get size(): number {
    return this.words.length + this.characters.length;
  }

  vectorize(terms: MessageTerms): SparseVector {
    const indices: number[] = [];
    const values: number[] = [];
    addBlock(indices, values, terms.words, this.wordIndex, this.wordIdf, 0, this.options.wordWeight);
    addBlock(indices, values, terms.characters, this.characterIndex, this.characterIdf, this.words.length, this.options.characterWeight);
    return unitVector(indices, values);
  }
}

function fitBlock(documents: string[][], minDocumentFrequency: number): { terms: string[]; idf: Float64Array } {
  // Per term: how many documents hold it, and the last document counted (so repeats within one count once).
  const documentFrequency = new Map<string, { count: number; lastDocument: number }>();
  documents.forEach((document, documentIndex) => {
    for (const term of document) {
      const entry = documentFrequency.get(term);
      if (!entry) documentFrequency.set(term, { count: 1, lastDocument: documentIndex });
      else if (entry.lastDocument !== documentIndex) {
        entry.count++;
        entry.lastDocument = documentIndex;
      }
    }
  });
  const terms = [...documentFrequency.entries()]
    .filter(([, entry]) => entry.count >= minDocumentFrequency)
    .map(([term]) => term)
    .sort();
  // Smoothed IDF as in scikit-learn: log((1 + n) / (1 + df)) + 1.
  const idf = Float64Array.from(terms, (term) => Math.log((1 + documents.length) / (1 + (documentFrequency.get(term)?.count ?? 0))) + 1);
  return { terms, idf };
}

function addBlock(
  indices: number[],
  values: number[],
  terms: string[],
  index: Map<string, number>,
  idf: Float64Array,
  offset: number,
  weight: number,
): void {
  if (weight === 0 || terms.length === 0) return;
  const counts = new Map<number, number>();
  for (const term of terms) {
    const feature = index.get(term);
    if (feature !== undefined) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  }
  const start = values.length;
  let sum = 0;
  for (const [feature, count] of counts) {
    const value = (1 + Math.log(count)) * (idf[feature - offset] as number);
    indices.push(feature);
    values.push(value);
    sum += value * value;
  }
  const scale = sum > 0 ? weight / Math.sqrt(sum) : 0;
  for (let position = start; position < values.length; position++) values[position] = (values[position] as number) * scale;
}
