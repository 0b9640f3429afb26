/**
 * What the bot knows about each language it understands. Adding a language means adding a
 * profile here: its ISO 639-1 code, its ISO 639-3 code for the trigram detector (franc), its
 * Snowball stemmer, and words and letters that set it apart from the other profiles.
 */
export const languages = ["en", "de"] as const;
export type Language = (typeof languages)[number];

export type LanguageProfile = {
  language: Language;
  /** ISO 639-3 code as used by franc's trigram models. */
  trigramCode: string;
  /** Algorithm name in snowball-stemmers. */
  stemmerAlgorithm: string;
  /**
   * Frequent words of everyday messages (pronouns, articles, auxiliaries, question words,
   * greetings) that do not also occur commonly in the other languages' messages: "in", "so",
   * "was", "will", "an", "man", "also" are left out on purpose.
   */
  markerWords: readonly string[];
  /** Letters used by this language and not by the others. */
  markerLetters: RegExp;
};

export const languageProfiles: Record<Language, LanguageProfile> = {
  en: {
    language: "en",
    trigramCode: "eng",
    stemmerAlgorithm: "english",
    markerWords: [
      "i", "you", "he", "she", "we", "they", "it", "me", "him", "us", "them", "my", "your", "our", "their", "its",
      "the", "a", "and", "or", "but", "with", "from", "to", "of", "on", "for", "at", "by", "about", "into", "than",
      "is", "are", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did", "not", "no",
      "can", "could", "would", "should", "shall", "may", "might", "must",
      "what", "why", "where", "when", "who", "which", "how", "whats", "this", "that", "these", "those", "there",
      "here", "please", "thanks", "thank", "hello", "hi", "hey", "yes", "just", "still", "already", "yet", "get",
      "got", "need", "want", "help", "any", "some", "all", "if", "because", "again", "now", "today",
      "yesterday", "money", "account", "card", "payment", "order", "cancel", "refund", "change", "work",
      "working", "received", "receive", "sent", "send", "wrong", "transfer", "pay", "paid", "new", "out", "up",
    ],
    markerLetters: /(?!)/gu,
  },
  de: {
    language: "de",
    trigramCode: "deu",
    stemmerAlgorithm: "german",
    markerWords: [
      "ich", "du", "sie", "wir", "ihr", "er", "es", "mir", "mich", "dir", "dich", "uns", "euch", "ihnen", "sich",
      "mein", "meine", "meinen", "meinem", "meiner", "dein", "deine", "ihre", "ihren", "unser", "unsere",
      "der", "die", "das", "dem", "den", "des", "ein", "eine", "einen", "einem", "einer", "kein", "keine",
      "und", "oder", "aber", "mit", "von", "zu", "zum", "zur", "auf", "für", "bei", "nach", "über", "unter",
      "wegen", "seit", "ohne", "gegen", "vom", "im", "ist", "sind", "bin", "bist", "habe", "hab", "hat",
      "haben", "hatte", "wurde", "wurden", "werden", "wird", "kann", "können", "könnte", "möchte", "muss",
      "soll", "darf", "nicht", "nichts", "noch", "schon", "auch", "nur", "sehr", "mehr", "wie", "warum", "wieso",
      "weshalb", "wo", "wann", "wer", "welche", "welcher", "welches", "wohin", "woher", "bitte", "danke",
      "hallo", "guten", "tag", "moin", "servus", "tschüss", "ja", "nein", "jetzt", "heute", "gestern", "immer",
      "wieder", "hier", "dort", "geht", "gibt", "gut", "leider", "mal", "doch", "etwas", "alle", "alles",
      "wenn", "dass", "weil", "ob", "als", "brauche", "funktioniert", "geld", "konto",
      "karte", "bestellung", "zahlung", "überweisung", "rechnung", "passwort", "vergessen", "kündigen",
      "erhalten", "bekommen", "angekommen", "falsch", "frage", "hilfe",
    ],
    markerLetters: /[äöüß]/gu,
  },
};
