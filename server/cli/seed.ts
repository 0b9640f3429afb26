import { bootstrap } from "../modules/seed/bootstrap.js";
import { loadConfig } from "../platform/config.js";
import { lockDataDir } from "../platform/db/data-dir-lock.js";
import { migrate } from "../platform/db/migrate.js";
import { openPglite } from "../platform/db/pglite-connection.js";
import { openPostgres } from "../platform/db/postgres-connection.js";
import { createLogger } from "../platform/logging.js";
import { createRuntime } from "../runtime.js";

/** `npm run db:seed`: migrates, then creates the first account (demo data unless SEED_DEMO=false). */
const config = { ...loadConfig(), runJobs: false };
const logger = createLogger(config.logLevel);
const release = config.database.kind === "pglite" ? lockDataDir(config.dataDir) : () => undefined;
const connection =
  config.database.kind === "pglite" ? await openPglite({ dataDir: config.database.dataDir }) : await openPostgres(config.database.url, 4, logger);
try {
  await migrate(connection);
  const runtime = createRuntime(config, logger, connection);
  await runtime.start();
  await bootstrap(runtime.services, config, logger);
  await runtime.stop();
} finally {
  await connection.close();
  release();
}
