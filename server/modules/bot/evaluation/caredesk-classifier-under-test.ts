import { type IntentClassifierOverrides } from "../classifier/intent-classifier-options.js";
import { trainIntentClassifier } from "../classifier/train-intent-classifier.js";
import { type ClassifierUnderTest } from "./evaluate-intent-classifier.js";

/** The product's own classifier, as the evaluation sees it. */
export function caredeskClassifier(overrides: IntentClassifierOverrides = {}): ClassifierUnderTest {
  return {
    name: "Caredesk",
    train(examples) {
      const classifier = trainIntentClassifier(examples, overrides);
      return {
        classify(text) {
          const classification = classifier.classify(text, { rankingSize: 1 });
          return { topIntent: classification.ranking[0]?.intent ?? null, isOutOfScope: classification.isOutOfScope };
        },
      };
    },
  };
}
