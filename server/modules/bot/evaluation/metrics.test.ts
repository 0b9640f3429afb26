import { describe, expect, it } from "vitest";
import { macroF1, percentile } from "./metrics.js";

describe("macroF1", () => {
  it("averages each label's F1 (hand-checked)", () => {
    const pairs = [
      { expected: "a", predicted: "a" },
      { expected: "a", predicted: "b" },
      { expected: "b", predicted: "b" },
      { expected: "b", predicted: null },
    ];
    // a: TP 1, FP 0, FN 1 → F1 2/3; b: TP 1, FP 1, FN 1 → F1 1/2.
    expect(macroF1(pairs, ["a", "b"])).toBeCloseTo((2 / 3 + 1 / 2) / 2, 10);
  });

  it("is 1 for perfect predictions", () => {
    expect(macroF1([{ expected: "a", predicted: "a" }], ["a"])).toBe(1);
  });
});

describe("percentile", () => {
  it("takes the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
  });
});
