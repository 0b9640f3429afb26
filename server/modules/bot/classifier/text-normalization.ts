/**
 * Text normalization shared by tokenization and language detection: Unicode compatibility
 * forms, lower case, one kind of apostrophe and quote.
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"');
}

const foldedLetters: Record<string, string> = { ä: "a", ö: "o", ü: "u", ß: "ss", æ: "ae", ø: "o", œ: "oe" };

/**
 * Folds letters with diacritics to their base letters (ä → a, ß → ss, é → e), so that customers
 * who type "Uberweisung" or "Strasse" share features with "Überweisung" and "Straße".
 */
export function foldDiacritics(text: string): string {
  return text
    .replace(/[äöüßæøœ]/g, (letter) => foldedLetters[letter] ?? letter)
    .normalize("NFD")
    .replace(/\p{M}+/gu, "");
}
