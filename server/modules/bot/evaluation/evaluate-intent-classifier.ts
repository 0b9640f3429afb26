import { type LabelledMessage, chooseHeldOutIntents, intentsOf, sampleShots } from "./labelled-messages.js";
import { macroF1, percentile } from "./metrics.js";

/** What the evaluation needs from a classifier: train on examples, then classify messages. */
export type ClassifierUnderTest = {
  name: string;
  train(examples: LabelledMessage[]): Promise<TrainedClassifierUnderTest> | TrainedClassifierUnderTest;
};

export type TrainedClassifierUnderTest = {
  /** `topIntent` is the best-ranked intent regardless of threshold; `isOutOfScope` is the product's hand-off decision. */
  classify(text: string): Promise<ClassifierAnswer> | ClassifierAnswer;
};

export type ClassifierAnswer = { topIntent: string | null; isOutOfScope: boolean };

export type EvaluationSettings = {
  /** Train on this many seeded-sampled examples per intent (all when absent). */
  shots?: number;
  /** Remove this many seeded-chosen intents from training; their test messages should be handed off. */
  holdoutIntents?: number;
  /** Seed of the few-shot sampling; the held-out intents use seed + 1. */
  seed: number;
  /** Classify this many test messages before timing, so that latency is not the JIT's warm-up. */
  warmupMessages?: number;
};

export type EvaluationReport = {
  classifier: string;
  trainExamples: number;
  trainIntents: number;
  testMessages: number;
  inScopeMessages: number;
  outOfScopeMessages: number;
  heldOutIntents: string[];
  /** Top-ranked intent = expected intent, over in-scope test messages (no threshold: the usual benchmark figure). */
  accuracy: number;
  /** Macro-F1 of the top-ranked intent over the in-scope test intents (no threshold). */
  macroF1: number;
  /** Share of out-of-scope test messages handed off; null when there are none. */
  oosRecall: number | null;
  /** Share of in-scope test messages answered with the right intent at the threshold (a hand-off counts as wrong). */
  inScopeAccuracy: number;
  /** Share of in-scope test messages handed off at the threshold. */
  inScopeHandoffRate: number;
  /** Product decision on every test message: the right intent for in-scope ones, a hand-off for out-of-scope ones. */
  overallAccuracy: number;
  trainMs: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * The same in CPU time of this process: on a shared machine wall-clock figures include time the
   * process waited for a core (a preempted call shows up in p99); CPU time does not.
   */
  trainCpuMs: number;
  p50CpuMs: number;
  p99CpuMs: number;
};

/**
 * Trains the classifier on the training messages (optionally few-shot and with held-out
 * intents) and measures it on the test messages. Test messages whose intent is not in the
 * training data are out of scope: they count as correct only when handed off.
 */
export async function evaluateIntentClassifier(
  subject: ClassifierUnderTest,
  trainMessages: readonly LabelledMessage[],
  testMessages: readonly LabelledMessage[],
  settings: EvaluationSettings,
): Promise<EvaluationReport> {
  const heldOutIntents = settings.holdoutIntents ? chooseHeldOutIntents(intentsOf(trainMessages), settings.holdoutIntents, settings.seed + 1) : [];
  const heldOut = new Set(heldOutIntents);
  const remaining = trainMessages.filter((message) => !heldOut.has(message.intent));
  const examples = settings.shots ? sampleShots(remaining, settings.shots, settings.seed) : [...remaining];
  const trainIntents = new Set(examples.map((example) => example.intent));

  const trainStart = performance.now();
  const trainCpuStart = process.cpuUsage();
  const trained = await subject.train(examples);
  const trainMs = performance.now() - trainStart;
  const trainCpuMs = cpuMilliseconds(process.cpuUsage(trainCpuStart));

  for (const message of testMessages.slice(0, settings.warmupMessages ?? 50)) await trained.classify(message.text);

  const latencies: number[] = [];
  const cpuLatencies: number[] = [];
  const pairs: Array<{ expected: string; predicted: string | null }> = [];
  let inScope = 0;
  let inScopeTopCorrect = 0;
  let inScopeAnsweredCorrect = 0;
  let inScopeHandedOff = 0;
  let outOfScope = 0;
  let outOfScopeHandedOff = 0;
  for (const message of testMessages) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const answer = await trained.classify(message.text);
    cpuLatencies.push(cpuMilliseconds(process.cpuUsage(cpuStart)));
    latencies.push(performance.now() - start);
    if (trainIntents.has(message.intent)) {
      inScope++;
      pairs.push({ expected: message.intent, predicted: answer.topIntent });
      if (answer.topIntent === message.intent) inScopeTopCorrect++;
      if (answer.isOutOfScope) inScopeHandedOff++;
      else if (answer.topIntent === message.intent) inScopeAnsweredCorrect++;
    } else {
      outOfScope++;
      if (answer.isOutOfScope) outOfScopeHandedOff++;
    }
  }
  latencies.sort((left, right) => left - right);
  cpuLatencies.sort((left, right) => left - right);
  const inScopeIntents = [...new Set(testMessages.filter((message) => trainIntents.has(message.intent)).map((message) => message.intent))];
  return {
    classifier: subject.name,
    trainExamples: examples.length,
    trainIntents: trainIntents.size,
    testMessages: testMessages.length,
    inScopeMessages: inScope,
    outOfScopeMessages: outOfScope,
    heldOutIntents,
    accuracy: share(inScopeTopCorrect, inScope),
    macroF1: macroF1(pairs, inScopeIntents),
    oosRecall: outOfScope === 0 ? null : share(outOfScopeHandedOff, outOfScope),
    inScopeAccuracy: share(inScopeAnsweredCorrect, inScope),
    inScopeHandoffRate: share(inScopeHandedOff, inScope),
    overallAccuracy: share(inScopeAnsweredCorrect + outOfScopeHandedOff, testMessages.length),
    trainMs,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    trainCpuMs,
    p50CpuMs: percentile(cpuLatencies, 0.5),
    p99CpuMs: percentile(cpuLatencies, 0.99),
  };
}

/** User plus system CPU time of a `process.cpuUsage` difference, in milliseconds. */
export function cpuMilliseconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
