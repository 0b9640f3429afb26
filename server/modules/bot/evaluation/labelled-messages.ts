import { readFileSync } from "node:fs";
import { createRandom, shuffled } from "../classifier/seeded-random.js";
import { parseCsvWithHeader } from "./csv.js";

export type LabelledMessage = { text: string; intent: string };

/** Reads a CSV file with the header `text,category` (the BANKING77 format). */
export function readLabelledMessages(file: string): LabelledMessage[] {
  const rows = parseCsvWithHeader(readFileSync(file, "utf8"));
  return rows.map((row, index) => {
    const text = row.text;
    const intent = row.category;
    if (text === undefined || intent === undefined) throw new Error(`${file}: the header must have the columns text and category`);
    if (intent.trim() === "") throw new Error(`${file}: record ${index + 1} has no category`);
    return { text, intent: intent.trim() };
  });
}

/** The distinct intents, sorted. */
export function intentsOf(messages: readonly LabelledMessage[]): string[] {
  return [...new Set(messages.map((message) => message.intent))].sort();
}

/**
 * Keeps `shotsPerIntent` messages of every intent, chosen by a seeded shuffle within each
 * intent (intents in sorted order), so a few-shot split is the same on every run.
 */
export function sampleShots(messages: readonly LabelledMessage[], shotsPerIntent: number, seed: number): LabelledMessage[] {
  const random = createRandom(seed);
  return intentsOf(messages).flatMap((intent) =>
    shuffled(
      messages.filter((message) => message.intent === intent),
      random,
    ).slice(0, shotsPerIntent),
  );
}

/** Chooses `count` intents by a seeded shuffle of the sorted intents. */
export function chooseHeldOutIntents(intents: readonly string[], count: number, seed: number): string[] {
  return shuffled([...intents].sort(), createRandom(seed)).slice(0, count).sort();
}

/** Splits off a seeded, per-intent share of messages (a validation split carved from a training file). */
export function splitByIntent(
  messages: readonly LabelledMessage[],
  share: number,
  seed: number,
): { kept: LabelledMessage[]; split: LabelledMessage[] } {
  const random = createRandom(seed);
  const kept: LabelledMessage[] = [];
  const split: LabelledMessage[] = [];
  for (const intent of intentsOf(messages)) {
    const members = shuffled(
      messages.filter((message) => message.intent === intent),
      random,
    );
    const splitCount = Math.round(members.length * share);
    split.push(...members.slice(0, splitCount));
    kept.push(...members.slice(splitCount));
  }
  return { kept, split };
}
