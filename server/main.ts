import { buildApp } from "./app.js";
import { bootstrap } from "./modules/seed/bootstrap.js";
import { ConfigError, loadConfig } from "./platform/config.js";
import { DataDirLockedError, lockDataDir } from "./platform/db/data-dir-lock.js";
import type { DatabaseConnection } from "./platform/db/database.js";
import { migrate } from "./platform/db/migrate.js";
import { openPglite } from "./platform/db/pglite-connection.js";
import { openPostgres } from "./platform/db/postgres-connection.js";
import { createLogger } from "./platform/logging.js";
import { createRuntime } from "./runtime.js";

/** The composition root: configuration, database, runtime, HTTP, and an orderly shutdown. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const releaseLock = config.database.kind === "pglite" ? lockDataDir(config.dataDir) : () => undefined;
  let connection: DatabaseConnection | null = null;
  let isReady = false;
  try {
    connection =
      config.database.kind === "pglite"
        ? await openPglite({ dataDir: config.database.dataDir })
        : await openPostgres(config.database.url, config.database.poolSize, logger);
    await migrate(connection);
    const runtime = createRuntime(config, logger, connection);
    await runtime.start();
    await bootstrap(runtime.services, config, logger);
    const app = await buildApp({ services: runtime.services, realtime: runtime.realtime, chatSockets: runtime.chatSockets, isReady: () => isReady });
    await app.listen({ host: config.host, port: config.port });
    isReady = true;
    logger.info({ url: config.publicUrl, database: connection.kind }, `Caredesk is ready on ${config.publicUrl}`);

    let isStopping = false;
    const shutdown = async (signal: string) => {
      if (isStopping) return;
      isStopping = true;
      isReady = false;
      logger.info({ signal }, "shutting down");
      const forceExit = setTimeout(() => {
        logger.error("shutdown took too long; exiting");
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
      try {
        await app.close(); // stops accepting, waits for requests in flight
        await runtime.stop();
        await connection?.close();
        releaseLock();
        clearTimeout(forceExit);
        logger.info("stopped");
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      }
    };
    process.once("SIGTERM", () => void shutdown("SIGTERM"));
    process.once("SIGINT", () => void shutdown("SIGINT"));
  } catch (error) {
    await connection?.close().catch(() => undefined);
    releaseLock();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Caredesk failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
