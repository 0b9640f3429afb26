import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "../../../common/events.js";
import { eventually } from "../../test/factories.js";
import { openTestDatabase } from "../../test/test-database.js";
import { systemActor } from "../actor.js";
import type { DatabaseConnection, Executor } from "../db/database.js";
import { JobQueue } from "../jobs/jobs.js";
import { createLogger } from "../logging.js";
import { EVENTS_CHANNEL, EventBus, type EventSubscriber, type NewEvent } from "./events.js";

class PlannedRollback extends Error {}

/** A customer event carrying a marker; its shape is all the bus cares about. */
const customerEvent = (name: "customer.created" | "customer.updated", marker: string, extra: Record<string, unknown> = {}): NewEvent =>
  ({ name, actor: systemActor(accountId), data: { customer: { marker, ...extra } } }) as unknown as NewEvent;

const accountId = randomUUID();
const markerOf = (event: DomainEvent) => (event.data as unknown as { customer?: { marker?: string } }).customer?.marker;

describe("EventBus", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let connection: DatabaseConnection;
  let jobs: JobQueue;
  let events: EventBus;
  const received: DomainEvent[] = [];
  const rawNotifications: string[] = [];
  const handlerCalls: Array<{ marker: string | undefined; eventId: number; isSuccess: boolean }> = [];
  const failFirstAttempt = new Set<string>();

  beforeAll(async () => {
    database = await openTestDatabase();
    connection = database.connection;
    const logger = createLogger("silent");
    jobs = new JobQueue(connection, logger, { retryDelaySeconds: 1 });
    events = new EventBus(connection, jobs, logger);
    const subscriber: EventSubscriber<"customer.created" | "customer.updated"> = {
      name: "test-audit",
      events: ["customer.created", "customer.updated"],
      isInterested: (event) => markerOf(event as unknown as DomainEvent) !== "not-interesting",
      retryLimit: 2,
      async handle(event) {
        const marker = markerOf(event);
        const isFirst = !handlerCalls.some((call) => call.eventId === event.id);
        const shouldFail = marker !== undefined && failFirstAttempt.has(marker) && isFirst;
        handlerCalls.push({ marker, eventId: event.id, isSuccess: !shouldFail });
        if (shouldFail) throw new Error("planned subscriber failure");
      },
    };
    events.addSubscribers(subscriber);
    await events.start();
    await jobs.start({ runWorkers: true });
    events.onEvent((event) => received.push(event));
    await connection.listen(EVENTS_CHANNEL, (payload) => rawNotifications.push(payload));
  });

  afterAll(async () => {
    await jobs?.stop();
    await events?.stop();
    await connection?.close();
    await database?.drop();
  });

  const receivedWith = (marker: string) => received.filter((event) => markerOf(event) === marker);
  const rowsWith = async (marker: string) =>
    (await connection.executeSql("select id, account_id, name, actor_type, data from domain_events where data->'customer'->>'marker' = $1", [marker])).rows;

  /** Records and commits an event, then waits for it: anything notified before it has arrived by then. */
  const sentinel = async (marker: string) => {
    await connection.db.transaction((tx) => events.record(tx, accountId, customerEvent("customer.updated", marker)));
    await eventually(() => receivedWith(marker).length > 0);
  };

  it("keeps a committed event as a row and hands it to listeners after commit", async () => {
    let isCommitting = false;
    const recorded = await connection.db.transaction(async (tx) => {
      const event = await events.record(tx, accountId, customerEvent("customer.created", "committed"));
      await tx.execute("select 1"); // give an early notification every chance to arrive
      isCommitting = true;
      return event;
    });
    const [delivered] = await eventually(() => (receivedWith("committed").length > 0 ? receivedWith("committed") : null));
    expect(isCommitting).toBe(true);
    expect(delivered).toEqual(recorded);
    expect(await rowsWith("committed")).toEqual([
      { id: recorded.id, account_id: accountId, name: "customer.created", actor_type: "system", data: { customer: { marker: "committed" } } },
    ]);
  });

  it("neither keeps nor delivers an event whose transaction rolled back", async () => {
    await expect(
      connection.db.transaction(async (tx) => {
        await events.record(tx, accountId, customerEvent("customer.created", "rolled-back"));
        throw new PlannedRollback("undo");
      }),
    ).rejects.toBeInstanceOf(PlannedRollback);
    await sentinel("after-rollback");
    expect(receivedWith("rolled-back")).toEqual([]);
    expect(await rowsWith("rolled-back")).toEqual([]);
  });

  it("sends an event too large for NOTIFY by id and still delivers it complete", async () => {
    const largeText = "Grüße aus dem Kundendienst. ".repeat(400); // about 11 KB, beyond PostgreSQL's 8000-byte limit
    const small = await connection.db.transaction((tx) => events.record(tx, accountId, customerEvent("customer.updated", "small")));
    const large = await connection.db.transaction((tx) => events.record(tx, accountId, customerEvent("customer.updated", "large", { notes: largeText })));
    const [delivered] = await eventually(() => (receivedWith("large").length > 0 ? receivedWith("large") : null));
    expect(delivered).toEqual(large);
    expect(rawNotifications).toContain(JSON.stringify({ id: large.id }));
    expect(rawNotifications.map((payload) => JSON.parse(payload) as { id: number; name?: string })).toContainEqual(expect.objectContaining({ id: small.id, name: "customer.updated" }));
  });

  it("hands events to listeners in commit order, large ones included", async () => {
    const largeText = "x".repeat(10_000);
    const sizes = ["large", "small", "large", "small", "small"];
    const record = (tx: Executor, index: number) =>
      events.record(tx, accountId, customerEvent("customer.updated", `ordered-${index}`, sizes[index] === "large" ? { notes: largeText } : {}));
    const recorded = [];
    // Separate commits, and several events in one commit (their notifications arrive together).
    for (const index of [0, 1]) recorded.push(await connection.db.transaction((tx) => record(tx, index)));
    recorded.push(...(await connection.db.transaction(async (tx) => [await record(tx, 2), await record(tx, 3), await record(tx, 4)])));
    await eventually(() => sizes.every((_, index) => receivedWith(`ordered-${index}`).length > 0));
    const order = received.filter((event) => markerOf(event)?.startsWith("ordered-")).map((event) => event.id);
    expect(order).toEqual(recorded.map((event) => event.id));
  });

  it("gives a durable subscriber one job per matching event and retries a failed one", async () => {
    failFirstAttempt.add("updated-flaky");
    const recorded = await connection.db.transaction(async (tx) => ({
      created: await events.record(tx, accountId, customerEvent("customer.created", "created-ok")),
      updated: await events.record(tx, accountId, customerEvent("customer.updated", "updated-flaky")),
      ignoredByFilter: await events.record(tx, accountId, customerEvent("customer.created", "not-interesting")),
      otherName: await events.record(tx, accountId, {
        name: "conversation.updated",
        actor: systemActor(accountId),
        data: { customer: { marker: "other-name" } },
      } as unknown as NewEvent),
    }));
    const succeeded = (eventId: number) => handlerCalls.some((call) => call.eventId === eventId && call.isSuccess);
    await eventually(() => succeeded(recorded.created.id) && succeeded(recorded.updated.id), 30_000);

    const callsFor = (eventId: number) => handlerCalls.filter((call) => call.eventId === eventId).map((call) => call.isSuccess);
    expect(callsFor(recorded.created.id)).toEqual([true]);
    expect(callsFor(recorded.updated.id)).toEqual([false, true]);
    expect(callsFor(recorded.ignoredByFilter.id)).toEqual([]);
    expect(callsFor(recorded.otherName.id)).toEqual([]);
    const ids = Object.values(recorded).map((event) => Number(event.id));
    const subscriberJobs = () =>
      connection.executeSql(
        `select (data->>'eventId')::int as event_id, state, retry_count from pgboss.job where name = 'event.test-audit' and (data->>'eventId')::int in (${ids.join(",")}) order by 1`,
      );
    await eventually(async () => (await subscriberJobs()).rows.every((row) => row.state === "completed"));
    expect((await subscriberJobs()).rows).toEqual([
      { event_id: recorded.created.id, state: "completed", retry_count: 0 },
      { event_id: recorded.updated.id, state: "completed", retry_count: 1 },
    ]);
  });
});
