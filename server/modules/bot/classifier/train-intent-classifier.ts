import { ValidationError } from "../../../platform/errors.js";
import { calibrate } from "./confidence-fitting.js";
import { type IntentClassifierOptions, type IntentClassifierOverrides, resolveOptions } from "./intent-classifier-options.js";
import { IntentClassifier, type TrainedParameters, prepareFeatures } from "./intent-classifier.js";
import { detectLanguage } from "./language-detection.js";
import { type Language } from "./language-profiles.js";
import { trainLinearSvm } from "./linear-svm.js";

export type TrainingExample = {
  text: string;
  intent: string;
  /** The example's language when known; detected otherwise. */
  language?: Language;
};

/**
 * Trains an intent classifier from example messages (an intent's example phrases, knowledge
 * article titles and example questions): TF-IDF features of stemmed word n-grams, word pairs and
 * character n-grams, one-vs-rest linear SVMs, and a confidence calibrated on predictions for
 * messages and intents the model did not learn from (see confidence-fitting.ts). Deterministic
 * for given examples and options.
 */
export function trainIntentClassifier(examples: readonly TrainingExample[], overrides: IntentClassifierOverrides = {}): IntentClassifier {
  const options = resolveOptions(overrides);
  const prepared = prepareExamples(examples, options);
  const intents = [...new Set(prepared.map((example) => example.intent))].sort();
  if (intents.length < 2) {
    throw new ValidationError("intent_training_data_invalid", "A classifier needs example messages for at least two intents.", {
      intentCount: intents.length,
    });
  }
  const { featureSpace, vectors } = prepareFeatures(prepared, options);
  const intentIndex = new Map(intents.map((intent, index) => [intent, index]));
  const labels = Int32Array.from(prepared, (example) => intentIndex.get(example.intent) as number);

  const dual = trainLinearSvm(vectors, labels, intents.length, featureSpace.size, { ...options.svm, seed: options.seed });
  const calibration = calibrate(vectors, labels, intents.length, featureSpace.size, options);
  const parameters: TrainedParameters = { intents, examples: prepared, dual, ...calibration };
  return new IntentClassifier(parameters, options, { featureSpace, vectors });
}

function prepareExamples(examples: readonly TrainingExample[], options: IntentClassifierOptions): TrainedParameters["examples"] {
  const prepared: TrainedParameters["examples"] = [];
  for (const [index, example] of examples.entries()) {
    const text = typeof example.text === "string" ? example.text.trim() : "";
    const intent = typeof example.intent === "string" ? example.intent.trim() : "";
    if (text.length === 0 || intent.length === 0) {
      throw new ValidationError("intent_training_data_invalid", "Every example needs a text and an intent.", { index });
    }
    const language = example.language ?? detectLanguage(text, { languages: options.languages }).language ?? options.defaultLanguage;
    prepared.push({ text, intent, language });
  }
  return prepared;
}
