import { type Language } from "./language-profiles.js";
import { type LinearSvmOptions } from "./linear-svm.js";
import { type FeatureOptions } from "./text-features.js";

export type IntentClassifierOptions = {
  /** Languages the account's customers write in; each message is stemmed in its detected language. */
  languages: Language[];
  /** Used when a message's language cannot be told (too short, no marker words). */
  defaultLanguage: Language;
  features: FeatureOptions;
  svm: Omit<LinearSvmOptions, "seed">;
  calibration: {
    /** Cross-validation folds whose held-out predictions fit the confidence. */
    folds: number;
    /** Share of intents left out of each fold's training, to learn what unknown requests look like. */
    heldOutIntentShare: number;
  };
  /**
   * Below this confidence (the estimated probability that the top intent is right) the message is
   * out of scope and goes to a human.
   */
  confidenceThreshold: number;
  seed: number;
};

export type IntentClassifierOverrides = Partial<Omit<IntentClassifierOptions, "features" | "svm" | "calibration">> & {
  features?: Partial<FeatureOptions>;
  svm?: Partial<IntentClassifierOptions["svm"]>;
  calibration?: Partial<IntentClassifierOptions["calibration"]>;
};

/**
 * The product's settings. Chosen on a validation split carved from BANKING77's train.csv only
 * (`npm run bot:tune`, see docs/bot-evaluation.md), never on its test set.
 */
export const defaultIntentClassifierOptions: IntentClassifierOptions = {
  languages: ["en", "de"],
  defaultLanguage: "en",
  features: {
    wordNgramMax: 2,
    wordPairGap: 3,
    characterNgramMin: 2,
    characterNgramMax: 5,
    wordWeight: 1,
    characterWeight: 1,
    minDocumentFrequency: 1,
  },
  svm: { cost: 1, maxEpochs: 30, tolerance: 0.3 },
  calibration: { folds: 3, heldOutIntentShare: 0.15 },
  confidenceThreshold: 0.5,
  seed: 20240601,
};

export function resolveOptions(overrides: IntentClassifierOverrides = {}): IntentClassifierOptions {
  const defaults = defaultIntentClassifierOptions;
  const languages = [...(overrides.languages ?? defaults.languages)];
  const defaultLanguage = overrides.defaultLanguage ?? (languages.includes(defaults.defaultLanguage) ? defaults.defaultLanguage : languages[0]);
  return {
    ...defaults,
    ...overrides,
    languages,
    defaultLanguage: defaultLanguage ?? defaults.defaultLanguage,
    features: { ...defaults.features, ...overrides.features },
    svm: { ...defaults.svm, ...overrides.svm },
    calibration: { ...defaults.calibration, ...overrides.calibration },
  };
}
