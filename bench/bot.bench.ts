import path from "node:path";
import { parseArgs } from "node:util";
import { defaultIntentClassifierOptions } from "../server/modules/bot/classifier/intent-classifier-options.js";
import { caredeskClassifier } from "../server/modules/bot/evaluation/caredesk-classifier-under-test.js";
import {
  type ClassifierUnderTest,
  type EvaluationReport,
  type EvaluationSettings,
  cpuMilliseconds,
  evaluateIntentClassifier,
} from "../server/modules/bot/evaluation/evaluate-intent-classifier.js";
import { readLabelledMessages } from "../server/modules/bot/evaluation/labelled-messages.js";
import { syntheticIntentExamples } from "../server/modules/bot/evaluation/synthetic-intents.js";
import { projectRoot } from "../server/platform/paths.js";
import { nlpjsClassifier } from "./nlpjs-classifier.js";

/**
 * `npm run bench:bot [-- --datasets DIR]`: the product's intent classifier and nlp.js, trained and
 * tested on the same BANKING77 splits in the same run (full training set, 10 examples per intent,
 * each also with 10 intents held out of training), side by side with ratios against nlp.js.
 * BANKING77 by PolyAI (Casanueva et al. 2020), CC BY 4.0, read from ../shared/datasets (or
 * CAREDESK_DATASETS_DIR, or --datasets).
 */
const { values } = parseArgs({ options: { datasets: { type: "string" }, seed: { type: "string", default: "42" } } });
const datasetsFolder = values.datasets ?? process.env.CAREDESK_DATASETS_DIR ?? path.resolve(projectRoot, "../shared/datasets");
const seed = Number(values.seed);
const train = readLabelledMessages(path.join(datasetsFolder, "banking77/train.csv"));
const test = readLabelledMessages(path.join(datasetsFolder, "banking77/test.csv"));

const scenarios: Array<{ name: string; settings: EvaluationSettings }> = [
  { name: "full", settings: { seed } },
  { name: "10-shot", settings: { seed, shots: 10 } },
  { name: "full, 10 intents held out", settings: { seed, holdoutIntents: 10 } },
  { name: "10-shot, 10 intents held out", settings: { seed, shots: 10, holdoutIntents: 10 } },
];
const subjects: ClassifierUnderTest[] = [caredeskClassifier(), nlpjsClassifier()];

console.log(`BANKING77: ${train.length} training and ${test.length} test messages; seed ${seed} (held-out intents: seed ${seed + 1})`);
console.log(`Caredesk confidence threshold ${defaultIntentClassifierOptions.confidenceThreshold}; nlp.js its default threshold 0.5`);
const results: Array<{ scenario: string; reports: EvaluationReport[] }> = [];
for (const scenario of scenarios) {
  const reports: EvaluationReport[] = [];
  for (const subject of subjects) {
    const report = await evaluateIntentClassifier(subject, train, test, scenario.settings);
    console.log(`  ${scenario.name} · ${subject.name}: accuracy ${percent(report.accuracy)}, trained in ${report.trainMs.toFixed(0)} ms`);
    reports.push(report);
  }
  results.push({ scenario: scenario.name, reports });
}
const retraining = await measureRetraining(subjects);

printTable(results);
console.log("");
console.log("Retraining 100 intents × 20 examples (synthetic messages, after a warm-up training):");
for (const [name, time] of Object.entries(retraining)) console.log(`  ${name.padEnd(9)} ${time.wallMs.toFixed(0)} ms (CPU ${time.cpuMs.toFixed(0)} ms)`);
console.log(
  JSON.stringify({
    seed,
    threshold: defaultIntentClassifierOptions.confidenceThreshold,
    results: results.map(({ scenario, reports }) => ({ scenario, reports: reports.map(({ heldOutIntents: _heldOut, ...report }) => report) })),
    retrain100x20Ms: retraining,
  }),
);

function printTable(rows: Array<{ scenario: string; reports: EvaluationReport[] }>): void {
  const header = [
    "scenario",
    "classifier",
    "accuracy",
    "macro-F1",
    "OOS recall",
    "in-scope acc.",
    "train ms",
    "train CPU ms",
    "p50 ms",
    "p99 ms",
    "p99 CPU ms",
    "acc. ×",
    "train ×",
    "p99 ×",
  ];
  const lines: string[][] = [];
  for (const { scenario, reports } of rows) {
    const reference = reports.find((report) => report.classifier === "nlp.js");
    for (const report of reports) {
      lines.push([
        scenario,
        report.classifier,
        percent(report.accuracy),
        percent(report.macroF1),
        report.oosRecall === null ? "–" : percent(report.oosRecall),
        percent(report.inScopeAccuracy),
        report.trainMs.toFixed(0),
        report.trainCpuMs.toFixed(0),
        report.p50Ms.toFixed(3),
        report.p99Ms.toFixed(3),
        report.p99CpuMs.toFixed(3),
        ratio(report.accuracy, reference?.accuracy),
        ratio(report.trainMs, reference?.trainMs),
        ratio(report.p99Ms, reference?.p99Ms),
      ]);
    }
  }
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] as string).length)));
  const format = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] as number)).join(" | ")} |`;
  console.log("");
  console.log("Ratios (×) are against nlp.js in the same run; absolute figures beside them.");
  console.log(format(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const line of lines) console.log(format(line));
}

async function measureRetraining(classifiers: ClassifierUnderTest[]): Promise<Record<string, { wallMs: number; cpuMs: number }>> {
  const examples = syntheticIntentExamples(100, 20, seed);
  const times: Record<string, { wallMs: number; cpuMs: number }> = {};
  for (const classifier of classifiers) {
    await classifier.train(syntheticIntentExamples(10, 5, seed + 7));
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await classifier.train(examples);
    times[classifier.name] = { wallMs: performance.now() - start, cpuMs: cpuMilliseconds(process.cpuUsage(cpuStart)) };
  }
  return times;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(2)} %`;
}

function ratio(value: number, reference: number | undefined): string {
  return reference === undefined || reference === 0 ? "–" : value / reference === 1 ? "1.00" : (value / reference).toFixed(2);
}
