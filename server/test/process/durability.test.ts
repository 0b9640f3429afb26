import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../factories.js";
import { testDatabaseKind } from "../test-database.js";
import { type CaredeskProcess, createProcessDatabase, freePort, HttpApi, pause, type ProcessDatabase, type Session, startCaredesk, stopAllCaredesks } from "./caredesk-process.js";

const admin = { email: "durability@example.test", password: "a durable password" };
const SENDERS = 4;
const ACKNOWLEDGED_BEFORE_KILL = 10; // per sender
const ACKNOWLEDGED_AFTER_RESTART = 10; // per sender

/**
 * One customer's system posting inbound messages one after another, as a real integration
 * would: a message whose request failed (no answer, connection refused) is sent again with
 * the same externalId until it is acknowledged with a 2xx.
 */
class InboundSender {
  readonly acknowledged: string[] = [];
  /** How each message was acknowledged: HTTP status and the inbound message's status. */
  readonly answers = new Map<string, string>();
  /** Messages that met at least one connection error before they were acknowledged. */
  readonly resentAfterConnectionError: string[] = [];
  readonly unexpectedAnswers: Array<{ externalId: string; status: number; body: string }> = [];
  connectionErrors = 0;
  private isStopping = false;
  private giveUpAt = Infinity;

  constructor(
    private readonly name: string,
    private readonly target: () => { url: string; token: string },
  ) {}

  async run(): Promise<void> {
    for (let sequence = 1; !this.isStopping; sequence += 1) {
      const externalId = `${this.name}-${sequence}`;
      let hasMetConnectionError = false;
      while (!(await this.send(externalId, sequence))) {
        hasMetConnectionError = true;
        if (Date.now() > this.giveUpAt) return;
        await pause(50); // the server is down or restarting: try again shortly
      }
      this.acknowledged.push(externalId);
      if (hasMetConnectionError) this.resentAfterConnectionError.push(externalId);
    }
  }

  /** Finishes the message in hand (for at most `graceMs`), then stops. */
  stop(graceMs = 30_000): void {
    this.isStopping = true;
    this.giveUpAt = Date.now() + graceMs;
  }

  /** True when acknowledged; false when it must be sent again. */
  private async send(externalId: string, sequence: number): Promise<boolean> {
    const { url, token } = this.target();
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ externalId, customer: { identifier: this.name, name: `Customer ${this.name}` }, text: `Message ${sequence} from ${this.name}` }),
        signal: AbortSignal.timeout(20_000),
      });
      const body = await response.text();
      if (response.status === 201 || response.status === 202) {
        this.answers.set(externalId, `${response.status} ${(JSON.parse(body) as { data: { status: string } }).data.status}`);
        return true;
      }
      this.unexpectedAnswers.push({ externalId, status: response.status, body: body.slice(0, 500) });
      return false;
    } catch {
      this.connectionErrors += 1;
      return false;
    }
  }
}

