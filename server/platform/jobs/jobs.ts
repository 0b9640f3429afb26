import PgBoss from "pg-boss";
import { type SQLChunk, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DatabaseConnection, Executor, SqlResult } from "../db/database.js";
import type { Logger } from "../logging.js";

export type JobContext = { jobId: string; attempt: number; isLastAttempt: boolean; logger: Logger };

/**
 * A durable unit of deferred work: its name, a payload of ids (not rows) and its retry
 * policy. What it does is registered separately (`JobQueue.register`), by the composition
 * root, so that a service can enqueue a job without depending on the code that performs it.
 */
export interface JobDefinition<Payload> {
  readonly name: string;
  readonly payload: z.ZodType<Payload>;
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  readonly retryBackoff: boolean;
  /** Jobs fetched per poll and run at once by one process. */
  readonly concurrency?: number;
  readonly expireInSeconds?: number;
}

/** Performs one job. It must be idempotent: a job may run again after a crash or a retry. */
export type JobPerformer<Payload> = (payload: Payload, context: JobContext) => Promise<void>;

export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

type RegisteredJob = { definition: JobDefinition<unknown>; perform: JobPerformer<unknown> };

export type EnqueueOptions = { startAfter?: Date | number; singletonKey?: string };

export type JobQueueOptions = {
  /**
   * Replaces every job's first retry delay (backoff still applies). Tests use it so that
   * retries happen in seconds; production keeps each definition's own delay.
   */
  retryDelaySeconds?: number;
  /** How long `stop` waits for running jobs (default 10 s); tests shorten it. */
  stopTimeoutMs?: number;
};

const POLLING_INTERVAL_SECONDS = 0.5; // the smallest pg-boss 10 allows

/**
 * Jobs live in PostgreSQL (pg-boss), on the embedded database as on a server: they survive
 * restarts, retry with backoff, and run once across all Caredesk processes.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly registered = new Map<string, RegisteredJob>();
  private isStarted = false;
  /** Set once `stop` has returned: pg-boss's late bookkeeping may then meet a closed database. */
  private hasStopped = false;

  constructor(
    private readonly connection: DatabaseConnection,
    private readonly logger: Logger,
    private readonly options: JobQueueOptions = {},
  ) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => this.executeBookkeeping(text, values) },
      schema: "pgboss",
      supervise: true,
      schedule: true,
      migrate: true,
    });
    this.boss.on("error", (error) => this.logger.error({ err: error }, "job queue error"));
  }

  register<Payload>(definition: JobDefinition<Payload>, perform: JobPerformer<Payload>): void {
    if (this.registered.has(definition.name)) throw new Error(`Job ${definition.name} is registered twice`);
    this.registered.set(definition.name, { definition, perform } as RegisteredJob);
  }

  /** Creates the queues; with `runWorkers`, this process also works them. */
  async start({ runWorkers }: { runWorkers: boolean }): Promise<void> {
    await this.connection.withAdvisoryLock(720_731_002, () => this.boss.start());
    for (const job of this.registered.values()) {
      const { definition } = job;
      await this.boss.createQueue(definition.name, {
        name: definition.name,
        retryLimit: definition.retryLimit,
        retryDelay: this.retryDelayOf(definition),
        retryBackoff: definition.retryBackoff,
        expireInSeconds: definition.expireInSeconds ?? 15 * 60,
      });
      if (runWorkers) await this.work(job);
    }
    this.isStarted = true;
  }

  async stop(): Promise<void> {
    if (!this.isStarted) return;
    this.isStarted = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: this.options.stopTimeoutMs ?? 10_000 });
    this.hasStopped = true;
  }

  /**
   * pg-boss's own queries. A job that outlives the shutdown timeout still reports its end
   * after the database may have closed: that report is dropped (and logged), the job stays
   * active and its expiry hands it to a worker again, so nothing is lost.
   */
  private async executeBookkeeping(text: string, values?: unknown[]): Promise<SqlResult> {
    try {
      return await this.connection.executeSql(text, values);
    } catch (error) {
      if (!this.hasStopped) throw error;
      this.logger.warn({ err: error }, "a job ended after the job queue stopped; it will run again when it expires");
      return { rows: [{ count: "0" }] }; // pg-boss reads its completion commands as "nothing updated"
    }
  }

  /**
   * Enqueues inside the caller's transaction: the job exists if and only if the change
   * that asked for it commits.
   */
  async enqueue<Payload>(executor: Executor, definition: JobDefinition<Payload>, payload: Payload, options: EnqueueOptions = {}): Promise<void> {
    const data = definition.payload.parse(payload);
    await this.boss.send(definition.name, data as object, {
      retryLimit: definition.retryLimit,
      retryDelay: this.retryDelayOf(definition),
      retryBackoff: definition.retryBackoff,
      startAfter: options.startAfter instanceof Date ? options.startAfter : options.startAfter,
      singletonKey: options.singletonKey,
      db: { executeSql: (text: string, values?: unknown[]) => executeOn(executor, text, values ?? []) },
    } as PgBoss.SendOptions);
  }

  /** Jobs of a queue that failed for good, newest first, for the operator. */
  async listFailed(name: string, limit = 50): Promise<Array<{ id: string; data: unknown; output: unknown; completedOn: Date | null }>> {
    const result = await this.connection.executeSql(
      `select id, data, output, completed_on from pgboss.job where name = $1 and state = 'failed' order by completed_on desc limit $2`,
      [name, limit],
    );
    return result.rows.map((row) => ({ id: String(row.id), data: row.data, output: row.output, completedOn: (row.completed_on as Date | null) ?? null }));
  }

  private retryDelayOf(definition: JobDefinition<unknown>): number {
    return this.options.retryDelaySeconds ?? definition.retryDelaySeconds;
  }

  private async work({ definition, perform }: RegisteredJob): Promise<void> {
    await this.boss.work(
      definition.name,
      { batchSize: definition.concurrency ?? 5, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS, includeMetadata: true },
      async (jobs) => {
        // Each job succeeds or fails on its own; failed ones are marked here, and pg-boss
        // completes the rest of the batch when this handler returns.
        await Promise.all(
          jobs.map(async (job) => {
            const context: JobContext = {
              jobId: job.id,
              attempt: job.retryCount + 1,
              isLastAttempt: job.retryCount >= job.retryLimit,
              logger: this.logger.child({ job: definition.name, jobId: job.id }),
            };
            try {
              await perform(definition.payload.parse(job.data), context);
            } catch (error) {
              context.logger.warn({ err: error, attempt: context.attempt }, "job failed");
              await this.boss.fail(definition.name, job.id, { message: error instanceof Error ? error.message : String(error) });
            }
          }),
        );
      },
    );
  }
}

/** Runs pg-boss's `$n`-parameter SQL through a Drizzle transaction or database. */
function executeOn(executor: Executor, text: string, values: unknown[]): Promise<SqlResult> {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQLChunk[] = parts.map((part, index) => (index % 2 === 0 ? sql.raw(part) : sql.param(values[Number(part) - 1] ?? null)));
  return executor.execute(sql.join(chunks)) as Promise<SqlResult>;
}
