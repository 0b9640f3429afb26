import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { afterAll, describe, expect, it } from "vitest";
import { databaseUrl, requireServerUrl, testDatabaseKind, withAdminClient } from "../../test/test-database.js";
import { createLogger } from "../logging.js";
import { migrationsFolder, projectRoot } from "../paths.js";
import type { DatabaseConnection } from "./database.js";
import { migrate } from "./migrate.js";
import { openPglite } from "./pglite-connection.js";
import { openPostgres } from "./postgres-connection.js";
import * as schema from "./schema.js";

const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as { entries: Array<{ tag: string }> };
const tableNames = (Object.values(schema) as unknown[])
  .filter((value): value is PgTable => is(value, PgTable))
  .map((table) => getTableConfig(table).name)
  .sort();

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A database with nothing in it: no template, no tables. Each call on PostgreSQL returns another connection to the same one. */
async function openEmptyDatabase(): Promise<{ open: () => Promise<DatabaseConnection> }> {
  if (testDatabaseKind === "pglite") {
    return {
      open: async () => {
        const connection = await openPglite({ memory: true });
        cleanups.push(() => connection.close());
        return connection;
      },
    };
  }
  const serverUrl = requireServerUrl();
  const name = `caredesk_empty_${randomBytes(6).toString("hex")}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`));
  cleanups.push(() => withAdminClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined));
  return {
    open: async () => {
      const connection = await openPostgres(databaseUrl(serverUrl, name), 2, createLogger("silent"));
      cleanups.push(() => connection.close());
      return connection;
    },
  };
}

const appliedMigrations = async (connection: DatabaseConnection) =>
  Number((await connection.executeSql("select count(*) as count from drizzle.__drizzle_migrations")).rows[0]!.count);

const publicTables = async (connection: DatabaseConnection) =>
  (await connection.executeSql("select table_name from information_schema.tables where table_schema = 'public' order by table_name")).rows.map((row) => row.table_name as string).sort();

describe("migrations", () => {
  it("bring an empty database to the schema in code, and find nothing to do the second time", async () => {
    const database = await openEmptyDatabase();
    const connection = await database.open();
    expect(await publicTables(connection)).toEqual([]);

    await migrate(connection);
    expect(await appliedMigrations(connection)).toBe(journal.entries.length);
    expect(await publicTables(connection)).toEqual(tableNames);

    await migrate(connection);
    expect(await appliedMigrations(connection)).toBe(journal.entries.length);
  });

  if (testDatabaseKind === "postgres") {
    it("run once when several servers start against one PostgreSQL at the same time", async () => {
      const database = await openEmptyDatabase();
      const connections = await Promise.all([database.open(), database.open(), database.open()]);
      await Promise.all(connections.map((connection) => migrate(connection)));
      expect(await appliedMigrations(connections[0]!)).toBe(journal.entries.length);
      expect(await publicTables(connections[0]!)).toEqual(tableNames);
    });
  }

  it("are in step with the schema in code: drizzle-kit generate finds nothing new", async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-migrations-"));
    cleanups.push(async () => fs.rmSync(copy, { recursive: true, force: true }));
    const out = path.join(copy, "migrations");
    fs.cpSync(migrationsFolder, out, { recursive: true });
    const before = snapshotOf(out);

    // drizzle-kit treats --out as relative to the working directory.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(projectRoot, "node_modules/drizzle-kit/bin.cjs"), "generate", "--dialect=postgresql", "--schema=./server/platform/db/schema.ts", `--out=${path.relative(projectRoot, out)}`],
      { cwd: projectRoot, env: { ...process.env, NO_COLOR: "1" } },
    );

    const after = snapshotOf(out);
    expect(Object.keys(after).filter((file) => !(file in before)), `drizzle-kit generated a migration; run \`npx drizzle-kit generate --name=<name>\` and commit it.\n${stdout}`).toEqual([]);
    expect(after).toEqual(before);
    expect(stdout).toContain("No schema changes");
  });
});

/** Every file under a folder with its contents. */
function snapshotOf(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(folder, file)] = fs.readFileSync(file, "utf8");
  }
  return files;
}
