import { describe, expect, it } from "vitest";
import { chooseHeldOutIntents, sampleShots, splitByIntent } from "./labelled-messages.js";
import { syntheticIntentExamples } from "./synthetic-intents.js";

const messages = syntheticIntentExamples(12, 15, 5);

describe("sampleShots", () => {
  it("keeps the same N messages per intent for the same seed", () => {
    const first = sampleShots(messages, 4, 42);
    expect(first).toHaveLength(12 * 4);
    expect(sampleShots(messages, 4, 42)).toEqual(first);
    expect(sampleShots(messages, 4, 43)).not.toEqual(first);
  });
});

describe("chooseHeldOutIntents", () => {
  it("chooses the same intents for the same seed, whatever the input order", () => {
    const intents = [...new Set(messages.map((message) => message.intent))];
    const chosen = chooseHeldOutIntents(intents, 3, 43);
    expect(chosen).toHaveLength(3);
    expect(chooseHeldOutIntents([...intents].reverse(), 3, 43)).toEqual(chosen);
  });
});

describe("splitByIntent", () => {
  it("carves the same share of every intent", () => {
    const { kept, split } = splitByIntent(messages, 0.2, 7);
    expect(split).toHaveLength(12 * 3);
    expect(kept.length + split.length).toBe(messages.length);
  });
});
