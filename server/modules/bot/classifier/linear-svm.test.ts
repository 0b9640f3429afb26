import { describe, expect, it } from "vitest";
import { buildLinearModel, scoreClasses, trainLinearSvm } from "./linear-svm.js";
import { type SparseVector } from "./sparse-vector.js";

function vector(entries: Array<[number, number]>): SparseVector {
  return { indices: Int32Array.from(entries, ([index]) => index), values: Float64Array.from(entries, ([, value]) => value) };
}

// Three classes, each marked by its own feature, with a shared noise feature.
const vectors = [
  vector([[0, 1], [3, 0.2]]),
  vector([[0, 0.9], [3, 0.4]]),
  vector([[1, 1], [3, 0.3]]),
  vector([[1, 0.8], [3, 0.1]]),
  vector([[2, 1], [3, 0.2]]),
  vector([[2, 0.7], [3, 0.5]]),
];
const labels = Int32Array.from([0, 0, 1, 1, 2, 2]);
const options = { cost: 1, maxEpochs: 200, tolerance: 0.001, seed: 1 };

describe("trainLinearSvm", () => {
  it("separates linearly separable classes", () => {
    const dual = trainLinearSvm(vectors, labels, 3, 4, options);
    const model = buildLinearModel(vectors, labels, 3, 4, dual);
    vectors.forEach((example, index) => {
      const scores = scoreClasses(model, example);
      const best = scores.indexOf(Math.max(...scores));
      expect(best).toBe(labels[index]);
    });
    expect(scoreClasses(model, vector([[1, 1]]))[1]).toBeGreaterThan(0);
  });

  it("is deterministic for a seed and keeps dual variables non-negative", () => {
    const first = trainLinearSvm(vectors, labels, 3, 4, options);
    expect(trainLinearSvm(vectors, labels, 3, 4, options)).toEqual(first);
    expect(first.values.every((value) => value > 0)).toBe(true);
  });
});
