/**
 * Turning decision scores into confidences that mean what they say. Two steps, both fitted on
 * predictions for messages the model did not see in training (cross-validation folds):
 *
 * 1. Temperature scaling (Guo et al. 2017): intent probabilities are softmax(scale · score), with
 *    the one scale that minimises the negative log-likelihood of the true intents.
 * 2. A small logistic model estimates the probability that the top intent is the right answer,
 *    from the top probability, its lead over the runner-up and the top raw score. Messages of
 *    intents held out of a fold count as wrong answers, so the confidence also falls for
 *    messages that belong to no intent at all.
 */

/** Softmax of scale · scores. */
export function softmax(scores: ArrayLike<number>, scale: number): Float64Array {
  const probabilities = new Float64Array(scores.length);
  let highest = -Infinity;
  for (let index = 0; index < scores.length; index++) highest = Math.max(highest, scale * (scores[index] as number));
  let total = 0;
  for (let index = 0; index < scores.length; index++) {
    const weight = Math.exp(scale * (scores[index] as number) - highest);
    probabilities[index] = weight;
    total += weight;
  }
  for (let index = 0; index < probabilities.length; index++) probabilities[index] = (probabilities[index] as number) / total;
  return probabilities;
}

/** The softmax scale (inverse temperature) that minimises the negative log-likelihood of the true classes. */
export function fitSoftmaxScale(samples: Array<{ scores: ArrayLike<number>; trueClass: number }>): number {
  if (samples.length === 0) return 1;
  const negativeLogLikelihood = (logScale: number): number => {
    const scale = Math.exp(logScale);
    let sum = 0;
    for (const { scores, trueClass } of samples) {
      // -log softmax(scale · s)[true] = logsumexp(scale · s) - scale · s[true], computed without allocating.
      let highest = -Infinity;
      for (let index = 0; index < scores.length; index++) highest = Math.max(highest, scale * (scores[index] as number));
      let total = 0;
      for (let index = 0; index < scores.length; index++) total += Math.exp(scale * (scores[index] as number) - highest);
      sum += highest + Math.log(total) - scale * (scores[trueClass] as number);
    }
    return sum;
  };
  // The likelihood is unimodal in log(scale): golden-section search on a wide bracket.
  let low = Math.log(0.01);
  let high = Math.log(1000);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let left = high - ratio * (high - low);
  let right = low + ratio * (high - low);
  let leftValue = negativeLogLikelihood(left);
  let rightValue = negativeLogLikelihood(right);
  for (let iteration = 0; iteration < 30; iteration++) {
    if (leftValue < rightValue) {
      high = right;
      right = left;
      rightValue = leftValue;
      left = high - ratio * (high - low);
      leftValue = negativeLogLikelihood(left);
    } else {
      low = left;
      left = right;
      leftValue = rightValue;
      right = low + ratio * (high - low);
      rightValue = negativeLogLikelihood(right);
    }
  }
  return Math.exp((low + high) / 2);
}

/** Coefficients of a logistic model; the last one is the intercept. */
export type LogisticCoefficients = number[];

export function predictLogistic(coefficients: LogisticCoefficients, inputs: readonly number[]): number {
  let sum = coefficients[inputs.length] ?? 0;
  for (let index = 0; index < inputs.length; index++) sum += (coefficients[index] ?? 0) * (inputs[index] as number);
  return 1 / (1 + Math.exp(-sum));
}

/**
 * Fits an L2-regularised logistic regression by Newton's method (a handful of inputs, so each
 * step solves a tiny linear system exactly).
 */
export function fitLogistic(samples: Array<{ inputs: number[]; isPositive: boolean }>, regularization = 1e-3): LogisticCoefficients {
  const width = (samples[0]?.inputs.length ?? 0) + 1;
  const coefficients = new Array<number>(width).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = new Array<number>(width).fill(0);
    const hessian = Array.from({ length: width }, () => new Array<number>(width).fill(0));
    for (const sample of samples) {
      const row = [...sample.inputs, 1];
      const probability = predictLogistic(coefficients, sample.inputs);
      const error = probability - (sample.isPositive ? 1 : 0);
      const curvature = Math.max(probability * (1 - probability), 1e-9);
      for (let first = 0; first < width; first++) {
        gradient[first] = (gradient[first] as number) + error * (row[first] as number);
        const hessianRow = hessian[first] as number[];
        for (let second = 0; second < width; second++) {
          hessianRow[second] = (hessianRow[second] as number) + curvature * (row[first] as number) * (row[second] as number);
        }
      }
    }
    for (let index = 0; index < width - 1; index++) {
      gradient[index] = (gradient[index] as number) + regularization * samples.length * (coefficients[index] as number);
      const hessianRow = hessian[index] as number[];
      hessianRow[index] = (hessianRow[index] as number) + regularization * samples.length;
    }
    const step = solveLinearSystem(hessian, gradient);
    let largestStep = 0;
    for (let index = 0; index < width; index++) {
      coefficients[index] = (coefficients[index] as number) - (step[index] as number);
      largestStep = Math.max(largestStep, Math.abs(step[index] as number));
    }
    if (largestStep < 1e-8) break;
  }
  return coefficients;
}

/** Gaussian elimination with partial pivoting; the system is tiny and positive definite. */
function solveLinearSystem(matrix: number[][], vector: number[]): number[] {
  const size = vector.length;
  const rows = matrix.map((row, index) => [...row, vector[index] as number]);
  for (let column = 0; column < size; column++) {
    let pivot = column;
    for (let row = column + 1; row < size; row++) {
      if (Math.abs((rows[row] as number[])[column] as number) > Math.abs((rows[pivot] as number[])[column] as number)) pivot = row;
    }
    [rows[column], rows[pivot]] = [rows[pivot] as number[], rows[column] as number[]];
    const pivotRow = rows[column] as number[];
    const pivotValue = pivotRow[column] as number;
    if (Math.abs(pivotValue) < 1e-12) continue;
    for (let row = column + 1; row < size; row++) {
      const current = rows[row] as number[];
      const factor = (current[column] as number) / pivotValue;
      for (let cell = column; cell <= size; cell++) current[cell] = (current[cell] as number) - factor * (pivotRow[cell] as number);
    }
  }
  const solution = new Array<number>(size).fill(0);
  for (let row = size - 1; row >= 0; row--) {
    const current = rows[row] as number[];
    let sum = current[size] as number;
    for (let cell = row + 1; cell < size; cell++) sum -= (current[cell] as number) * (solution[cell] as number);
    const diagonal = current[row] as number;
    solution[row] = Math.abs(diagonal) < 1e-12 ? 0 : sum / diagonal;
  }
  return solution;
}

/** Expected calibration error: the gap between confidence and accuracy, averaged over equal-width bins. */
export function expectedCalibrationError(predictions: Array<{ confidence: number; isCorrect: boolean }>, binCount = 10): number {
  if (predictions.length === 0) return 0;
  const bins = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const prediction of predictions) {
    const bin = bins[Math.min(binCount - 1, Math.floor(prediction.confidence * binCount))] as { count: number; confidence: number; correct: number };
    bin.count++;
    bin.confidence += prediction.confidence;
    bin.correct += prediction.isCorrect ? 1 : 0;
  }
  return bins.reduce((sum, bin) => sum + (bin.count === 0 ? 0 : (bin.count / predictions.length) * Math.abs(bin.confidence / bin.count - bin.correct / bin.count)), 0);
}
