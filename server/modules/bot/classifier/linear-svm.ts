import { createRandom, shuffled } from "./seeded-random.js";
import { type SparseVector, squaredNorm } from "./sparse-vector.js";

export type LinearSvmOptions = {
  /** Inverse regularization strength (C): larger fits the training messages more closely. */
  cost: number;
  /** Passes over the training messages at most. */
  maxEpochs: number;
  /** Stops when the projected gradients' spread falls below this (LIBLINEAR's epsilon). */
  tolerance: number;
  seed: number;
};

/** One weight per feature and class, stored feature by feature so that scoring a sparse message reads contiguous memory. */
export type LinearModel = { featureCount: number; classCount: number; weights: Float64Array; biases: Float64Array };

/**
 * The solution in dual form: the non-zero dual variables, one per pair of training message and
 * class. The weights are their sum over the messages' vectors, so these few numbers plus the
 * training messages are the whole model (what is stored), and far smaller than the weights.
 */
export type DualCoefficients = { messages: number[]; classes: number[]; values: number[] };

/**
 * One-vs-rest linear support vector machines with squared hinge loss and L2 regularization
 * (bias regularized too, as in LIBLINEAR), solved in the dual by coordinate descent (Hsieh et
 * al. 2008, the solver behind LIBLINEAR's default). All classes advance together: one visit of
 * a message computes its margins for every class from contiguous weights and updates each
 * class's dual variable, which is what makes training fast in JavaScript. Pairs of message and
 * class whose dual variable stays at zero are shrunk away until the final check. Deterministic
 * for a given seed.
 */
export function trainLinearSvm(
  vectors: SparseVector[],
  labels: Int32Array,
  classCount: number,
  featureCount: number,
  options: LinearSvmOptions,
): DualCoefficients {
  const count = vectors.length;
  // Single precision halves the memory each pass streams through; the stored model is rebuilt in double precision.
  const weights = new Float32Array(featureCount * classCount);
  const biases = new Float64Array(classCount);
  const random = createRandom(options.seed);
  // Squared hinge loss: the dual gets a diagonal term 1 / (2C) and no upper bound.
  const diagonal = 1 / (2 * options.cost);
  const diagonalQ = Float64Array.from(vectors, (vector) => squaredNorm(vector) + 1 + diagonal);
  const alpha = new Float64Array(count * classCount);
  const isShrunk = new Uint8Array(count * classCount);
  const activeClassCount = new Int32Array(count).fill(classCount);
  const upperBound = new Float64Array(classCount).fill(Infinity);
  const maxGradient = new Float64Array(classCount);
  const minGradient = new Float64Array(classCount);
  const margins = new Float64Array(classCount);
  const steps = new Float64Array(classCount);
  const changed = new Int32Array(classCount);
  const denseSteps = new Float32Array(classCount);
  let order = Array.from({ length: count }, (_, index) => index);

  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    maxGradient.fill(-Infinity);
    minGradient.fill(Infinity);
    for (const index of shuffled(order, random)) {
      if (activeClassCount[index] === 0) continue;
      const vector = vectors[index] as SparseVector;
      const { indices, values } = vector;
      computeMargins(margins, biases, weights, indices, values, classCount);
      const label = labels[index] as number;
      const base = index * classCount;
      let changedCount = 0;
      for (let classIndex = 0; classIndex < classCount; classIndex++) {
        if (isShrunk[base + classIndex]) continue;
        const sign = label === classIndex ? 1 : -1;
        const current = alpha[base + classIndex] as number;
        const gradient = sign * (margins[classIndex] as number) - 1 + diagonal * current;
        let projected = gradient;
        if (current === 0) {
          if (gradient > (upperBound[classIndex] as number)) {
            // Well outside the margin and at zero: leave this pair alone until the final check.
            isShrunk[base + classIndex] = 1;
            activeClassCount[index] = (activeClassCount[index] as number) - 1;
            continue;
          }
          projected = Math.min(gradient, 0);
        }
        if (projected > (maxGradient[classIndex] as number)) maxGradient[classIndex] = projected;
        if (projected < (minGradient[classIndex] as number)) minGradient[classIndex] = projected;
        if (Math.abs(projected) > 1e-12) {
          const next = Math.max(current - gradient / (diagonalQ[index] as number), 0);
          alpha[base + classIndex] = next;
          steps[changedCount] = (next - current) * sign;
          changed[changedCount] = classIndex;
          changedCount++;
        }
      }
      if (changedCount === 0) continue;
      if (changedCount * 4 > classCount) {
        // Most classes moved (early passes): update whole rows, which the CPU streams fastest.
        denseSteps.fill(0);
        for (let change = 0; change < changedCount; change++) denseSteps[changed[change] as number] = steps[change] as number;
        addToRows(weights, denseSteps, indices, values, classCount);
      } else {
        addToCells(weights, steps, changed, changedCount, indices, values, classCount);
      }
      for (let change = 0; change < changedCount; change++) {
        const classIndex = changed[change] as number;
        biases[classIndex] = (biases[classIndex] as number) + (steps[change] as number);
      }
    }
    let spread = 0;
    for (let classIndex = 0; classIndex < classCount; classIndex++) {
      const high = maxGradient[classIndex] as number;
      const low = minGradient[classIndex] as number;
      if (high >= low) spread = Math.max(spread, high - low);
      upperBound[classIndex] = high <= 0 ? Infinity : high;
    }
    const isAnyShrunk = activeClassCount.some((active) => active < classCount);
    if (spread <= options.tolerance) {
      if (!isAnyShrunk) break;
      // Converged on the shrunk problem: bring every pair back and check once more.
      isShrunk.fill(0);
      activeClassCount.fill(classCount);
      upperBound.fill(Infinity);
      order = Array.from({ length: count }, (_, index) => index);
      continue;
    }
    order = order.filter((index) => (activeClassCount[index] as number) > 0);
  }
  const dual: DualCoefficients = { messages: [], classes: [], values: [] };
  for (let index = 0; index < count; index++) {
    for (let classIndex = 0; classIndex < classCount; classIndex++) {
      const value = alpha[index * classCount + classIndex] as number;
      if (value === 0) continue;
      dual.messages.push(index);
      dual.classes.push(classIndex);
      dual.values.push(value);
    }
  }
  return dual;
}

