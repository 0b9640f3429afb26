/** Macro-averaged F1 over the given labels (the test set's in-scope intents), with predictions of other labels as errors. */
export function macroF1(pairs: ReadonlyArray<{ expected: string; predicted: string | null }>, labels: readonly string[]): number {
  if (labels.length === 0) return 0;
  let sum = 0;
  for (const label of labels) {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (const { expected, predicted } of pairs) {
      if (predicted === label && expected === label) truePositives++;
      else if (predicted === label) falsePositives++;
      else if (expected === label) falseNegatives++;
    }
    const denominator = 2 * truePositives + falsePositives + falseNegatives;
    sum += denominator === 0 ? 0 : (2 * truePositives) / denominator;
  }
  return sum / labels.length;
}

/** The value below which `share` of the sorted values fall (nearest rank). */
export function percentile(sortedValues: readonly number[], share: number): number {
  if (sortedValues.length === 0) return 0;
  const rank = Math.min(sortedValues.length - 1, Math.max(0, Math.ceil(share * sortedValues.length) - 1));
  return sortedValues[rank] as number;
}
