import fs from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import type { Database, DatabaseConnection } from "./database.js";
import * as schema from "./schema.js";

/** Extensions must be passed on every open, or even plain inserts fail on a folder that uses them. */
const extensions = { pg_trgm };

// PGlite runs no autovacuum and would let the WAL grow to hundreds of megabytes.
const postgresqlConf = ["max_wal_size = 64MB", "min_wal_size = 32MB"];

/** `loadDataDir`: a dump (see `dumpDataDir`) to start from, for an empty folder or memory. */
export type PgliteSource = { dataDir: string; loadDataDir?: Blob } | { memory: true; loadDataDir?: Blob };

export type PgliteConnection = DatabaseConnection & {
  /** The whole data folder as a tar archive (a template for test databases). */
  dumpDataDir(): Promise<Blob>;
};

/** Opens the embedded database: a folder on disk, or memory for tests. */
export async function openPglite(source: PgliteSource): Promise<PgliteConnection> {
  if ("dataDir" in source) await fs.mkdir(source.dataDir, { recursive: true });
  const client = await PGlite.create({
    dataDir: "dataDir" in source ? source.dataDir : undefined,
    loadDataDir: source.loadDataDir,
    extensions,
    postgresqlconf: postgresqlConf,
  });
  return wrapPglite(client);
}

export function wrapPglite(client: PGlite): PgliteConnection {
  const db = drizzle({ client, schema }) as unknown as Database;
  return {
    kind: "pglite",
    db,
    async executeSql(text, values) {
      if (values && values.length > 0) return client.query(text, values);
      const results = await client.exec(text);
      return results.at(-1) ?? { rows: [] };
    },
    async listen(channel, onNotification) {
      const unlisten = await client.listen(channel, onNotification);
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
    // One process owns a PGlite folder (see data-dir-lock.ts), so there is nobody to exclude.
    withAdvisoryLock: (_key, work) => work(),
    async close() {
      if (!client.closed) await client.close();
    },
    dumpDataDir: () => client.dumpDataDir("none"),
  };
}
