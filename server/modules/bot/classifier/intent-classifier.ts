import { z } from "zod";
import { ValidationError } from "../../../platform/errors.js";
import { predictLogistic, softmax } from "./confidence-calibration.js";
import { type IntentClassifierOptions, type IntentClassifierOverrides, resolveOptions } from "./intent-classifier-options.js";
import { detectLanguage } from "./language-detection.js";
import { type Language, languages } from "./language-profiles.js";
import { type DualCoefficients, type LinearModel, buildLinearModel, scoreClasses } from "./linear-svm.js";
import { type SparseVector } from "./sparse-vector.js";
import { FeatureSpace, extractTerms } from "./text-features.js";

export type IntentRanking = Array<{ intent: string; confidence: number }>;

export type IntentClassification = {
  /** The recognised intent, or null when the message is out of scope (confidence below the threshold). */
  intent: string | null;
  /** Estimated probability that the top-ranked intent is the right answer for this message. */
  confidence: number;
  /**
   * The best intents, best first, each with the estimated probability that it is the answer
   * (in scope and this intent). The first equals `confidence` unless the intent probabilities are
   * less sure than the confidence model, then it is the top intent probability.
   */
  ranking: IntentRanking;
  /** True when the bot should not answer from an intent and should hand over instead. */
  isOutOfScope: boolean;
  /** The language the message was read in (detected, or null when it could not be told). */
  language: Language | null;
};

export type ClassifyOptions = {
  /** Overrides the classifier's confidence threshold for this call. */
  confidenceThreshold?: number;
  /** How many intents the ranking lists (5 by default). */
  rankingSize?: number;
  /** The message's language when already known (e.g. from the customer's profile); detected otherwise. */
  language?: Language;
};

/** Everything a classifier needs besides its options: what training produced. */
export type TrainedParameters = {
  intents: string[];
  examples: Array<{ text: string; intent: string; language: Language }>;
  dual: DualCoefficients;
  softmaxScale: number;
  confidenceCoefficients: number[];
};

export const intentClassifierFormat = "caredesk.intent-classifier";
/** Raise when tokenization, features or scoring change: stored classifiers of older versions must be retrained. */
export const intentClassifierVersion = 1;

const languageSchema = z.enum(languages);
const serializedClassifierSchema = z.object({
  format: z.literal(intentClassifierFormat),
  version: z.number().int(),
  options: z.object({
    languages: z.array(languageSchema).min(1),
    defaultLanguage: languageSchema,
    features: z.object({
      wordNgramMax: z.number().int().min(1),
      wordPairGap: z.number().int().min(0),
      characterNgramMin: z.number().int().min(1),
      characterNgramMax: z.number().int().min(0),
      wordWeight: z.number().min(0),
      characterWeight: z.number().min(0),
      minDocumentFrequency: z.number().int().min(1),
    }),
    svm: z.object({
      cost: z.number().positive(),
      maxEpochs: z.number().int().positive(),
      tolerance: z.number().positive(),
    }),
    calibration: z.object({
      folds: z.number().int().min(0),
      heldOutIntentShare: z.number().min(0).max(1),
    }),
    confidenceThreshold: z.number().min(0).max(1),
    seed: z.number().int(),
  }),
  intents: z.array(z.string().min(1)).min(2),
  examples: z.array(z.object({ text: z.string(), intent: z.string().min(1), language: languageSchema })),
  dual: z.object({ messages: z.array(z.number().int().min(0)), classes: z.array(z.number().int().min(0)), values: z.array(z.number()) }),
  softmaxScale: z.number().positive(),
  confidenceCoefficients: z.array(z.number()).length(4),
});

export type SerializedIntentClassifier = z.infer<typeof serializedClassifierSchema>;

/**
 * A trained intent classifier: reads a customer's message and says which of the account's
 * intents it expresses, how sure it is, and whether it is out of scope. Immutable; create one
 * with `trainIntentClassifier` or `IntentClassifier.fromJSON`.
 */
export class IntentClassifier {
  readonly intents: readonly string[];
  readonly options: IntentClassifierOptions;
  private readonly parameters: TrainedParameters;
  private readonly featureSpace: FeatureSpace;
  private readonly model: LinearModel;

  /**
   * Builds the classifier from trained parameters: vocabulary and weights are derived from the
   * examples and the dual solution. Training passes the features it already computed.
   */
  constructor(parameters: TrainedParameters, options: IntentClassifierOptions, prepared?: PreparedFeatures) {
    this.parameters = parameters;
    this.options = options;
    this.intents = parameters.intents;
    const { featureSpace, vectors } = prepared ?? prepareFeatures(parameters.examples, options);
    this.featureSpace = featureSpace;
    const intentIndex = new Map(parameters.intents.map((intent, index) => [intent, index]));
    const labels = Int32Array.from(parameters.examples, (example) => intentIndex.get(example.intent) ?? -1);
    this.model = buildLinearModel(vectors, labels, parameters.intents.length, featureSpace.size, parameters.dual);
  }

