import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { eventually } from "../../test/factories.js";
import { openTestDatabase } from "../../test/test-database.js";
import type { DatabaseConnection } from "../db/database.js";
import { createLogger } from "../logging.js";
import { defineJob, JobQueue } from "./jobs.js";

class PlannedRollback extends Error {}

const recordRunJob = defineJob({
  name: "test.record-run",
  payload: z.object({ marker: z.string(), failuresBeforeSuccess: z.number().int().min(0) }),
  retryLimit: 3,
  retryDelaySeconds: 60, // replaced by the queue's test option below
  retryBackoff: true,
});

const alwaysFailJob = defineJob({
  name: "test.always-fail",
  payload: z.object({ marker: z.string() }),
  retryLimit: 1,
  retryDelaySeconds: 60,
  retryBackoff: false,
});

type Run = { marker: string; attempt: number; isLastAttempt: boolean };

describe("JobQueue", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let connection: DatabaseConnection;
  let jobs: JobQueue;
  const runs: Run[] = [];
  const runsOf = (marker: string) => runs.filter((run) => run.marker === marker);

  beforeAll(async () => {
    database = await openTestDatabase();
    connection = database.connection;
    jobs = new JobQueue(connection, createLogger("silent"), { retryDelaySeconds: 1 });
    jobs.register(recordRunJob, async ({ marker, failuresBeforeSuccess }, context) => {
      runs.push({ marker, attempt: context.attempt, isLastAttempt: context.isLastAttempt });
      if (context.attempt <= failuresBeforeSuccess) throw new Error(`planned failure ${context.attempt}`);
    });
    jobs.register(alwaysFailJob, async ({ marker }, context) => {
      runs.push({ marker, attempt: context.attempt, isLastAttempt: context.isLastAttempt });
      throw new Error(`${marker} cannot succeed`);
    });
    await jobs.start({ runWorkers: true });
  });

  afterAll(async () => {
    await jobs?.stop();
    await connection?.close();
    await database?.drop();
  });

  const jobRows = async (marker: string) =>
    (
      await connection.executeSql(
        "select state, retry_count, retry_limit, retry_backoff, output from pgboss.job where data->>'marker' = $1 order by created_on",
        [marker],
      )
    ).rows;

  /** Enqueues a committed job and waits until it ran: jobs enqueued before it have had their turn. */
  const runSentinel = async (marker: string) => {
    await connection.db.transaction((tx) => jobs.enqueue(tx, recordRunJob, { marker, failuresBeforeSuccess: 0 }));
    await eventually(() => runsOf(marker).length > 0, 20_000);
  };

  it("runs a job enqueued in a committed transaction exactly once", async () => {
    await connection.db.transaction((tx) => jobs.enqueue(tx, recordRunJob, { marker: "committed", failuresBeforeSuccess: 0 }));
    await eventually(async () => (await jobRows("committed"))[0]?.state === "completed", 20_000);
    await runSentinel("after-committed");
    expect(runsOf("committed")).toEqual([{ marker: "committed", attempt: 1, isLastAttempt: false }]);
    expect(await jobRows("committed")).toHaveLength(1);
  });

  it("never runs a job whose transaction rolled back", async () => {
    await expect(
      connection.db.transaction(async (tx) => {
        await jobs.enqueue(tx, recordRunJob, { marker: "rolled-back", failuresBeforeSuccess: 0 });
        throw new PlannedRollback("undo");
      }),
    ).rejects.toBeInstanceOf(PlannedRollback);
    await runSentinel("after-rollback");
    expect(runsOf("rolled-back")).toEqual([]);
    expect(await jobRows("rolled-back")).toEqual([]);
  });

  it("retries a failing job with backoff until it succeeds", async () => {
    await connection.db.transaction((tx) => jobs.enqueue(tx, recordRunJob, { marker: "flaky", failuresBeforeSuccess: 2 }));
    await eventually(async () => (await jobRows("flaky"))[0]?.state === "completed", 30_000);
    expect(runsOf("flaky").map((run) => run.attempt)).toEqual([1, 2, 3]);
    expect(await jobRows("flaky")).toMatchObject([{ state: "completed", retry_count: 2, retry_limit: 3, retry_backoff: true }]);
  });

  it("marks a job failed for good after its last attempt, with the error, and tells the performer it was the last", async () => {
    await connection.db.transaction((tx) => jobs.enqueue(tx, alwaysFailJob, { marker: "hopeless" }));
    await eventually(async () => (await jobRows("hopeless"))[0]?.state === "failed", 30_000);
    expect(runsOf("hopeless")).toEqual([
      { marker: "hopeless", attempt: 1, isLastAttempt: false },
      { marker: "hopeless", attempt: 2, isLastAttempt: true },
    ]);
    const failed = await jobs.listFailed(alwaysFailJob.name);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ data: { marker: "hopeless" }, output: { message: "hopeless cannot succeed" } });
  });

  it("refuses a payload that does not match the job's schema, before anything is stored", async () => {
    await expect(
      connection.db.transaction((tx) => jobs.enqueue(tx, recordRunJob, { marker: 42 } as never)),
    ).rejects.toThrow();
    expect((await connection.executeSql("select count(*)::int as count from pgboss.job where name = $1 and data->>'marker' is null", [recordRunJob.name])).rows[0]).toEqual({ count: 0 });
  });
});

describe("JobQueue shutdown", () => {
  it("drops the late report of a job that outlived stop, instead of failing on the closed database", async () => {
    const database = await openTestDatabase();
    const warnings: string[] = [];
    const logger = createLogger("silent");
    logger.warn = ((_details: unknown, message: string) => void warnings.push(message)) as typeof logger.warn;
    const jobs = new JobQueue(database.connection, logger, { stopTimeoutMs: 200 });
    let release = () => {};
    let started = false;
    jobs.register(recordRunJob, () => {
      started = true;
      return new Promise<void>((resolve) => (release = resolve));
    });
    await jobs.start({ runWorkers: true });
    await database.connection.db.transaction((tx) => jobs.enqueue(tx, recordRunJob, { marker: "outlives-stop", failuresBeforeSuccess: 0 }));
    await eventually(async () => expect(started).toBe(true));
    await jobs.stop(); // returns after its timeout while the job still runs
    await database.connection.close();
    release();
    await eventually(async () => expect(warnings).toEqual(["a job ended after the job queue stopped; it will run again when it expires"]));
    await database.drop();
  });
});
