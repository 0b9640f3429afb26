import path from "node:path";
import { parseArgs } from "node:util";
import { type IntentClassifierOverrides, defaultIntentClassifierOptions } from "../server/modules/bot/classifier/intent-classifier-options.js";
import { trainIntentClassifier } from "../server/modules/bot/classifier/train-intent-classifier.js";
import {
  type LabelledMessage,
  chooseHeldOutIntents,
  intentsOf,
  readLabelledMessages,
  sampleShots,
  splitByIntent,
} from "../server/modules/bot/evaluation/labelled-messages.js";
import { projectRoot } from "../server/platform/paths.js";

/**
 * `npm run bot:tune`: how the product's defaults were chosen, using BANKING77's train.csv only.
 * A seeded 20 % validation split is carved from train.csv (the test set is never read); a small
 * grid of settings is trained on the rest (full and 10-shot) and scored on the validation split;
 * then, with 10 intents held out, the confidence threshold that answers the most validation
 * messages correctly (right intent, or hand-off for held-out intents) is reported.
 */
const { values } = parseArgs({ options: { datasets: { type: "string" }, grid: { type: "string", default: "small" } } });
const datasetsFolder = values.datasets ?? process.env.CAREDESK_DATASETS_DIR ?? path.resolve(projectRoot, "../shared/datasets");
const validationSeed = 7;
const all = readLabelledMessages(path.join(datasetsFolder, "banking77/train.csv"));
const { kept: training, split: validation } = splitByIntent(all, 0.2, validationSeed);
console.log(`validation split (seed ${validationSeed}): ${training.length} training, ${validation.length} validation messages`);

const grid: Array<{ name: string; overrides: IntentClassifierOverrides }> = [
  { name: "defaults", overrides: {} },
  { name: "C=0.5", overrides: { svm: { cost: 0.5 } } },
  { name: "C=2", overrides: { svm: { cost: 2 } } },
  { name: "no word pairs", overrides: { features: { wordPairGap: 0 } } },
  { name: "characters 3-5", overrides: { features: { characterNgramMin: 3 } } },
  { name: "word weight 1.5", overrides: { features: { wordWeight: 1.5 } } },
];
for (const candidate of values.grid === "none" ? [] : grid) {
  const full = accuracy(candidate.overrides, training);
  const fewShot = accuracy(candidate.overrides, sampleShots(training, 10, 1));
  console.log(`${candidate.name.padEnd(18)} full ${percent(full)}   10-shot ${percent(fewShot)}`);
}

for (const [name, examples] of [
  ["full", training],
  ["10-shot", sampleShots(training, 10, 1)],
] as const) {
  const heldOut = new Set(chooseHeldOutIntents(intentsOf(training), 10, 2));
  const classifier = trainIntentClassifier(examples.filter((example) => !heldOut.has(example.intent)));
  const answers = validation.map((message) => ({ message, classification: classifier.classify(message.text, { rankingSize: 1 }) }));
  console.log(`\nthreshold with 10 held-out intents, ${name} (product default ${defaultIntentClassifierOptions.confidenceThreshold}):`);
  console.log("threshold  OOS recall  in-scope acc.  overall");
  let best = { threshold: 0, overall: -1 };
  for (let threshold = 0.2; threshold <= 0.8001; threshold += 0.05) {
    let outOfScope = 0;
    let handedOff = 0;
    let inScope = 0;
    let answeredRight = 0;
    for (const { message, classification } of answers) {
      const isOutOfScope = classification.confidence < threshold;
      if (heldOut.has(message.intent)) {
        outOfScope++;
        if (isOutOfScope) handedOff++;
      } else {
        inScope++;
        if (!isOutOfScope && classification.ranking[0]?.intent === message.intent) answeredRight++;
      }
    }
    const overall = (handedOff + answeredRight) / answers.length;
    if (overall > best.overall) best = { threshold, overall };
    console.log(`${threshold.toFixed(2).padEnd(10)} ${percent(handedOff / outOfScope).padEnd(11)} ${percent(answeredRight / inScope).padEnd(14)} ${percent(overall)}`);
  }
  console.log(`best overall accuracy at threshold ${best.threshold.toFixed(2)}`);
}

function accuracy(overrides: IntentClassifierOverrides, examples: LabelledMessage[]): number {
  // Accuracy does not depend on the confidence: skip its calibration folds to tune faster.
  const classifier = trainIntentClassifier(examples, { ...overrides, calibration: { folds: 0 } });
  let right = 0;
  for (const message of validation) if (classifier.classify(message.text, { rankingSize: 1 }).ranking[0]?.intent === message.intent) right++;
  return right / validation.length;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(2)} %`;
}
