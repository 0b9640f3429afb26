import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrationsFolder } from "../paths.js";
import type { DatabaseConnection } from "./database.js";
import type * as schema from "./schema.js";

/** Any constant shared by all Caredesk processes. */
const MIGRATION_LOCK_KEY = 720_731_001;

/**
 * Applies the committed migrations. Several servers may start at once against one
 * PostgreSQL; an advisory lock lets one migrate while the others wait, then find nothing to do.
 */
export async function migrate(connection: DatabaseConnection): Promise<void> {
  await connection.withAdvisoryLock(MIGRATION_LOCK_KEY, async () => {
    if (connection.kind === "pglite") {
      await migratePglite(connection.db as unknown as PgliteDatabase<typeof schema>, { migrationsFolder });
    } else {
      await migratePostgres(connection.db as unknown as NodePgDatabase<typeof schema>, { migrationsFolder });
    }
  });
}