// The hot loops live in small functions of their own: V8 optimizes them at once and keeps them
// optimized, where one large function kept being deoptimized and recompiled while training ran.

/** margins = biases + Σ value · (the feature's row of weights). */
function computeMargins(
  margins: Float64Array,
  biases: Float64Array,
  weights: Float32Array,
  indices: Int32Array,
  values: Float64Array,
  classCount: number,
): void {
  margins.set(biases);
  for (let position = 0; position < indices.length; position++) {
    const value = values[position] as number;
    const row = (indices[position] as number) * classCount;
    for (let classIndex = 0; classIndex < classCount; classIndex++) {
      margins[classIndex] = (margins[classIndex] as number) + value * (weights[row + classIndex] as number);
    }
  }
}

/** Adds value · steps to each feature's whole row of weights. */
function addToRows(weights: Float32Array, steps: Float32Array, indices: Int32Array, values: Float64Array, classCount: number): void {
  for (let position = 0; position < indices.length; position++) {
    const value = values[position] as number;
    const row = (indices[position] as number) * classCount;
    for (let classIndex = 0; classIndex < classCount; classIndex++) {
      weights[row + classIndex] = (weights[row + classIndex] as number) + (steps[classIndex] as number) * value;
    }
  }
}

/** Adds value · step to the weights of the changed classes only. */
function addToCells(
  weights: Float32Array,
  steps: Float64Array,
  changed: Int32Array,
  changedCount: number,
  indices: Int32Array,
  values: Float64Array,
  classCount: number,
): void {
  for (let position = 0; position < indices.length; position++) {
    const value = values[position] as number;
    const row = (indices[position] as number) * classCount;
    for (let change = 0; change < changedCount; change++) {
      const cell = row + (changed[change] as number);
      weights[cell] = (weights[cell] as number) + (steps[change] as number) * value;
    }
  }
}

/**
 * Builds the weights from the dual solution: w_c = Σ α_ic · y_ic · x_i (and the bias with a
 * constant feature of 1). Training and loading both build the weights this way, so that a
 * stored and reloaded classifier scores exactly like the one just trained.
 */
export function buildLinearModel(
  vectors: SparseVector[],
  labels: Int32Array,
  classCount: number,
  featureCount: number,
  dual: DualCoefficients,
): LinearModel {
  const weights = new Float64Array(featureCount * classCount);
  const biases = new Float64Array(classCount);
  for (let entry = 0; entry < dual.values.length; entry++) {
    const index = dual.messages[entry] as number;
    const classIndex = dual.classes[entry] as number;
    const vector = vectors[index];
    if (!vector || classIndex >= classCount) throw new RangeError("Dual coefficient outside the training data");
    const step = (dual.values[entry] as number) * (labels[index] === classIndex ? 1 : -1);
    for (let position = 0; position < vector.indices.length; position++) {
      const cell = (vector.indices[position] as number) * classCount + classIndex;
      weights[cell] = (weights[cell] as number) + step * (vector.values[position] as number);
    }
    biases[classIndex] = (biases[classIndex] as number) + step;
  }
  return { featureCount, classCount, weights, biases };
}

/** The raw decision score of every class for one message (margin of each one-vs-rest machine). */
export function scoreClasses(model: LinearModel, vector: SparseVector): Float64Array {
  const { classCount, weights } = model;
  const scores = Float64Array.from(model.biases);
  for (let position = 0; position < vector.indices.length; position++) {
    const value = vector.values[position] as number;
    const row = (vector.indices[position] as number) * classCount;
    for (let classIndex = 0; classIndex < classCount; classIndex++) {
      scores[classIndex] = (scores[classIndex] as number) + value * (weights[row + classIndex] as number);
    }
  }
  return scores;
}
