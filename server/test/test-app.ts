import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type App, buildApp } from "../app.js";
import { type Config, loadConfig } from "../platform/config.js";
import type { DatabaseConnection } from "../platform/db/database.js";
import { createLogger } from "../platform/logging.js";
import { createRuntime, type Runtime, type RuntimeOptions } from "../runtime.js";
import type { Services } from "../services.js";
import { ApiClient } from "./api-client.js";
import { openTestDatabase } from "./test-database.js";

export type TestApp = {
  app: App;
  api: ApiClient;
  services: Services;
  runtime: Runtime;
  connection: DatabaseConnection;
  config: Config;
  /** The PostgreSQL URL of this test's database (null on PGlite). */
  databaseUrl: string | null;
  close(): Promise<void>;
};

/**
 * A complete Caredesk on a fresh copy of the migrated test database: services, job workers,
 * event bus, realtime and HTTP (in-process via inject; `listen` when a socket is needed).
 */
export async function createTestApp(options: { runJobs?: boolean; environment?: Record<string, string>; runtime?: RuntimeOptions } = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-test-"));
  const config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    PUBLIC_URL: "http://localhost:3000",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    SEED_DEMO: "false",
    RUN_JOBS: options.runJobs === false ? "false" : "true",
    ...options.environment,
  });
  const logger = createLogger(config.logLevel);
  const database = await openTestDatabase();
  const runtime = createRuntime(config, logger, database.connection, options.runtime);
  await runtime.start();
  let isReady = true;
  const app = await buildApp({ services: runtime.services, realtime: runtime.realtime, chatSockets: runtime.chatSockets, isReady: () => isReady });
  await app.ready();
  return {
    app,
    api: new ApiClient(app),
    services: runtime.services,
    runtime,
    connection: database.connection,
    config,
    databaseUrl: database.url,
    async close() {
      isReady = false;
      await app.close();
      await runtime.stop();
      await database.connection.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
