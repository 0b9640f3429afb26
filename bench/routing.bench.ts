import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { actorOf } from "../server/modules/auth/auth.service.js";
import { loadConfig } from "../server/platform/config.js";
import type { DatabaseConnection } from "../server/platform/db/database.js";
import { migrate } from "../server/platform/db/migrate.js";
import { openPglite } from "../server/platform/db/pglite-connection.js";
import { openPostgres } from "../server/platform/db/postgres-connection.js";
import { createLogger } from "../server/platform/logging.js";
import { createRuntime } from "../server/runtime.js";
import { databaseUrl, withAdminClient } from "../server/test/postgres-admin.js";
import { measureRawInsert } from "./floors/raw-insert.js";
import { formatNumber, percentile, printTable } from "./lib/table.js";

/**
 * Routing figures: assignment decisions per second and their latency with 500 agents in 10
 * teams and 10,000 conversations waiting, against the raw INSERT floor measured in this run.
 *
 * - "capacity frees up": every agent is full; a worker solves one of an agent's conversations
 *   and times the drain of that agent's team, which must pick the head of a 1,000-deep queue
 *   that this agent qualifies for (level, language) and assign or offer it.
 * - "route a new conversation": rules (20, the last one matches), account-manager check, the
 *   team queue, a drain attempt; all agents are full, so it is queued with its explanation.
 *
 *   npm run bench:routing                                                     PGlite
 *   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:routing   also PostgreSQL
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const agentCount = 500;
const teamCount = 10;
const waitingCount = Number(process.env.BENCH_WAITING ?? 10_000);
const openPerAgent = 10;

type Backend = { name: "PGlite" | "PostgreSQL"; workers: number; open(): Promise<DatabaseConnection>; environment: Record<string, string>; floorTarget: Parameters<typeof measureRawInsert>[0]; cleanup(): Promise<void> };

async function main(): Promise<void> {
  const backends: Backend[] = [pgliteBackend()];
  if (process.env.BENCH_POSTGRES_URL) backends.push(await postgresBackend(process.env.BENCH_POSTGRES_URL));
  const rows: Array<Array<string | number>> = [];
  for (const backend of backends) {
    const floor = await measureRawInsert(backend.floorTarget, Math.min(seconds, 5), backend.workers);
    console.log(`floor: ${backend.name} raw INSERT ${formatNumber(floor.opsPerSecond)}/s with ${backend.workers} caller(s)`);
    try {
      const measured = await measure(backend);
      for (const result of measured) {
        rows.push([
          backend.name,
          result.name,
          String(backend.workers),
          formatNumber(result.decisionsPerSecond),
          `${formatNumber(result.p50Ms, 1)} / ${formatNumber(result.p99Ms, 1)}`,
          formatNumber(result.decisionsPerSecond / floor.opsPerSecond, 3),
          result.note,
        ]);
      }
    } finally {
      await backend.cleanup();
    }
  }
  printTable(
    `Routing: ${agentCount} agents in ${teamCount} teams, ${formatNumber(waitingCount)} conversations waiting, every agent full (${openPerAgent} open); ${seconds} s per row`,
    ["backend", "decision", "workers", "decisions/s", "p50 / p99 ms", "÷ raw insert/s", "notes"],
    rows,
  );
}

type Result = { name: string; decisionsPerSecond: number; p50Ms: number; p99Ms: number; note: string };

async function measure(backend: Backend): Promise<Result[]> {
  const config = loadConfig({ ...backend.environment, LOG_LEVEL: "silent", SEED_DEMO: "false", RUN_JOBS: "false", NODE_ENV: "production" });
  const logger = createLogger("silent");
  const connection = await backend.open();
  await migrate(connection);
  const runtime = createRuntime(config, logger, connection);
  await runtime.start();
  try {
    const { services } = runtime;
    const { account, admin } = await services.accounts.create({ name: "Routing bench", admin: { email: "bench-routing@caredesk.local", name: "Bench", password: "bench-password-123" } });
    const adminActor = actorOf(admin);
    const email = (await services.channels.create(adminActor, { type: "email", name: "Email", isEnabled: true, settings: {} })).channel;
    const chat = (await services.channels.create(adminActor, { type: "chat", name: "Chat", isEnabled: true, settings: {} })).channel;
    const started = performance.now();
    const teamIds = await fill(connection, account.id, email.id, chat.id);
    for (const [index, teamId] of teamIds.entries()) {
      await services.assignment.updateTeamSettings(adminActor, teamId, { strategy: index % 2 === 0 ? "round_robin" : "least_loaded", offerTimeoutSeconds: 600 });
    }
    for (let index = 0; index < 19; index += 1) {
      await services.routingRules.create(adminActor, { name: `Never ${index}`, isEnabled: true, conditions: emptyConditions({ keywords: [`nothing-${index}`] }), actions: emptyActions({}) });
    }
    await services.routingRules.create(adminActor, { name: "Parcels", isEnabled: true, conditions: emptyConditions({ keywords: ["parcel"] }), actions: emptyActions({ teamId: teamIds[0]! }) });
    console.log(`${backend.name}: filled ${agentCount} agents, ${formatNumber(waitingCount)} waiting and ${formatNumber(agentCount * openPerAgent)} assigned conversations in ${formatNumber((performance.now() - started) / 1000, 1)} s`);

    if (process.env.BENCH_PROFILE) await profile(connection, account.id, teamIds[0]!, services);
    const agents = ((await connection.db.execute(sql`select m.agent_id, m.team_id from team_members m where m.account_id = ${account.id}`)) as unknown as { rows: Array<{ agent_id: string; team_id: string }> }).rows;
    const freed = await runWorkers(backend.workers, async (worker, iteration) => {
      const agent = agents[(worker * 7919 + iteration * 104_729) % agents.length]!;
      const solved = await connection.db.execute(sql`
        update conversations set status = 'solved', status_kind = 'solved', solved_at = now()
        where id = (select id from conversations where account_id = ${account.id} and assignee_id = ${agent.agent_id} and status_kind = 'open' limit 1)
        returning id`);
      if ((solved as unknown as { rows: unknown[] }).rows.length === 0) return null;
      const begin = performance.now();
      const decisions = await services.assignment.drain(account.id, agent.team_id);
      if (process.env.BENCH_DEBUG && iteration < 3) {
        const members = await (await import("../server/modules/routing/assignment.store.js")).listAvailableMembers(connection.db, account.id, agent.team_id);
        console.log("debug", decisions, members.filter((member) => member.openConversations + member.pendingOffers < member.maxOpenConversations).map((member) => [member.id === agent.agent_id, member.openConversations, member.pendingOffers, member.presence]));
      }
      return { ms: performance.now() - begin, decisions };
    });

    const routed = await runWorkers(backend.workers, async () => {
      const [conversation] = ((await connection.db.execute(sql`
        insert into conversations (id, account_id, number, subject, channel_id, customer_id, status, status_kind, language)
        select gen_random_uuid(), ${account.id}, (select coalesce(max(number), 0) + 1 from conversations where account_id = ${account.id}) + floor(random() * 1000000)::int,
               'Where is my parcel?', ${email.id}, (select id from customers where account_id = ${account.id} limit 1), 'new', 'new', 'en'
        returning id`)) as unknown as { rows: Array<{ id: string }> }).rows;
      const begin = performance.now();
      await services.assignment.route(account.id, conversation!.id);
      return { ms: performance.now() - begin, decisions: 1 };
    });
    const checked = await overCapacity(connection, account.id);
    return [
      { name: "capacity frees up → assign or offer the queue head", ...freed, note: `${freed.count} decisions; agents over capacity: ${checked}` },
      { name: "route a new conversation (20 rules) → queued", ...routed, note: `${routed.count} decisions` },
    ];
  } finally {
    await runtime.stop();
    await connection.close();
  }
}

async function runWorkers(workers: number, work: (worker: number, iteration: number) => Promise<{ ms: number; decisions: number } | null>) {
  const latencies: number[] = [];
  let decisions = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let iteration = 0; Date.now() < deadline; iteration += 1) {
        const result = await work(worker, iteration);
        if (!result) continue;
        latencies.push(result.ms);
        decisions += result.decisions;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { decisionsPerSecond: decisions / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), count: decisions };
}

async function profile(connection: DatabaseConnection, accountId: string, teamId: string, services: ReturnType<typeof createRuntime>["services"]): Promise<void> {
  const store = await import("../server/modules/routing/assignment.store.js");
  const time = async (name: string, work: () => Promise<unknown>) => {
    const begin = performance.now();
    await work();
    console.log(`${name}: ${formatNumber(performance.now() - begin, 1)} ms`);
  };
  for (let round = 0; round < 2; round += 1) {
    await connection.db.transaction(async (tx) => {
      await time("team settings", () => store.findTeamSettings(tx, accountId, teamId));
      await time("available members", () => store.listAvailableMembers(tx, accountId, teamId));
      const queue = await store.listQueue(tx, accountId, teamId, { limit: 100, lock: true });
      await time("queue", () => store.listQueue(tx, accountId, teamId, { limit: 100 }));
      const plan = await tx.execute(sql`explain analyze select c.id from conversations c join conversation_routing r on r.conversation_id = c.id
        where c.account_id = ${accountId} and c.team_id = ${teamId} and c.assignee_id is null and c.status_kind in ('new', 'open', 'pending', 'on_hold') and c.queued_at is not null
        and not exists (select 1 from assignment_offers o where o.conversation_id = c.id and o.status = 'pending')
        order by c.priority_rank desc, c.queued_at asc, c.id asc limit 100`);
      if (round === 1) console.log((plan as unknown as { rows: Array<Record<string, string>> }).rows.map((row) => Object.values(row)[0]).join("\n"));
      await time("refusals", () => store.listRefusals(tx, queue.map((item) => item.conversation.id), new Date(Date.now() - 600_000)));
      const head = queue[0]!;
      const members = await store.listAvailableMembers(tx, accountId, teamId);
      await time("queue heads", () => store.listQueueHeads(tx, accountId, teamId, 25));
      await time("lock queued", () => store.lockQueued(tx, accountId, teamId, head.conversation.id));
      await time("lock agent load", () => store.lockAgentLoad(tx, accountId, members[0]!.id));
      const { systemActor } = await import("../server/platform/actor.js");
      await time("change (assign)", () => services.conversations.change(tx, systemActor(accountId), head.conversation, { assigneeId: members[0]!.id }, {}, { kind: "routing", explanation: null }));
      await time("rotation", () => store.touchRotation(tx, accountId, teamId, members[0]!.id));
      throw new Error("rollback");
    }).catch((error: unknown) => console.log("profile stopped:", String(error).slice(0, 300)));
  }
}

/** Agents with more open conversations (and pending offers) than their capacity: must be 0. */
async function overCapacity(connection: DatabaseConnection, accountId: string): Promise<number> {
  const result = await connection.db.execute(sql`
    select count(*)::int as count from agents a
    where a.account_id = ${accountId} and a.role = 'agent'
      and (select count(*) from conversations c where c.assignee_id = a.id and c.status_kind in ('new', 'open', 'pending', 'on_hold'))
        + (select count(*) from assignment_offers o where o.agent_id = a.id and o.status = 'pending') > a.max_open_conversations`);
  return Number((result as unknown as { rows: Array<{ count: number }> }).rows[0]!.count);
}

