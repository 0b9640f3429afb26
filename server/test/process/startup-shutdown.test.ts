import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseConnection } from "../../platform/db/database.js";
import { openPglite } from "../../platform/db/pglite-connection.js";
import { openPostgres } from "../../platform/db/postgres-connection.js";
import { createLogger } from "../../platform/logging.js";
import { migrationsFolder } from "../../platform/paths.js";
import { eventually } from "../factories.js";
import { testDatabaseKind } from "../test-database.js";
import { createProcessDatabase, freePort, HttpApi, type ProcessDatabase, startCaredesk, stopAllCaredesks } from "./caredesk-process.js";

const admin = { email: "operator@example.test", password: "an operator password" };
const journalEntries = (JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;

const databases: ProcessDatabase[] = [];
afterAll(async () => {
  await stopAllCaredesks();
  for (const database of databases) await database.drop();
});

/** Opens the database a stopped process used, to look inside. */
async function openAfterwards(database: ProcessDatabase): Promise<DatabaseConnection> {
  return database.kind === "pglite" ? openPglite({ dataDir: path.join(database.dataDir, "pglite") }) : openPostgres(database.url!, 1, createLogger("silent"));
}

/** A raw HTTP/1.1 connection: requests are written byte by byte, responses read as text. */
async function rawConnection(port: number) {
  const socket = net.connect(port, "127.0.0.1");
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  return { write: (text: string) => socket.write(text), closed, received: () => received };
}

describe(`starting and stopping a Caredesk process on ${testDatabaseKind}`, () => {
  it("refuses a bad configuration with a message naming every bad variable, and exits 1", async () => {
    const caredesk = startCaredesk({
      port: await freePort(),
      env: { PORT: "eighty", DATABASE_URL: "mysql://root@localhost/caredesk", LOG_LEVEL: "loud", SEED_DEMO: "maybe", CAREDESK_ADMIN_EMAIL: "ops@example.test" },
    });
    expect(await caredesk.exited).toEqual({ code: 1, signal: null });
    const output = caredesk.output;
    expect(output).toMatch(/^Invalid configuration:\n/);
    for (const name of ["PORT", "DATABASE_URL", "LOG_LEVEL", "SEED_DEMO"]) expect(output).toMatch(new RegExp(`^  ${name}: `, "m"));
    expect(output).toContain("CAREDESK_ADMIN_EMAIL and CAREDESK_ADMIN_PASSWORD must be set together");
    expect(output).not.toMatch(/^\s+at /m); // a message for a person, not a stack trace
  });

  it("migrates an empty database, reports health and readiness, and on SIGTERM finishes the request in flight and exits 0", { timeout: 180_000 }, async () => {
    const database = await createProcessDatabase();
    databases.push(database);
    const caredesk = startCaredesk({
      port: await freePort(),
      env: { ...database.env, LOG_LEVEL: "info", SEED_DEMO: "false", CAREDESK_ADMIN_EMAIL: admin.email, CAREDESK_ADMIN_PASSWORD: admin.password },
    });
    await caredesk.waitUntilReady();
    const api = new HttpApi(caredesk.baseUrl);
    expect(await api.get("/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await api.get("/readyz")).toMatchObject({ status: 200, body: { status: "ready" } });

    const session = await api.login(admin.email, admin.password);
    const created = await api.post("/api/channels", { as: session, body: { type: "api", name: "Shop backend" } });
    expect(created.status).toBe(201);
    const { channel, credentials } = created.body.data as { channel: { id: string }; credentials: { inboundToken: string } };

    // A request whose body is still arriving when SIGTERM comes.
    const body = JSON.stringify({ externalId: "in-flight-at-shutdown", customer: { identifier: "slow-client" }, text: "Sent over a slow line" });
    const half = Math.floor(body.length / 2);
    const connection = await rawConnection(caredesk.port);
    connection.write(
      `POST /api/channels/${channel.id}/messages HTTP/1.1\r\nHost: 127.0.0.1:${caredesk.port}\r\nAuthorization: Bearer ${credentials.inboundToken}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: in-flight-request\r\n\r\n${body.slice(0, half)}`,
    );
    await caredesk.waitForOutput('"reqId":"in-flight-request"'); // the server has started on it

    caredesk.child.kill("SIGTERM");
    await caredesk.waitForOutput('"msg":"shutting down"');
    // No new connections are accepted...
    await eventually(() => fetch(`${caredesk.baseUrl}/healthz`).then(() => false, () => true));
    // ...the request in flight is finished, and one more on its connection is told the server is unavailable.
    connection.write(`${body.slice(half)}GET /readyz HTTP/1.1\r\nHost: 127.0.0.1:${caredesk.port}\r\n\r\n`);

    expect(await caredesk.exited).toEqual({ code: 0, signal: null });
    await connection.closed;
    const responses = connection.received().split(/(?=HTTP\/1\.1 )/);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 201 /);
    expect(JSON.parse(responses[0]!.slice(responses[0]!.indexOf("\r\n\r\n") + 4))).toMatchObject({ data: { status: "processed" } });
    expect(responses[1]).toMatch(/^HTTP\/1\.1 503 /);
    expect(caredesk.output).toContain('"msg":"stopped"');

    const afterwards = await openAfterwards(database);
    try {
      expect((await afterwards.executeSql("select count(*)::int as count from drizzle.__drizzle_migrations")).rows).toEqual([{ count: journalEntries }]);
      expect((await afterwards.executeSql("select status from inbound_messages where external_id = 'in-flight-at-shutdown'")).rows).toEqual([{ status: "processed" }]);
    } finally {
      await afterwards.close();
    }
    if (database.kind === "pglite") expect(fs.existsSync(path.join(database.dataDir, "caredesk.lock"))).toBe(false);
  });
});
