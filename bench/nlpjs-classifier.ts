import { createRequire } from "node:module";
import { type ClassifierUnderTest } from "../server/modules/bot/evaluation/evaluate-intent-classifier.js";

/** The part of node-nlp's NlpManager the benchmark uses (the package ships no types). */
type NlpManager = {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, utterance: string): Promise<{ intent: string; score: number; classifications?: Array<{ intent: string; score: number }> }>;
};
type NlpManagerConstructor = new (settings: Record<string, unknown>) => NlpManager;

const require = createRequire(import.meta.url);

/**
 * nlp.js (node-nlp), the most used Node NLU library, as the reference: its NlpManager with its
 * defaults (English stemmer, neural intent classifier, threshold 0.5 below which it answers
 * "None"), sentiment and named entities switched off so that only intent classification is timed.
 * Its hand-off decision is its own: intent "None".
 */
export function nlpjsClassifier(): ClassifierUnderTest {
  const { NlpManager } = require("node-nlp") as { NlpManager: NlpManagerConstructor };
  return {
    name: "nlp.js",
    async train(examples) {
      const manager = new NlpManager({
        languages: ["en"],
        autoSave: false,
        autoLoad: false,
        calculateSentiment: false,
        forceNER: false,
        nlu: { log: false },
      });
      for (const example of examples) manager.addDocument("en", example.text, example.intent);
      await silenced(() => manager.train());
      return {
        async classify(text) {
          const result = await manager.process("en", text);
          const top = result.classifications?.find((classification) => classification.intent !== "None");
          return { topIntent: top?.intent ?? null, isOutOfScope: result.intent === "None" };
        },
      };
    },
  };
}

/** nlp.js warns, while training, about every example that holds only stop words; keep the benchmark's output readable. */
async function silenced<T>(action: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    return await action();
  } finally {
    console.warn = warn;
  }
}
