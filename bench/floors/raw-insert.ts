import { randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export type InsertFloor = { opsPerSecond: number; p50Ms: number; p99Ms: number };

const createTable = `create table if not exists bench_floor (id uuid primary key, account_id uuid not null, body text not null, created_at timestamptz not null default now())`;
const insert = `insert into bench_floor (id, account_id, body) values ($1, $2, $3)`;

/** The database floor: single-row INSERTs, as fast as the driver allows, with `callers` at once. */
export async function measureRawInsert(target: { pgliteDataDir: string } | { postgresUrl: string }, seconds: number, callers: number): Promise<InsertFloor> {
  const accountId = randomUUID();
  let run: (values: unknown[]) => Promise<unknown>;
  let close: () => Promise<void>;
  if ("pgliteDataDir" in target) {
    const client = await PGlite.create({ dataDir: target.pgliteDataDir });
    await client.exec(createTable);
    run = (values) => client.query(insert, values);
    close = () => client.close();
  } else {
    const pool = new pg.Pool({ connectionString: target.postgresUrl, max: callers });
    await pool.query(createTable);
    run = (values) => pool.query(insert, values);
    close = async () => {
      await pool.query("drop table bench_floor");
      await pool.end();
    };
  }
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (Date.now() < deadline) {
        const begin = performance.now();
        await run([randomUUID(), accountId, "Where is my parcel? It should have arrived yesterday."]);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await close();
  latencies.sort((a, b) => a - b);
  return { opsPerSecond: latencies.length / elapsed, p50Ms: latencies[Math.floor(latencies.length * 0.5)]!, p99Ms: latencies[Math.floor(latencies.length * 0.99)]! };
}
