import { parseArgs } from "node:util";
import { defaultIntentClassifierOptions } from "../modules/bot/classifier/intent-classifier-options.js";
import { trainIntentClassifier } from "../modules/bot/classifier/train-intent-classifier.js";
import { caredeskClassifier } from "../modules/bot/evaluation/caredesk-classifier-under-test.js";
import { type EvaluationReport, cpuMilliseconds, evaluateIntentClassifier } from "../modules/bot/evaluation/evaluate-intent-classifier.js";
import { readLabelledMessages } from "../modules/bot/evaluation/labelled-messages.js";
import { syntheticIntentExamples } from "../modules/bot/evaluation/synthetic-intents.js";

/**
 * `npm run bot:eval -- --train FILE --test FILE [--shots N] [--holdout-intents K] [--seed S] [--threshold T]`
 * Trains the product's intent classifier on a `text,category` CSV and measures it on another.
 * The last line printed is the report as one JSON object.
 */
const { values } = parseArgs({
  options: {
    train: { type: "string" },
    test: { type: "string" },
    shots: { type: "string" },
    "holdout-intents": { type: "string" },
    seed: { type: "string", default: "42" },
    threshold: { type: "string" },
  },
});

if (!values.train || !values.test) {
  console.error("Usage: npm run bot:eval -- --train FILE --test FILE [--shots N] [--holdout-intents K] [--seed S] [--threshold T]");
  process.exit(2);
}

const shots = optionalInteger(values.shots, "--shots");
const holdoutIntents = optionalInteger(values["holdout-intents"], "--holdout-intents");
const seed = optionalInteger(values.seed, "--seed") ?? 42;
const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) fail("--threshold must be between 0 and 1");

const trainMessages = readLabelledMessages(values.train);
const testMessages = readLabelledMessages(values.test);
const confidenceThreshold = threshold ?? defaultIntentClassifierOptions.confidenceThreshold;
const report = await evaluateIntentClassifier(caredeskClassifier({ confidenceThreshold }), trainMessages, testMessages, {
  shots,
  holdoutIntents,
  seed,
});
const retraining = measureRetraining();

printReport(report, confidenceThreshold);
console.log(`retraining 100 intents × 20 examples (synthetic): ${retraining.wallMs.toFixed(0)} ms (CPU ${retraining.cpuMs.toFixed(0)} ms)`);
console.log(
  JSON.stringify({
    ...report,
    threshold: confidenceThreshold,
    shots: shots ?? null,
    seed,
    retrain100x20Ms: retraining.wallMs,
    retrain100x20CpuMs: retraining.cpuMs,
  }),
);

function printReport(result: EvaluationReport, confidenceThreshold: number): void {
  const percent = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(2)} %`);
  console.log(`trained on ${result.trainExamples} examples of ${result.trainIntents} intents; tested on ${result.testMessages} messages`);
  if (result.heldOutIntents.length > 0) console.log(`held-out intents (seed ${seed + 1}): ${result.heldOutIntents.join(", ")}`);
  console.log(`accuracy (top intent, in scope)      ${percent(result.accuracy)}`);
  console.log(`macro-F1 (top intent, in scope)      ${percent(result.macroF1)}`);
  console.log(`at confidence threshold ${confidenceThreshold}:`);
  console.log(`  out-of-scope recall                ${percent(result.oosRecall)} of ${result.outOfScopeMessages}`);
  console.log(`  in-scope accuracy                  ${percent(result.inScopeAccuracy)} of ${result.inScopeMessages}`);
  console.log(`  in-scope hand-off rate             ${percent(result.inScopeHandoffRate)}`);
  console.log(`  overall accuracy                   ${percent(result.overallAccuracy)}`);
  console.log(`training ${result.trainMs.toFixed(0)} ms (CPU ${result.trainCpuMs.toFixed(0)} ms)`);
  console.log(`classification p50 ${result.p50Ms.toFixed(3)} ms, p99 ${result.p99Ms.toFixed(3)} ms (CPU p50 ${result.p50CpuMs.toFixed(3)}, p99 ${result.p99CpuMs.toFixed(3)} ms)`);
}

function measureRetraining(): { wallMs: number; cpuMs: number } {
  const examples = syntheticIntentExamples(100, 20, seed);
  trainIntentClassifier(syntheticIntentExamples(10, 5, seed + 7)); // warm the JIT, as a long-running server is
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  trainIntentClassifier(examples);
  return { wallMs: performance.now() - start, cpuMs: cpuMilliseconds(process.cpuUsage(cpuStart)) };
}

function optionalInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) fail(`${name} must be a whole number`);
  return parsed;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
