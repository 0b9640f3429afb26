import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../factories.js";
import { RealtimeClient } from "../realtime-client.js";
import { createProcessDatabase, freePort, HttpApi, type ProcessDatabase, startCaredesk, stopAllCaredesks } from "./caredesk-process.js";
import { postInbound, setUpFastSla } from "./sla-process-kit.js";

const admin = { email: "scale-out@example.test", password: "a shared password" };
const CONVERSATIONS = 8;

/**
 * Scale-out: two Caredesk processes on one PostgreSQL server (PGlite is one process by
 * design, so this file runs in the postgres project only). Both work the job queue.
 */
describe("two Caredesk processes on one PostgreSQL", () => {
  let database: ProcessDatabase;

  beforeAll(async () => {
    database = await createProcessDatabase({ isMigrated: true, kind: "postgres" });
  });
  afterAll(async () => {
    await stopAllCaredesks();
    await database?.drop();
  });

  it("fire each SLA timer once, and a realtime event raised on one reaches an agent connected to the other", { timeout: 240_000 }, async () => {
    const env = { ...database.env, SEED_DEMO: "false", CAREDESK_ADMIN_EMAIL: admin.email, CAREDESK_ADMIN_PASSWORD: admin.password };
    const first = startCaredesk({ port: await freePort(), env });
    await first.waitUntilReady();
    const second = startCaredesk({ port: await freePort(), env });
    await second.waitUntilReady();

    const onFirst = new HttpApi(first.baseUrl);
    const firstSession = await onFirst.login(admin.email, admin.password);
    const secondSession = await new HttpApi(second.baseUrl).login(admin.email, admin.password);
    const watcher = await RealtimeClient.connect(`ws://127.0.0.1:${second.port}/api/realtime`, { origin: second.baseUrl, cookie: secondSession.cookie });
    try {
      const channel = await setUpFastSla(onFirst, firstSession, 6);
      const conversationIds: string[] = [];
      for (let index = 0; index < CONVERSATIONS; index += 1) conversationIds.push(await postInbound(first.baseUrl, channel, `scale-out-${index}`));

      // Raised on the first process (the inbound request went there), seen on the second's socket.
      const created = await watcher.waitForEvent("conversation.created", (event) => event.conversationId === conversationIds[0], 30_000);
      expect(created.data).toMatchObject({ conversation: { id: conversationIds[0] } });
      // The breaches, raised by whichever process ran each timer, reach the agent on the second.
      await eventually(() => conversationIds.every((id) => watcher.events.some((event) => event.name === "conversation.sla_breached" && event.conversationId === id)), 120_000);
      await eventually(() => conversationIds.every((id) => watcher.events.some((event) => event.name === "conversation.escalated" && event.conversationId === id)), 60_000);
    } finally {
      await watcher.close();
    }
    expect(await first.kill("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(await second.kill("SIGTERM")).toEqual({ code: 0, signal: null });

    const client = new pg.Client({ connectionString: database.url! });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select name, conversation_id, count(*)::int as count from domain_events
          where name in ('conversation.sla_warning', 'conversation.sla_breached', 'conversation.escalated') group by name, conversation_id`,
      );
      expect(rows).toHaveLength(3 * CONVERSATIONS);
      expect(rows.filter((row) => row.count !== 1)).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
