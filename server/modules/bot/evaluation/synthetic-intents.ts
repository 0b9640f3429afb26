import { createRandom } from "../classifier/seeded-random.js";
import { type LabelledMessage } from "./labelled-messages.js";

const fillerWords = (
  "i my the a to is it not can you please help me with why how when where what do does did have has was " +
  "still again today yesterday need want would like know tell get got just already this that there"
).split(" ");
const syllables = "ka lo mi ne su ta ri po de ve bu lan mor tis gel fra wen dor pil sar".split(" ");

/**
 * Seeded synthetic messages: every intent has three topic words (made-up words from syllables)
 * and each message mixes two of them with everyday filler words. For timing retraining at a
 * realistic size (e.g. 100 intents × 20 examples) and for tests that need a learnable set.
 */
export function syntheticIntentExamples(intentCount: number, examplesPerIntent: number, seed: number): LabelledMessage[] {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const madeUpWord = (): string => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(syllables)).join("");
  const messages: LabelledMessage[] = [];
  for (let intentIndex = 0; intentIndex < intentCount; intentIndex++) {
    const intent = `intent_${String(intentIndex + 1).padStart(3, "0")}`;
    const topicWords = [madeUpWord(), madeUpWord(), madeUpWord()];
    for (let example = 0; example < examplesPerIntent; example++) {
      const words = Array.from({ length: 4 + Math.floor(random() * 6) }, () => pick(fillerWords));
      for (let topic = 0; topic < 2; topic++) words.splice(Math.floor(random() * (words.length + 1)), 0, pick(topicWords));
      messages.push({ text: words.join(" "), intent });
    }
  }
  return messages;
}
