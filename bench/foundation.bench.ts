import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openPglite } from "../server/platform/db/pglite-connection.js";
import { openPostgres } from "../server/platform/db/postgres-connection.js";
import type { DatabaseConnection } from "../server/platform/db/database.js";
import { createLogger } from "../server/platform/logging.js";
import { databaseUrl, withAdminClient } from "../server/test/postgres-admin.js";
import { CaredeskClient } from "./lib/caredesk-client.js";
import { fillLargeAccount } from "./lib/large-account.js";
import { load, type LoadResult } from "./lib/load.js";
import { type RunningServer, startCaredesk, startScript } from "./lib/processes.js";
import { formatNumber, printTable } from "./lib/table.js";
import { measureRawInsert } from "./floors/raw-insert.js";

/**
 * The foundation's figures: the write path (inbound API messages) and the read path
 * (inbox, counts, search, opening a conversation) on a large account, as ratios against
 * floors measured in this run (an empty Fastify route, a raw SQL insert), plus absolutes.
 *
 *   npm run bench                       PGlite
 *   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test npm run bench   also PostgreSQL
 *   BENCH_CONVERSATIONS=100000          size of the large account (default 50,000)
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = 16;
const largeAccountSize = Number(process.env.BENCH_CONVERSATIONS ?? 50_000);
const admin = { email: "bench@caredesk.local", password: "bench-password-123" };

type Backend = { name: "PGlite" | "PostgreSQL"; environment: Record<string, string>; open(): Promise<DatabaseConnection>; cleanup(): Promise<void>; floorTarget: Parameters<typeof measureRawInsert>[0] };

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(import.meta.dirname, "../dist/server/main.js"))) throw new Error("Run `npm run build` first (npm run bench does).");
  const floorServer = await startScript("bench/floors/empty-route.ts");
  const emptyRoute = await load({ url: `${floorServer.url}/empty`, method: "POST", connections, durationSeconds: seconds, headers: { "content-type": "application/json" }, body: () => "{}" });
  await floorServer.stop();
  console.log(`floor: empty Fastify POST ${formatNumber(emptyRoute.requestsPerSecond)} req/s, p50 ${emptyRoute.p50Ms} ms, p99 ${emptyRoute.p99Ms} ms`);

  const backends: Backend[] = [pgliteBackend()];
  if (process.env.BENCH_POSTGRES_URL) backends.push(await postgresBackend(process.env.BENCH_POSTGRES_URL));

  const writeRows: Array<Array<string | number>> = [];
  const readRows: Array<Array<string | number>> = [];
  for (const backend of backends) {
    const insertFloor = await measureRawInsert(backend.floorTarget, seconds, backend.name === "PGlite" ? 1 : connections);
    console.log(`floor: ${backend.name} raw INSERT ${formatNumber(insertFloor.opsPerSecond)}/s`);
    let server = await startCaredesk(backend.environment);
    try {
      const client = new CaredeskClient(server.url);
      await client.login(admin.email, admin.password);
      const created = await client.request<{ data: { channel: { id: string }; credentials: { inboundToken: string } } }>("POST", "/api/channels", {
        type: "api",
        name: "Bench",
        settings: { webhookUrl: null },
      });
      const channelId = created.data.channel.id;
      let sent = 0;
      const inbound = await load({
        url: `${server.url}/api/channels/${channelId}/messages`,
        method: "POST",
        connections,
        durationSeconds: seconds,
        headers: { "content-type": "application/json", authorization: `Bearer ${created.data.credentials.inboundToken}` },
        body: () => {
          sent += 1;
          return JSON.stringify({ externalId: randomUUID(), customer: { identifier: `customer-${sent % 2000}`, name: "Bench Customer" }, text: `Where is my parcel? Order ${sent}` });
        },
      });
      writeRows.push([
        backend.name,
        formatNumber(inbound.requestsPerSecond),
        formatNumber(inbound.requestsPerSecond / emptyRoute.requestsPerSecond, 3),
        formatNumber(inbound.requestsPerSecond / insertFloor.opsPerSecond, 3),
        `${inbound.p50Ms} / ${inbound.p99Ms}`,
        `${inbound.errors + inbound.non2xx}`,
      ]);

      // The large account: stop the server (PGlite has one owner), fill it in SQL, start again.
      const accountId = await client.request<{ data: { account: { id: string } } }>("GET", "/api/auth/session").then((session) => session.data.account.id);
      await server.stop();
      const connection = await backend.open();
      const started = performance.now();
      await fillLargeAccount(connection.db, accountId, channelId, largeAccountSize);
      console.log(`filled ${backend.name} with ${formatNumber(largeAccountSize)} conversations in ${formatNumber((performance.now() - started) / 1000, 1)} s`);
      await connection.close();
      server = await startCaredesk(backend.environment);
      const reader = new CaredeskClient(server.url);
      await reader.login(admin.email, admin.password);
      const someConversation = await reader.request<{ data: Array<{ id: string }> }>("GET", "/api/conversations?limit=1&statusKind=open");
      const reads: Array<[string, string]> = [
        ["inbox (active, newest activity)", "/api/conversations?statusKind=new,open,pending,on_hold&limit=25"],
        ["inbox (unassigned, priority)", "/api/conversations?assignee=unassigned&statusKind=new,open&sort=priority_desc&limit=25"],
        ["per-view counts", "/api/conversations/counts"],
        ["full-text search", "/api/conversations?query=Rechnung%20doppelt&limit=25"],
        ["open conversation (messages)", `/api/conversations/${someConversation.data[0]!.id}/messages`],
        ["customer search", "/api/customers?query=customer12&limit=25"],
      ];
      for (const [name, url] of reads) {
        const result: LoadResult = await load({ url: `${server.url}${url}`, connections: 8, durationSeconds: Math.max(3, seconds / 2), headers: reader.authHeaders });
        readRows.push([backend.name, name, formatNumber(result.requestsPerSecond), `${result.p50Ms} / ${result.p99Ms}`, formatNumber(result.p50Ms / Math.max(emptyRoute.p50Ms, 1), 1), `${result.errors + result.non2xx}`]);
      }
    } finally {
      await server.stop();
      await backend.cleanup();
    }
  }

  printTable(
    `Write path: inbound API messages (${connections} connections, ${seconds} s; floors: empty Fastify POST ${formatNumber(emptyRoute.requestsPerSecond)} req/s, raw INSERT per backend)`,
    ["backend", "messages/s", "÷ empty route", "÷ raw insert", "p50 / p99 ms", "errors"],
    writeRows,
  );
  printTable(
    `Read path on a large account (${formatNumber(largeAccountSize)} conversations, ${formatNumber(largeAccountSize * 4)} messages; 8 connections)`,
    ["backend", "request", "req/s", "p50 / p99 ms", "p50 ÷ empty-route p50", "errors"],
    readRows,
  );
}

function pgliteBackend(): Backend {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-bench-"));
  return {
    name: "PGlite",
    environment: { DATA_DIR: dataDir, SEED_DEMO: "false", CAREDESK_ADMIN_EMAIL: admin.email, CAREDESK_ADMIN_PASSWORD: admin.password },
    open: () => openPglite({ dataDir: path.join(dataDir, "pglite") }),
    floorTarget: { pgliteDataDir: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-floor-")), "pglite") },
    cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgresBackend(serverUrl: string): Promise<Backend> {
  const name = `caredesk_bench_${Date.now()}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`));
  const url = databaseUrl(serverUrl, name);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-bench-"));
  return {
    name: "PostgreSQL",
    environment: { DATABASE_URL: url, DATA_DIR: dataDir, SEED_DEMO: "false", CAREDESK_ADMIN_EMAIL: admin.email, CAREDESK_ADMIN_PASSWORD: admin.password },
    open: () => openPostgres(url, 4, createLogger("silent")),
    floorTarget: { postgresUrl: url },
    cleanup: async () => {
      await withAdminClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type { RunningServer };
await main();
