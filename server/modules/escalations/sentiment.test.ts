import { describe, expect, it } from "vitest";
import { sentimentOf } from "./sentiment.js";

describe("sentiment of a customer message", () => {
  it("finds strongly negative English and German messages", () => {
    expect(sentimentOf("This is unacceptable and ridiculous, the worst service ever. I will call my lawyer!").isStronglyNegative).toBe(true);
    expect(sentimentOf("Das ist eine Frechheit und völlig inakzeptabel. Ich bin extrem wütend!!").isStronglyNegative).toBe(true);
  });

  it("leaves ordinary requests and mild complaints alone", () => {
    expect(sentimentOf("Hello, I need help with my order, it has not arrived yet.")).toMatchObject({ label: "neutral", isStronglyNegative: false });
    expect(sentimentOf("The delivery was a bit disappointing.")).toMatchObject({ label: "negative", isStronglyNegative: false });
    expect(sentimentOf("Vielen Dank, super Service!")).toMatchObject({ label: "positive", isStronglyNegative: false });
  });

  it("weighs negations, intensifiers and shouting (hand-checked scores)", () => {
    // good (+2) negated: -1
    expect(sentimentOf("not good").score).toBe(-1);
    // nicht (negation) + gut: -1
    expect(sentimentOf("nicht gut").score).toBe(-1);
    // very (×1.5) angry (-3) = -4.5
    expect(sentimentOf("very angry").score).toBe(-4.5);
    // terrible (-3) + useless (-3) = -6, shouting ×1.5 = -9
    expect(sentimentOf("TERRIBLE AND USELESS SERVICE").score).toBe(-9);
    expect(sentimentOf("terrible and useless service").score).toBe(-6);
  });
});