  /** Classifies one message. */
  classify(text: string, options: ClassifyOptions = {}): IntentClassification {
    const detected = options.language ?? detectLanguage(text, { languages: this.options.languages }).language;
    const language = detected ?? this.options.defaultLanguage;
    const vector = this.featureSpace.vectorize(extractTerms(text, language, this.options.features));
    const { confidence, probabilities, scaleToConfidence } = this.scoreVector(vector);
    const rankingSize = options.rankingSize ?? 5;
    const ranking = topClasses(probabilities, rankingSize).map((classIndex) => ({
      intent: this.intents[classIndex] as string,
      confidence: (probabilities[classIndex] as number) * scaleToConfidence,
    }));
    const threshold = options.confidenceThreshold ?? this.options.confidenceThreshold;
    const isOutOfScope = confidence < threshold;
    return { intent: isOutOfScope ? null : (ranking[0]?.intent ?? null), confidence, ranking, isOutOfScope, language: detected };
  }

  /** The stored form: plain JSON (a few numbers per training message), safe to keep in a jsonb column. */
  toJSON(): SerializedIntentClassifier {
    return { format: intentClassifierFormat, version: intentClassifierVersion, options: this.options, ...this.parameters };
  }

  /** Loads a stored classifier; refuses malformed data and classifiers of another version (retrain those). */
  static fromJSON(json: unknown): IntentClassifier {
    const parsed = serializedClassifierSchema.safeParse(json);
    if (!parsed.success) {
      throw new ValidationError("intent_classifier_invalid", "The stored intent classifier is not valid.", { issues: parsed.error.issues.slice(0, 5) });
    }
    const { format: _format, version, options, ...parameters } = parsed.data;
    if (version !== intentClassifierVersion) {
      throw new ValidationError("intent_classifier_outdated", "The stored intent classifier was trained by another version; retrain it.", {
        version,
        expected: intentClassifierVersion,
      });
    }
    const knownIntents = new Set(parameters.intents);
    const isConsistent =
      knownIntents.size === parameters.intents.length &&
      parameters.examples.every((example) => knownIntents.has(example.intent)) &&
      parameters.dual.messages.length === parameters.dual.values.length &&
      parameters.dual.classes.length === parameters.dual.values.length &&
      parameters.dual.messages.every((index) => index < parameters.examples.length) &&
      parameters.dual.classes.every((index) => index < parameters.intents.length);
    if (!isConsistent) throw new ValidationError("intent_classifier_invalid", "The stored intent classifier is not consistent.");
    return new IntentClassifier(parameters, resolveOptions(options as IntentClassifierOverrides));
  }

  private scoreVector(vector: SparseVector): { confidence: number; probabilities: Float64Array; scaleToConfidence: number } {
    const scores = scoreClasses(this.model, vector);
    const probabilities = softmax(scores, this.parameters.softmaxScale);
    const confidence = predictLogistic(this.parameters.confidenceCoefficients, confidenceInputs(scores, probabilities));
    const [best] = topClasses(probabilities, 1);
    const top = best === undefined ? 1 : (probabilities[best] as number);
    // The ranking reads P(in scope) · P(intent | in scope), with P(in scope) estimated as
    // confidence / top probability (at most 1): a sub-distribution whose rest is "out of scope".
    return { confidence, probabilities, scaleToConfidence: top > 0 ? Math.min(1, confidence / top) : 0 };
  }
}

export type PreparedFeatures = { featureSpace: FeatureSpace; vectors: SparseVector[] };

/** Fits the vocabulary on the examples and turns each into its feature vector. */
export function prepareFeatures(examples: TrainedParameters["examples"], options: IntentClassifierOptions): PreparedFeatures {
  const terms = examples.map((example) => extractTerms(example.text, example.language, options.features));
  const featureSpace = FeatureSpace.fit(terms, options.features);
  return { featureSpace, vectors: terms.map((messageTerms) => featureSpace.vectorize(messageTerms)) };
}

/** What the confidence model reads: top probability, its lead over the runner-up, and the top raw score. */
export function confidenceInputs(scores: Float64Array, probabilities: Float64Array): number[] {
  let first = -1;
  let second = -1;
  for (let index = 0; index < probabilities.length; index++) {
    if (first === -1 || (probabilities[index] as number) > (probabilities[first] as number)) {
      second = first;
      first = index;
    } else if (second === -1 || (probabilities[index] as number) > (probabilities[second] as number)) {
      second = index;
    }
  }
  const top = first === -1 ? 0 : (probabilities[first] as number);
  const runnerUp = second === -1 ? 0 : (probabilities[second] as number);
  return [top, top - runnerUp, first === -1 ? 0 : (scores[first] as number)];
}

/** Indices of the `count` highest probabilities, best first (ties: lower index first). */
function topClasses(probabilities: Float64Array, count: number): number[] {
  const top: number[] = [];
  for (let index = 0; index < probabilities.length; index++) {
    const value = probabilities[index] as number;
    if (top.length === count && value <= (probabilities[top[top.length - 1] as number] as number)) continue;
    let position = top.length;
    while (position > 0 && value > (probabilities[top[position - 1] as number] as number)) position--;
    top.splice(position, 0, index);
    if (top.length > count) top.pop();
  }
  return top;
}
