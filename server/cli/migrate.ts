import { loadConfig } from "../platform/config.js";
import { lockDataDir } from "../platform/db/data-dir-lock.js";
import { migrate } from "../platform/db/migrate.js";
import { openPglite } from "../platform/db/pglite-connection.js";
import { openPostgres } from "../platform/db/postgres-connection.js";
import { createLogger } from "../platform/logging.js";

/** `npm run db:migrate`: applies the committed migrations (the server also does this at start). */
const config = loadConfig();
const logger = createLogger(config.logLevel);
const release = config.database.kind === "pglite" ? lockDataDir(config.dataDir) : () => undefined;
const connection =
  config.database.kind === "pglite" ? await openPglite({ dataDir: config.database.dataDir }) : await openPostgres(config.database.url, 2, logger);
try {
  await migrate(connection);
  logger.info({ database: connection.kind }, "migrations applied");
} finally {
  await connection.close();
  release();
}
