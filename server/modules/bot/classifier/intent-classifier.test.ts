import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../platform/errors.js";
import { syntheticIntentExamples } from "../evaluation/synthetic-intents.js";
import { expectedCalibrationError } from "./confidence-calibration.js";
import { customerCareExamples } from "./customer-care-examples.fixture.js";
import { IntentClassifier } from "./intent-classifier.js";
import { trainIntentClassifier } from "./train-intent-classifier.js";

const classifier = trainIntentClassifier(customerCareExamples);

describe("trainIntentClassifier", () => {
  it("learns a small English and German intent set", () => {
    const unseen: Array<[string, string]> = [
      ["where is my package", "order_status"],
      ["Wo bleibt mein Paket?", "order_status"],
      ["I'd like a refund please", "refund"],
      ["Geld zurück bitte", "refund"],
      ["forgot password", "password_reset"],
      ["cancel my plan", "cancel_subscription"],
      ["Ich brauche die Rechnung", "invoice"],
      ["please ship it to my new address", "change_address"],
      ["my card got declined", "payment_failed"],
      ["the box came smashed and the item is broken", "complaint_damaged"],
    ];
    for (const [text, intent] of unseen) {
      const classification = classifier.classify(text);
      expect(classification.intent, text).toBe(intent);
      expect(classification.isOutOfScope).toBe(false);
    }
  });

  it("ranks intents best first with confidences between 0 and 1", () => {
    const { ranking, confidence } = classifier.classify("Where is my order?", { rankingSize: 3 });
    expect(ranking).toHaveLength(3);
    expect(ranking[0]?.intent).toBe("order_status");
    expect(ranking[0]?.confidence).toBeCloseTo(confidence, 10);
    for (const [index, entry] of ranking.entries()) {
      expect(entry.confidence).toBeGreaterThanOrEqual(0);
      expect(entry.confidence).toBeLessThanOrEqual(1);
      if (index > 0) expect(entry.confidence).toBeLessThanOrEqual(ranking[index - 1]!.confidence);
    }
  });

  it("reports the language it read the message in, or takes a known one", () => {
    expect(classifier.classify("Meine Zahlung wurde abgelehnt").language).toBe("de");
    expect(classifier.classify("My payment was declined").language).toBe("en");
    expect(classifier.classify("Paypal", { language: "de" }).language).toBe("de");
  });

  it("hands off messages unrelated to every intent", () => {
    for (const text of ["What is the capital of France?", "I love your cat pictures", "Wie wird das Wetter morgen?", "asdf qwer zxcv", "", "👍"]) {
      const classification = classifier.classify(text);
      expect(classification.isOutOfScope, text).toBe(true);
      expect(classification.intent).toBeNull();
      expect(classification.confidence).toBeLessThan(classifier.options.confidenceThreshold);
    }
  });

  it("reads every message in the account's only language when given one", () => {
    const german = trainIntentClassifier(customerCareExamples, { languages: ["de"] });
    expect(german.options.defaultLanguage).toBe("de");
    expect(german.classify("Where is my order?").language).toBe("de");
  });

  it("lets a call override the confidence threshold", () => {
    const text = "What is the capital of France?";
    expect(classifier.classify(text, { confidenceThreshold: 0 }).isOutOfScope).toBe(false);
    expect(classifier.classify("Where is my order?", { confidenceThreshold: 1 }).isOutOfScope).toBe(true);
  });

  it("is deterministic", () => {
    const again = trainIntentClassifier(customerCareExamples);
    expect(JSON.stringify(again)).toBe(JSON.stringify(classifier));
  });

  it("gives calibrated confidences on held-out messages", () => {
    const examples = syntheticIntentExamples(20, 40, 11);
    const training = examples.filter((_, index) => index % 4 !== 0);
    const heldOut = examples.filter((_, index) => index % 4 === 0);
    const trained = trainIntentClassifier(training);
    const predictions = heldOut.map((example) => {
      const classification = trained.classify(example.text, { rankingSize: 1 });
      return { confidence: classification.confidence, isCorrect: classification.ranking[0]?.intent === example.intent };
    });
    expect(expectedCalibrationError(predictions)).toBeLessThan(0.1);
  });

  // Its duration is reported by bot:eval and bench:bot, not asserted; the timeout only leaves room for a busy machine.
  it("retrains 100 intents × 20 examples", { timeout: 180_000 }, () => {
    const trained = trainIntentClassifier(syntheticIntentExamples(100, 20, 3));
    expect(trained.intents).toHaveLength(100);
    expect(trained.classify(syntheticIntentExamples(100, 20, 3)[0]!.text).ranking[0]?.intent).toBe("intent_001");
  });

  it("refuses training data without two intents or with empty examples", () => {
    expect(() => trainIntentClassifier([{ text: "hello", intent: "greeting" }])).toThrow(ValidationError);
    expect(() => trainIntentClassifier([{ text: " ", intent: "a" }, { text: "b", intent: "b" }])).toThrow(ValidationError);
  });
});

describe("IntentClassifier serialization", () => {
  it("gives identical classifications after a JSON round trip", () => {
    const restored = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(classifier)));
    for (const text of ["Where is my order?", "Ich habe mein Passwort vergessen", "What is the capital of France?", "refund?"]) {
      expect(restored.classify(text, { rankingSize: 8 })).toEqual(classifier.classify(text, { rankingSize: 8 }));
    }
    expect(JSON.stringify(restored)).toBe(JSON.stringify(classifier));
  });

  it("refuses malformed, inconsistent or outdated stored classifiers", () => {
    const stored = JSON.parse(JSON.stringify(classifier));
    expect(() => IntentClassifier.fromJSON({ format: "something else" })).toThrow(ValidationError);
    expect(() => IntentClassifier.fromJSON({ ...stored, dual: { ...stored.dual, messages: [999_999] } })).toThrow(ValidationError);
    try {
      IntentClassifier.fromJSON({ ...stored, version: 0 });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).code).toBe("intent_classifier_outdated");
    }
  });
});
