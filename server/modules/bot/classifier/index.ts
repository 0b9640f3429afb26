/**
 * The bot's offline language detection and intent classification. Everything runs in-process:
 * no external service, no model download. Train from example messages, store `toJSON()` (plain
 * JSON), load with `IntentClassifier.fromJSON` in every server process. See
 * docs/adr/0002-intent-classifier.md and docs/bot-evaluation.md.
 */
export { trainIntentClassifier, type TrainingExample } from "./train-intent-classifier.js";
export {
  IntentClassifier,
  intentClassifierVersion,
  type ClassifyOptions,
  type IntentClassification,
  type IntentRanking,
  type SerializedIntentClassifier,
} from "./intent-classifier.js";
export { defaultIntentClassifierOptions, type IntentClassifierOptions, type IntentClassifierOverrides } from "./intent-classifier-options.js";
export { detectLanguage, type DetectLanguageOptions, type LanguageDetection } from "./language-detection.js";
export { languages, type Language } from "./language-profiles.js";
