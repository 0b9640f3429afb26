import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite } from "../../platform/db/pglite-connection.js";
import { eventually } from "../factories.js";
import { testDatabaseKind } from "../test-database.js";
import { createProcessDatabase, freePort, HttpApi, type ProcessDatabase, startCaredesk, stopAllCaredesks } from "./caredesk-process.js";
import { postInbound, setUpFastSla } from "./sla-process-kit.js";

const admin = { email: "timers@example.test", password: "a durable password" };

/** Counts SLA events and escalations straight from the database (the processes are stopped by then). */
async function countsInDatabase(database: ProcessDatabase, conversationId: string): Promise<Record<string, number>> {
  const query = `select (select count(*) from domain_events where conversation_id = $1 and name = 'conversation.sla_warning')::int as warnings,
                        (select count(*) from domain_events where conversation_id = $1 and name = 'conversation.sla_breached')::int as breaches,
                        (select count(*) from conversation_escalations where conversation_id = $1)::int as escalations`;
  if (database.kind === "pglite") {
    const connection = await openPglite({ dataDir: path.join(database.dataDir, "pglite") });
    try {
      const result = await connection.executeSql(query, [conversationId]);
      return result.rows[0] as Record<string, number>;
    } finally {
      await connection.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url! });
  await client.connect();
  try {
    return (await client.query(query, [conversationId])).rows[0];
  } finally {
    await client.end();
  }
}

describe(`SLA timers of a Caredesk process on ${testDatabaseKind}`, () => {
  let database: ProcessDatabase;

  beforeAll(async () => {
    database = await createProcessDatabase({ isMigrated: true });
  });
  afterAll(async () => {
    await stopAllCaredesks();
    await database?.drop();
  });

  it("fires a warning and a breach set before a SIGKILL after the restart, once each", { timeout: 240_000 }, async () => {
    const port = await freePort();
    const env = { ...database.env, SEED_DEMO: "false", CAREDESK_ADMIN_EMAIL: admin.email, CAREDESK_ADMIN_PASSWORD: admin.password };
    const first = startCaredesk({ port, env });
    await first.waitUntilReady();
    const api = new HttpApi(first.baseUrl);
    const session = await api.login(admin.email, admin.password);
    // Long enough that the process is dead well before the warning (at half) is due.
    const channel = await setUpFastSla(api, session, 40);
    const conversationId = await postInbound(first.baseUrl, channel, "restart-customer");
    const clock = await eventually(async () => (await api.get(`/api/conversations/${conversationId}`, { as: session })).body.data.sla, 30_000);
    expect(clock).toMatchObject({ state: "ok", firstResponse: { state: "ok", completedAt: null } });
    const dueAt = new Date(clock.firstResponse.dueAt).getTime();

    expect((await first.kill("SIGKILL")).signal).toBe("SIGKILL");
    expect(Date.now()).toBeLessThan(dueAt - 20_000); // killed before the warning was due
    const killedAt = Date.now();

    const second = startCaredesk({ port, env });
    await second.waitUntilReady();
    const again = new HttpApi(second.baseUrl);
    const secondSession = await again.login(admin.email, admin.password);
    const escalations = await eventually(async () => {
      const list = (await again.get(`/api/conversations/${conversationId}/escalations`, { as: secondSession })).body.data;
      return list.length > 0 ? list : null;
    }, 120_000);
    expect(escalations).toEqual([expect.objectContaining({ trigger: "sla_breach", fromLevel: 1, toLevel: 2 })]);
    const conversation = (await again.get(`/api/conversations/${conversationId}`, { as: secondSession })).body.data;
    expect(conversation).toMatchObject({ level: 2, sla: { state: "breached", firstResponse: { state: "breached" } } });
    expect(new Date(escalations[0].createdAt).getTime()).toBeGreaterThan(killedAt);

    expect(await second.kill("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(await countsInDatabase(database, conversationId)).toEqual({ warnings: 1, breaches: 1, escalations: 1 });
  });
});
