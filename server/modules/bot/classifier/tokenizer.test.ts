import { describe, expect, it } from "vitest";
import { stemWord } from "./stemmers.js";
import { extractTerms } from "./text-features.js";
import { defaultIntentClassifierOptions } from "./intent-classifier-options.js";
import { numberToken, tokenize } from "./tokenizer.js";

describe("tokenize", () => {
  it("lower-cases and splits English messages into words", () => {
    expect(tokenize("Where is my Card?!")).toEqual(["where", "is", "my", "card"]);
  });

  it("expands English contractions, with or without apostrophe", () => {
    expect(tokenize("I don't know why it isn't working, can't log in")).toEqual([
      "i", "do", "not", "know", "why", "it", "is", "not", "working", "can", "not", "log", "in",
    ]);
    expect(tokenize("Im sure I didnt get it")).toEqual(["i", "am", "sure", "i", "did", "not", "get", "it"]);
    expect(tokenize("It’s my card’s PIN")).toEqual(["it", "my", "card", "pin"]);
  });

  it("splits hyphenated words and replaces numbers", () => {
    expect(tokenize("Top-up of 20 failed on 2024-05-01")).toEqual(["top", "up", "of", numberToken, "failed", "on", numberToken, numberToken, numberToken]);
  });

  it("keeps currency signs as tokens", () => {
    expect(tokenize("I was charged $5 and €3")).toEqual(["i", "was", "charged", "$", numberToken, "and", "€", numberToken]);
  });

  it("keeps German umlauts and ß inside words", () => {
    expect(tokenize("Größe der Überweisung ändern")).toEqual(["größe", "der", "überweisung", "ändern"]);
    expect(tokenize("Wie geht's?")).toEqual(["wie", "geht", "es"]);
  });
});

describe("stemWord", () => {
  it("reduces English inflections to one stem (Snowball English)", () => {
    expect(new Set(["arrive", "arrived", "arriving", "arrives"].map((word) => stemWord("en", word)))).toEqual(new Set(["arriv"]));
    expect(stemWord("en", "cards")).toBe(stemWord("en", "card"));
    expect(stemWord("en", "refunded")).toBe(stemWord("en", "refunds"));
  });

  it("reduces German inflections and folds umlauts (Snowball German)", () => {
    expect(stemWord("de", "überweisungen")).toBe(stemWord("de", "überweisung"));
    expect(stemWord("de", "karten")).toBe(stemWord("de", "karte"));
    expect(stemWord("de", "überweisung")).toBe("uberweis");
    expect(stemWord("de", "straße")).toBe("strass");
  });
});

describe("extractTerms", () => {
  const features = defaultIntentClassifierOptions.features;

  it("makes stemmed word n-grams, word pairs and word-bounded character n-grams", () => {
    const terms = extractTerms("Cards arrived late", "en", features);
    expect(terms.words).toEqual(expect.arrayContaining(["card", "arriv", "late", "card arriv", "arriv late", "card … late"]));
    expect(terms.characters).toEqual(expect.arrayContaining([" c", "card", " card", "ved "]));
    expect(terms.characters.some((term) => term.includes("s a"))).toBe(false);
  });

  it("folds diacritics in character n-grams so that spellings with and without umlauts share features", () => {
    const withUmlaut = extractTerms("Rückerstattung", "de", features).characters;
    const withoutUmlaut = extractTerms("Ruckerstattung", "de", features).characters;
    expect(withUmlaut).toEqual(withoutUmlaut);
  });
});
