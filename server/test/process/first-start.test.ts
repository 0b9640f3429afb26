import { afterAll, describe, expect, it } from "vitest";
import { testDatabaseKind } from "../test-database.js";
import { createProcessDatabase, freePort, HttpApi, type ProcessDatabase, startCaredesk, stopAllCaredesks } from "./caredesk-process.js";

const demo = { email: "admin@demo.caredesk.local", password: "caredesk-demo" };
const allStatusKinds = "new,open,pending,on_hold,solved,closed";

const databases: ProcessDatabase[] = [];
afterAll(async () => {
  await stopAllCaredesks();
  for (const database of databases) await database.drop();
});

/** Migrated but without any account: what matters here is the bootstrap (an empty start is startup-shutdown.test.ts's). */
async function freshDatabase(): Promise<ProcessDatabase> {
  const database = await createProcessDatabase({ isMigrated: true });
  databases.push(database);
  return database;
}

type ConversationSummary = { channel: { type: string }; statusKind: string; language: string | null; customer: { name: string } };

describe(`first start of a Caredesk process on ${testDatabaseKind}`, () => {
  it("creates the demo account by default, with conversations on several channels, in several statuses, in English and German, and prints the login", { timeout: 180_000 }, async () => {
    const database = await freshDatabase();
    const caredesk = startCaredesk({ port: await freePort(), env: database.env });
    await caredesk.waitUntilReady();
    expect(caredesk.output).toContain(`Caredesk demo login → ${demo.email} / ${demo.password}`);

    const api = new HttpApi(caredesk.baseUrl);
    const session = await api.login(demo.email, demo.password);
    const me = await api.get("/api/auth/session", { as: session });
    expect(me.body.data).toMatchObject({ agent: { email: demo.email, role: "admin" } });

    const conversations = await api.get(`/api/conversations?statusKind=${allStatusKinds}&limit=100`, { as: session });
    expect(conversations.status).toBe(200);
    const all = conversations.body.data as ConversationSummary[];
    const channelTypes = new Set(all.map((conversation) => conversation.channel.type));
    const statusKinds = new Set(all.map((conversation) => conversation.statusKind));
    const languages = new Set(all.map((conversation) => conversation.language));
    expect(channelTypes.size, [...channelTypes].join(", ")).toBeGreaterThanOrEqual(3);
    expect(statusKinds.size, [...statusKinds].join(", ")).toBeGreaterThanOrEqual(3);
    expect([...languages]).toEqual(expect.arrayContaining(["en", "de"]));

    const agents = await api.get("/api/agents", { as: session });
    expect((agents.body.data as unknown[]).length).toBeGreaterThan(1);
    expect(await caredesk.kill("SIGTERM")).toEqual({ code: 0, signal: null });
  });

  it("creates the first admin from CAREDESK_ADMIN_EMAIL and CAREDESK_ADMIN_PASSWORD, and no demo data, with SEED_DEMO=false", { timeout: 180_000 }, async () => {
    const database = await freshDatabase();
    const owner = { email: "owner@acme.example", password: "owner password 42", name: "Olivia Owner" };
    const caredesk = startCaredesk({
      port: await freePort(),
      env: {
        ...database.env,
        SEED_DEMO: "false",
        CAREDESK_ADMIN_EMAIL: owner.email,
        CAREDESK_ADMIN_PASSWORD: owner.password,
        CAREDESK_ADMIN_NAME: owner.name,
        CAREDESK_ACCOUNT_NAME: "Acme Care",
      },
    });
    await caredesk.waitUntilReady();
    expect(caredesk.output).not.toContain("demo login");

    const api = new HttpApi(caredesk.baseUrl);
    const session = await api.login(owner.email, owner.password);
    const me = await api.get("/api/auth/session", { as: session });
    expect(me.body.data).toMatchObject({ agent: { email: owner.email, name: owner.name, role: "admin" }, account: { name: "Acme Care" } });
    expect((await api.get(`/api/conversations?statusKind=${allStatusKinds}`, { as: session })).body.data).toEqual([]);
    expect((await api.get("/api/channels", { as: session })).body.data).toEqual([]);
    expect((await api.get("/api/agents", { as: session })).body.data).toEqual([expect.objectContaining({ email: owner.email })]);

    const demoLogin = await api.post("/api/auth/login", { body: demo });
    expect(demoLogin.status).toBe(401);
    expect(await caredesk.kill("SIGTERM")).toEqual({ code: 0, signal: null });
  });
});
