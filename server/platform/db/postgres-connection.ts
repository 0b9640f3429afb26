import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Logger } from "../logging.js";
import type { Database, DatabaseConnection } from "./database.js";
import * as schema from "./schema.js";

const INT8_OID = 20;

// Counts and bigint ids arrive as numbers, as they do on PGlite.
const typeParsers = {
  getTypeParser: (oid: number, format?: string) =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text"),
} as pg.CustomTypesConfig;

export async function openPostgres(url: string, poolSize: number, logger: Logger): Promise<DatabaseConnection> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: typeParsers });
  pool.on("error", (error) => logger.error({ err: error }, "idle PostgreSQL connection failed"));
  await pool.query("select 1"); // fail at boot, with the server's own message, if unreachable
  const db = drizzle({ client: pool, schema }) as unknown as Database;
  const listener = new NotificationListener(url, logger);
  return {
    kind: "postgres",
    db,
    executeSql: (text, values) => pool.query(text, values),
    listen: (channel, onNotification) => listener.listen(channel, onNotification),
    async withAdvisoryLock(key, work) {
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [key]);
        try {
          return await work();
        } finally {
          await client.query("select pg_advisory_unlock($1)", [key]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

/**
 * One dedicated connection holds every LISTEN of this process (a pooled connection
 * would lose them when returned). It reconnects and re-listens after a failure.
 */
class NotificationListener {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  private isClosed = false;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  async listen(channel: string, onNotification: (payload: string) => void): Promise<() => Promise<void>> {
    const client = await this.connect();
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    }
    handlers.add(onNotification);
    return async () => {
      handlers.delete(onNotification);
    };
  }

  async close(): Promise<void> {
    this.isClosed = true;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url });
    client.on("notification", (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? "");
    });
    client.on("error", (error) => {
      this.logger.warn({ err: error }, "notification connection lost; reconnecting");
      this.client = null;
      client.end().catch(() => undefined);
      setTimeout(() => void this.reconnect(), 1000).unref();
    });
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    this.client = client;
    return client;
  }

  private async reconnect(): Promise<void> {
    if (this.isClosed) return;
    try {
      await this.connect();
    } catch (error) {
      this.logger.warn({ err: error }, "notification reconnect failed; retrying");
      setTimeout(() => void this.reconnect(), 2000).unref();
    }
  }
}
