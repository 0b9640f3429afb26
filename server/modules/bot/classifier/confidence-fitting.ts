import { fitLogistic, fitSoftmaxScale, softmax } from "./confidence-calibration.js";
import { type IntentClassifierOptions } from "./intent-classifier-options.js";
import { confidenceInputs } from "./intent-classifier.js";
import { buildLinearModel, scoreClasses, trainLinearSvm } from "./linear-svm.js";
import { createRandom, shuffled } from "./seeded-random.js";
import { type SparseVector } from "./sparse-vector.js";

/** What calibration yields: the softmax scale of intent probabilities and the confidence model's coefficients. */
export type Calibration = { softmaxScale: number; confidenceCoefficients: number[] };

/** Scores of a message the scoring model did not learn from; `trueClass` is -1 when its intent was unknown to that model. */
type Prediction = { scores: Float64Array; trueClass: number };

/** When there is too little data to calibrate: confidence follows the top probability. */
const uncalibrated: Calibration = { softmaxScale: 3, confidenceCoefficients: [6, 0, 0, -3] };

/**
 * Calibration by cross-validation: fold k trains on the other folds' messages minus a seeded
 * share of intents and predicts its own messages. Messages of intents the fold's model never saw
 * are out of scope, so the confidence learns what a message of no known intent looks like.
 * (A cheaper leave-one-out estimate from the final model's dual variables was tried: it is far
 * too pessimistic and handed off most messages; see docs/adr/0002-intent-classifier.md.)
 */
export function calibrate(
  vectors: SparseVector[],
  labels: Int32Array,
  classCount: number,
  featureCount: number,
  options: IntentClassifierOptions,
): Calibration {
  // Intents with fewer examples than folds are missing from some folds' training: their
  // examples then count as out of scope there, which is what such a message would be.
  const folds = options.calibration.folds;
  if (folds < 2 || labels.length < 2 * folds) return uncalibrated;
  const random = createRandom(options.seed + 1);
  const foldOf = new Int32Array(labels.length);
  for (let classIndex = 0; classIndex < classCount; classIndex++) {
    const members = shuffled(indicesWhere(labels.length, (index) => labels[index] === classIndex), random);
    const offset = Math.floor(random() * folds);
    members.forEach((member, position) => (foldOf[member] = (position + offset) % folds));
  }
  const intentOrder = shuffled(Array.from({ length: classCount }, (_, index) => index), random);
  const heldOutPerFold = heldOutIntentCount(classCount, options);

  const predictions: Prediction[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const heldOut = new Set(
      Array.from({ length: heldOutPerFold }, (_, offset) => intentOrder[(fold * heldOutPerFold + offset) % classCount] as number),
    );
    const trainingIndices = indicesWhere(labels.length, (index) => foldOf[index] !== fold && !heldOut.has(labels[index] as number));
    const foldClasses = [...new Set(trainingIndices.map((index) => labels[index] as number))].sort((left, right) => left - right);
    if (foldClasses.length < 2) continue;
    const foldClassIndex = new Map(foldClasses.map((classIndex, position) => [classIndex, position]));
    const foldVectors = trainingIndices.map((index) => vectors[index] as SparseVector);
    const foldLabels = Int32Array.from(trainingIndices, (index) => foldClassIndex.get(labels[index] as number) as number);
    const dual = trainLinearSvm(foldVectors, foldLabels, foldClasses.length, featureCount, { ...options.svm, seed: options.seed + 2 + fold });
    const model = buildLinearModel(foldVectors, foldLabels, foldClasses.length, featureCount, dual);
    for (let index = 0; index < labels.length; index++) {
      if (foldOf[index] !== fold) continue;
      predictions.push({ scores: scoreClasses(model, vectors[index] as SparseVector), trueClass: foldClassIndex.get(labels[index] as number) ?? -1 });
    }
  }
  return fitCalibration(predictions);
}

/** Fits the softmax scale on in-scope predictions, then the confidence model on all of them. */
function fitCalibration(predictions: Prediction[]): Calibration {
  const inScope = predictions.filter((prediction) => prediction.trueClass >= 0);
  if (inScope.length === 0) return uncalibrated;
  const softmaxScale = fitSoftmaxScale(inScope);
  const samples = predictions.map((prediction) => {
    const probabilities = softmax(prediction.scores, softmaxScale);
    return {
      inputs: confidenceInputs(prediction.scores, probabilities),
      isPositive: prediction.trueClass >= 0 && argmax(probabilities) === prediction.trueClass,
    };
  });
  const hasBothOutcomes = samples.some((sample) => sample.isPositive) && samples.some((sample) => !sample.isPositive);
  if (!hasBothOutcomes) return { softmaxScale, confidenceCoefficients: uncalibrated.confidenceCoefficients };
  return { softmaxScale, confidenceCoefficients: fitLogistic(samples) };
}

function heldOutIntentCount(classCount: number, options: IntentClassifierOptions): number {
  return classCount >= 4 ? Math.max(1, Math.round(classCount * options.calibration.heldOutIntentShare)) : 0;
}

function indicesWhere(length: number, predicate: (index: number) => boolean): number[] {
  const indices: number[] = [];
  for (let index = 0; index < length; index++) if (predicate(index)) indices.push(index);
  return indices;
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) if ((values[index] as number) > (values[best] as number)) best = index;
  return best;
}
