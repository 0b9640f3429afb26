import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type * as schema from "./schema.js";

export type Schema = typeof schema;

/** The typed database handle; the same type whether PGlite or a PostgreSQL server is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** An open transaction. Stores take one of these (or the database) as their first argument. */
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** Where a store runs its SQL: inside a service's transaction or, for plain reads, on the database. */
export type Executor = Database | Transaction;

export type SqlResult = { rows: Record<string, unknown>[] };

export type DatabaseKind = "pglite" | "postgres";

/** A live connection to PGlite or a PostgreSQL server, with what Caredesk needs beyond Drizzle. */
export interface DatabaseConnection {
  readonly kind: DatabaseKind;
  readonly db: Database;
  /** Raw SQL with `$n` parameters; without parameters the text may hold several statements. */
  executeSql(text: string, values?: unknown[]): Promise<SqlResult>;
  /** LISTEN on a channel; notifications arrive only after the notifying transaction commits. */
  listen(channel: string, onNotification: (payload: string) => void): Promise<() => Promise<void>>;
  /** Runs `work` while holding a PostgreSQL advisory lock, so one process at a time does it. */
  withAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
