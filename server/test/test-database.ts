import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { inject } from "vitest";
import type { DatabaseConnection } from "../platform/db/database.js";
import { openPglite } from "../platform/db/pglite-connection.js";
import { openPostgres } from "../platform/db/postgres-connection.js";
import { databaseUrl, withAdminClient } from "./postgres-admin.js";
import { createLogger } from "../platform/logging.js";

export type TestDatabaseKind = "pglite" | "postgres";

export const testDatabaseKind = (process.env.CAREDESK_TEST_DATABASE ?? "pglite") as TestDatabaseKind;
/** The run's migrated template database on the PostgreSQL server (made by global-setup.ts). */
export const postgresTemplateDatabase = (): string => inject("postgresTemplateDatabase");

/**
 * A fresh, migrated database for one test file: a copy of the template that global-setup.ts
 * migrated once (PGlite: a data-folder dump loaded in memory; PostgreSQL: CREATE DATABASE … TEMPLATE).
 */
export async function openTestDatabase(): Promise<{ connection: DatabaseConnection; url: string | null; drop: () => Promise<void> }> {
  if (testDatabaseKind === "pglite") {
    const template = new Blob([fs.readFileSync(inject("pgliteTemplatePath"))]);
    const connection = await openPglite({ memory: true, loadDataDir: template });
    return { connection, url: null, drop: async () => undefined };
  }
  const serverUrl = requireServerUrl();
  const name = `caredesk_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name} template ${postgresTemplateDatabase()}`));
  const url = databaseUrl(serverUrl, name);
  const connection = await openPostgres(url, 8, createLogger("silent"));
  return {
    connection,
    url,
    drop: () => withAdminClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

export { databaseUrl, withAdminClient };

export function requireServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  return url;
}
