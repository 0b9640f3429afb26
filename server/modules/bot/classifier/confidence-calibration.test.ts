import { describe, expect, it } from "vitest";
import { expectedCalibrationError, fitLogistic, fitSoftmaxScale, predictLogistic, softmax } from "./confidence-calibration.js";
import { createRandom } from "./seeded-random.js";

describe("softmax", () => {
  it("turns scores into probabilities (hand-checked)", () => {
    const probabilities = softmax([0, Math.log(3)], 1);
    expect(probabilities[0]).toBeCloseTo(0.25, 12);
    expect(probabilities[1]).toBeCloseTo(0.75, 12);
  });
});

describe("fitSoftmaxScale", () => {
  it("recovers the scale that generated the labels", () => {
    const random = createRandom(3);
    const samples = Array.from({ length: 4000 }, () => {
      const scores = [random() * 2 - 1, random() * 2 - 1, random() * 2 - 1];
      const probabilities = softmax(scores, 4);
      const draw = random();
      const trueClass = draw < (probabilities[0] as number) ? 0 : draw < (probabilities[0] as number) + (probabilities[1] as number) ? 1 : 2;
      return { scores, trueClass };
    });
    expect(fitSoftmaxScale(samples)).toBeGreaterThan(3.4);
    expect(fitSoftmaxScale(samples)).toBeLessThan(4.6);
  });
});

describe("fitLogistic", () => {
  it("recovers the coefficients that generated the outcomes", () => {
    const random = createRandom(5);
    const samples = Array.from({ length: 5000 }, () => {
      const input = random() * 4 - 2;
      return { inputs: [input], isPositive: random() < predictLogistic([2, -1], [input]) };
    });
    const [slope, intercept] = fitLogistic(samples, 0);
    expect(slope).toBeGreaterThan(1.7);
    expect(slope).toBeLessThan(2.3);
    expect(intercept).toBeGreaterThan(-1.3);
    expect(intercept).toBeLessThan(-0.7);
  });
});

describe("expectedCalibrationError", () => {
  it("is the bin-weighted gap between confidence and accuracy (hand-checked)", () => {
    const predictions = [
      { confidence: 0.95, isCorrect: true },
      { confidence: 0.95, isCorrect: false },
      { confidence: 0.15, isCorrect: false },
      { confidence: 0.15, isCorrect: false },
    ];
    // Bin 0.9–1: confidence 0.95, accuracy 0.5 → 0.45; bin 0.1–0.2: 0.15 vs 0 → 0.15; each holds half.
    expect(expectedCalibrationError(predictions)).toBeCloseTo(0.3, 12);
  });
});
