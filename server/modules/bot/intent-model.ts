import type { Database } from "../../platform/db/database.js";
import type { BotIntentRow, KnowledgeArticleRow } from "../../platform/db/rows.js";
import type { Logger } from "../../platform/logging.js";
import * as knowledgeStore from "../knowledge/knowledge.store.js";
import { type IntentClassifier, type TrainingExample, trainIntentClassifier } from "./classifier/index.js";
import * as botStore from "./bot.store.js";

/** What a classifier label stands for: an intent (maybe with its article), or an article on its own. */
export type AnswerTarget = { label: string; intent: BotIntentRow | null; article: KnowledgeArticleRow | null };

export type IntentModel = { classifier: IntentClassifier | null; targets: Map<string, AnswerTarget>; trainedAt: Date; trainMs: number };

const ARTICLE_LABEL = "article:";
/** Accounts whose model a process keeps; the least recently used is dropped (and retrained on demand). */
const CACHED_ACCOUNTS = 500;

/**
 * The account's training data: each intent's example phrases, plus the titles and example
 * questions of published articles. An article an intent links to trains that intent; any other
 * article becomes a target of its own, answered with the article.
 */
export function trainingDataOf(intents: BotIntentRow[], articles: KnowledgeArticleRow[]): { examples: TrainingExample[]; targets: Map<string, AnswerTarget> } {
  const published = articles.filter((article) => article.status === "published");
  const articleById = new Map(published.map((article) => [article.id, article]));
  const targets = new Map<string, AnswerTarget>();
  const examples: TrainingExample[] = [];
  const linked = new Set<string>();
  for (const intent of intents) {
    const article = intent.articleId ? (articleById.get(intent.articleId) ?? null) : null;
    targets.set(intent.name, { label: intent.name, intent, article });
    for (const text of intent.examples) examples.push({ text, intent: intent.name });
    if (article) {
      linked.add(article.id);
      for (const text of [article.title, ...article.exampleQuestions]) examples.push({ text, intent: intent.name, language: article.locale });
    }
  }
  for (const article of published) {
    if (linked.has(article.id)) continue;
    const label = `${ARTICLE_LABEL}${article.locale}/${article.slug}`;
    targets.set(label, { label, intent: null, article });
    for (const text of [article.title, ...article.exampleQuestions]) examples.push({ text, intent: label, language: article.locale });
  }
  // A target without any example cannot be learned; it would only confuse the calibration.
  const learned = new Set(examples.map((example) => example.intent));
  for (const label of [...targets.keys()]) if (!learned.has(label)) targets.delete(label);
  return { examples, targets };
}

/**
 * One trained classifier per account, kept in this process and retrained when the account's
 * intents or articles change (a cheap fingerprint query tells). Training is in-process and takes
 * well under a second for a hundred intents; concurrent callers share one training run.
 */
export class IntentModelCache {
  private readonly entries = new Map<string, { fingerprint: string; model: Promise<IntentModel> }>();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  async modelFor(accountId: string): Promise<IntentModel> {
    const fingerprint = `${await botStore.intentsFingerprint(this.db, accountId)}|${await knowledgeStore.trainingFingerprint(this.db, accountId)}`;
    const cached = this.entries.get(accountId);
    this.entries.delete(accountId); // re-inserted below: Map order is the recency order
    if (cached && cached.fingerprint === fingerprint) {
      this.entries.set(accountId, cached);
      return cached.model;
    }
    const model = this.train(accountId);
    this.entries.set(accountId, { fingerprint, model });
    if (this.entries.size > CACHED_ACCOUNTS) this.entries.delete(this.entries.keys().next().value!);
    model.catch(() => this.entries.delete(accountId));
    return model;
  }

  private async train(accountId: string): Promise<IntentModel> {
    const [intents, articles] = await Promise.all([
      botStore.listIntents(this.db, accountId),
      knowledgeStore.listArticles(this.db, accountId, { status: "published", limit: 10_000 }),
    ]);
    const { examples, targets } = trainingDataOf(intents, articles);
    const started = performance.now();
    const classifier = targets.size >= 2 ? trainIntentClassifier(examples) : null;
    const trainMs = performance.now() - started;
    this.logger.debug({ accountId, targets: targets.size, examples: examples.length, trainMs }, "trained the bot's intent classifier");
    return { classifier, targets, trainedAt: new Date(), trainMs };
  }
}
