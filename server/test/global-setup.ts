import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "../platform/db/migrate.js";
import { openPglite } from "../platform/db/pglite-connection.js";
import { openPostgres } from "../platform/db/postgres-connection.js";
import { createLogger } from "../platform/logging.js";
import { databaseUrl, requireServerUrl, withAdminClient } from "./test-database.js";

/** Migrates one template database per run; every test file then starts from a copy of it. */
export default async function setup(project: TestProject): Promise<() => void | Promise<void>> {
  if (project.name === "pglite") {
    const templatePath = path.join(os.tmpdir(), `caredesk-test-template-${process.pid}-${Date.now()}.tar`);
    project.provide("pgliteTemplatePath", templatePath);
    const connection = await openPglite({ memory: true });
    await migrate(connection);
    const dump = await connection.dumpDataDir();
    fs.writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
    await connection.close();
    return () => fs.rmSync(templatePath, { force: true });
  }
  // Named per run, so that runs from several checkouts on one server never drop each other's.
  const templateDatabase = `caredesk_test_template_${process.pid}_${Date.now()}`;
  project.provide("postgresTemplateDatabase", templateDatabase);
  const serverUrl = requireServerUrl();
  await withAdminClient(serverUrl, (client) => client.query(`create database ${templateDatabase}`));
  const connection = await openPostgres(databaseUrl(serverUrl, templateDatabase), 2, createLogger("silent"));
  await migrate(connection);
  await connection.close();
  return () => withAdminClient(serverUrl, (client) => client.query(`drop database if exists ${templateDatabase} with (force)`)).then(() => undefined);
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
    postgresTemplateDatabase: string;
  }
}