/** 500 online agents in 10 teams, each full; 10,000 conversations waiting in the team queues. */
async function fill(connection: DatabaseConnection, accountId: string, emailId: string, chatId: string): Promise<string[]> {
  const db = connection.db;
  await db.execute(sql`
    insert into teams (id, account_id, name) select gen_random_uuid(), ${accountId}, 'Team ' || g from generate_series(1, ${teamCount}) g`);
  await db.execute(sql`
    insert into agents (id, account_id, email, name, role, level, languages, skills, password_hash, presence, presence_changed_at, max_open_conversations, max_chats)
    select gen_random_uuid(), ${accountId}, 'agent' || g || '@bench.caredesk.local', 'Agent ' || g, 'agent', 1 + (g % 3),
           case when g % 2 = 0 then array['en', 'de'] else array['en'] end, array[]::text[], 'not-a-hash', 'online', now(), ${openPerAgent}, 3
    from generate_series(1, ${agentCount}) g`);
  await db.execute(sql`
    insert into team_members (account_id, team_id, agent_id)
    select ${accountId}, t.id, a.id
    from (select id, row_number() over (order by id) - 1 as position from agents where account_id = ${accountId} and role = 'agent') a
    join (select id, row_number() over (order by id) - 1 as position from teams where account_id = ${accountId}) t on t.position = a.position % ${teamCount}`);
  await db.execute(sql`
    insert into customers (id, account_id, name, language) select gen_random_uuid(), ${accountId}, 'Customer ' || g, 'en' from generate_series(1, 2000) g`);
  // Every agent starts full: openPerAgent open email conversations each.
  await db.execute(sql`
    insert into conversations (id, account_id, number, subject, channel_id, customer_id, status, status_kind, assignee_id, team_id, language, created_at, last_activity_at)
    select gen_random_uuid(), ${accountId}, row_number() over (), 'Assigned', ${emailId},
           (select id from customers where account_id = ${accountId} limit 1), 'open', 'open', m.agent_id, m.team_id, 'en', now(), now()
    from team_members m cross join generate_series(1, ${openPerAgent}) g where m.account_id = ${accountId}`);
  // The queue: a fifth are chats (offered), a third German, a tenth level 2, priorities mixed.
  await db.execute(sql`
    with numbered_teams as (select id, row_number() over (order by id) - 1 as position from teams where account_id = ${accountId}),
         numbered_customers as (select id, row_number() over (order by id) as position from customers where account_id = ${accountId})
    insert into conversations (id, account_id, number, subject, channel_id, customer_id, status, status_kind, priority, level, team_id, language, created_at, last_activity_at, queued_at)
    select gen_random_uuid(), ${accountId}, 1000000 + g, 'Waiting ' || g, case when g % 5 = 0 then ${chatId}::uuid else ${emailId}::uuid end,
           c.id, 'new', 'new', (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + g % 5], case when g % 10 = 0 then 2 else 1 end,
           t.id, case when g % 3 = 0 then 'de' else 'en' end, now() - make_interval(secs => g), now() - make_interval(secs => g), now() - make_interval(secs => g)
    from generate_series(1, ${waitingCount}) g
    join numbered_teams t on t.position = g % ${teamCount}
    join numbered_customers c on c.position = 1 + g % 2000`);
  await db.execute(sql`
    insert into conversation_routing (conversation_id, account_id, routed_at)
    select id, account_id, created_at from conversations where account_id = ${accountId} and status_kind = 'new'`);
  await db.execute(sql`update conversation_numbers set last_number = ${1000000 + waitingCount} where account_id = ${accountId}`);
  await db.execute(sql`analyze`);
  const teams = (await db.execute(sql`select id from teams where account_id = ${accountId} order by id`)) as unknown as { rows: Array<{ id: string }> };
  return teams.rows.map((row) => row.id);
}