/** Every inbound message's externalId on the channel, read page by page through the API. */
async function externalIdsOnChannel(api: HttpApi, session: Session, channelId: string): Promise<string[]> {
  const conversations = await api.get(`/api/conversations?channelId=${channelId}&statusKind=new,open,pending,on_hold,solved,closed&limit=100`, { as: session });
  expect(conversations.status).toBe(200);
  expect(conversations.body.nextCursor).toBeNull();
  const externalIds: string[] = [];
  for (const conversation of conversations.body.data as Array<{ id: string }>) {
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await api.get(`/api/conversations/${conversation.id}/messages?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { as: session });
      expect(page.status).toBe(200);
      for (const message of page.body.data as Array<{ direction: string; externalId: string | null }>) {
        if (message.direction === "in") externalIds.push(message.externalId ?? "(none)");
      }
      cursor = page.body.nextCursor;
    } while (cursor);
  }
  return externalIds;
}

describe(`a Caredesk process on ${testDatabaseKind}, killed with SIGKILL while messages stream in`, () => {
  let database: ProcessDatabase;

  beforeAll(async () => {
    database = await createProcessDatabase({ isMigrated: true }); // starting on an empty one is startup-shutdown.test.ts's
  });

  afterAll(async () => {
    await stopAllCaredesks();
    await database?.drop();
  });

  it("keeps every acknowledged message exactly once after the restart", { timeout: 300_000 }, async () => {
    const port = await freePort();
    const env = { ...database.env, SEED_DEMO: "false", CAREDESK_ADMIN_EMAIL: admin.email, CAREDESK_ADMIN_PASSWORD: admin.password };
    const first = startCaredesk({ port, env });
    await first.waitUntilReady();
    const api = new HttpApi(first.baseUrl);
    const session = await api.login(admin.email, admin.password);
    const created = await api.post("/api/channels", { as: session, body: { type: "api", name: "Shop backend" } });
    expect(created.status).toBe(201);
    const channelId = created.body.data.channel.id as string;
    const target = { url: `${first.baseUrl}/api/channels/${channelId}/messages`, token: created.body.data.credentials.inboundToken as string };

    const senders = Array.from({ length: SENDERS }, (_, index) => new InboundSender(`sender-${index + 1}`, () => target));
    const sending = senders.map((sender) => sender.run());
    let second: CaredeskProcess;
    try {
      await eventually(() => senders.every((sender) => sender.acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL), 120_000);
      await checkSecondProcessWhileFirstRuns(first);

      const killed = await first.kill("SIGKILL");
      expect(killed.signal).toBe("SIGKILL");
      second = startCaredesk({ port, env });
      await second.waitUntilReady();
      if (database.kind === "pglite") {
        // The dead holder's lock was taken over.
        expect(JSON.parse(fs.readFileSync(path.join(database.dataDir, "caredesk.lock"), "utf8"))).toMatchObject({ pid: second.pid });
      }
      const atRestart = senders.map((sender) => sender.acknowledged.length);
      await eventually(() => senders.every((sender, index) => sender.acknowledged.length >= atRestart[index]! + ACKNOWLEDGED_AFTER_RESTART), 120_000);
    } finally {
      for (const sender of senders) sender.stop();
      await Promise.all(sending);
    }

    // The kill came mid-stream: every sender had requests fail and sent them again.
    for (const sender of senders) expect(sender.connectionErrors, `${sender.acknowledged[0]}…`).toBeGreaterThan(0);
    expect(senders.flatMap((sender) => sender.unexpectedAnswers)).toEqual([]);

    const acknowledged = senders.flatMap((sender) => sender.acknowledged);
    const verifying = new HttpApi(second!.baseUrl);
    const verifier = await verifying.login(admin.email, admin.password);
    // A message acknowledged with 202 (stored, processing to be retried) may still be on its way.
    const stored = await eventually(async () => {
      const externalIds = await externalIdsOnChannel(verifying, verifier, channelId);
      return acknowledged.every((externalId) => externalIds.includes(externalId)) ? externalIds : null;
    }, 30_000).catch(async () => externalIdsOnChannel(verifying, verifier, channelId));

    const countOf = new Map<string, number>();
    for (const externalId of stored) countOf.set(externalId, (countOf.get(externalId) ?? 0) + 1);
    const answerOf = (externalId: string) => senders.map((sender) => sender.answers.get(externalId)).find(Boolean);
    expect(
      acknowledged.filter((externalId) => countOf.get(externalId) !== 1).map((externalId) => `${externalId}: stored ${countOf.get(externalId) ?? 0} times, answered ${answerOf(externalId)}`),
      "acknowledged but missing or duplicated",
    ).toEqual([]);
    expect([...countOf].filter(([, count]) => count > 1), "stored more than once").toEqual([]);
    expect(stored.filter((externalId) => !acknowledged.includes(externalId)), "stored but never acknowledged").toEqual([]);
    const resent = senders.flatMap((sender) => sender.resentAfterConnectionError);
    expect(resent.length).toBeGreaterThan(0);
    expect(resent.filter((externalId) => countOf.get(externalId) !== 1)).toEqual([]);

    const failed = await verifying.get("/api/inbound-messages/failed", { as: verifier });
    expect(failed.body.data).toEqual([]);
  });

  /** PGlite: a second process on the folder is refused. PostgreSQL: it starts alongside (scale-out). */
  async function checkSecondProcessWhileFirstRuns(first: CaredeskProcess): Promise<void> {
    const env = { ...database.env, SEED_DEMO: "false" };
    const another = startCaredesk({ port: await freePort(), env });
    if (database.kind === "pglite") {
      const status = await another.exited;
      expect(status.code).toBe(1);
      expect(another.output).toContain(`The data folder ${database.dataDir} is in use by another Caredesk process (pid ${first.pid} on `);
      expect(another.output).toContain("Stop it first, or point DATA_DIR at another folder.");
      expect(another.output).not.toMatch(/^\s+at /m);
    } else {
      await another.waitUntilReady();
      const session = await new HttpApi(another.baseUrl).login(admin.email, admin.password);
      expect(session.csrfToken).toBeTruthy();
      expect(await another.kill("SIGTERM")).toEqual({ code: 0, signal: null });
    }
    expect(first.hasExited).toBe(false);
  }
});
