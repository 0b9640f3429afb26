import type { Config } from "./platform/config.js";
import type { Database, DatabaseConnection } from "./platform/db/database.js";
import type { EventBus } from "./platform/events/events.js";
import type { JobQueue } from "./platform/jobs/jobs.js";
import type { Logger } from "./platform/logging.js";
import type { FileStore } from "./platform/storage/file-store.js";

/** What every service may use. Built once by the composition root (main.ts, or a test). */
export type ServiceDeps = {
  config: Config;
  logger: Logger;
  connection: DatabaseConnection;
  db: Database;
  events: EventBus;
  jobs: JobQueue;
  files: FileStore;
};