const emptyConditions = (overrides: Record<string, unknown>) => ({ channelTypes: [], topics: [], categories: [], languages: [], priorities: [], customerTags: [], customerAttributes: [], keywords: [], ...overrides });
const emptyActions = (overrides: Record<string, unknown>) => ({ teamId: null, level: null, priority: null, tags: [], skills: [], ...overrides });

function pgliteBackend(): Backend {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-routing-bench-"));
  return {
    name: "PGlite",
    workers: 1,
    environment: { DATA_DIR: dataDir },
    open: () => openPglite({ dataDir: path.join(dataDir, "pglite") }),
    floorTarget: { pgliteDataDir: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-floor-")), "pglite") },
    cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgresBackend(serverUrl: string): Promise<Backend> {
  const name = `caredesk_routing_bench_${Date.now()}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`));
  if (process.env.BENCH_SLOW_LOG_MS) await withAdminClient(serverUrl, (client) => client.query(`alter database ${name} set log_min_duration_statement = ${Number(process.env.BENCH_SLOW_LOG_MS)}`));
  const url = databaseUrl(serverUrl, name);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-routing-bench-"));
  return {
    name: "PostgreSQL",
    workers: 8,
    environment: { DATABASE_URL: url, DATA_DIR: dataDir },
    open: () => openPostgres(url, 16, createLogger("silent")),
    floorTarget: { postgresUrl: url },
    cleanup: async () => {
      await withAdminClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

await main();
