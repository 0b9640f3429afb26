import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationView } from "../../../common/views.js";
import { buildAccount, buildAgent, buildChannel, buildConversation, eventually, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";
import * as policyStore from "./sla-policies.store.js";

describe("SLA policies and clocks", () => {
  let test: TestApp;
  let account: TestAccount;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
  });
  afterAll(() => test?.close());

  const eventsOf = async (conversationId: string, name: string) => {
    const result = await test.connection.db.execute(sql`select count(*)::int as count from domain_events where conversation_id = ${conversationId} and name = ${name}`);
    return Number((result as unknown as { rows: Array<{ count: number }> }).rows[0]!.count);
  };

  it("gives a new account DESIGN.md's promises per channel type, in business hours, warning at 75 %", async () => {
    const list = await test.api.get("/api/sla-policies", { as: account.adminSession });
    expect(list.status).toBe(200);
    const byChannel = Object.fromEntries(list.body.data.map((policy: { channelType: string | null }) => [policy.channelType ?? "any", policy]));
    expect(byChannel.chat).toMatchObject({ firstResponseSeconds: 120, measure: "business_hours", warningPercent: 75, priority: null, autoEscalation: "off" });
    expect(byChannel.whatsapp).toMatchObject({ firstResponseSeconds: 900 });
    expect(byChannel.instagram).toMatchObject({ firstResponseSeconds: 3600, resolutionSeconds: 8 * 3600 });
    expect(byChannel.email).toMatchObject({ firstResponseSeconds: 8 * 3600, resolutionSeconds: 16 * 3600 });
    expect(byChannel.letter).toMatchObject({ firstResponseSeconds: 40 * 3600, resolutionSeconds: 80 * 3600 });
    expect(byChannel.any).toMatchObject({ firstResponseSeconds: 8 * 3600 });
  });

  it("creates, changes and deletes policies; one per channel type and priority; managers only", async () => {
    const agent = await buildAgent(test, account);
    const body = { name: "Urgent email", channelType: "email", priority: "urgent", firstResponseSeconds: 3600, measure: "calendar" };
    expect((await test.api.post("/api/sla-policies", { as: agent.session, body })).status).toBe(403);
    const created = await test.api.post("/api/sla-policies", { as: account.adminSession, body });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ ...body, nextResponseSeconds: null, resolutionSeconds: null, businessHoursId: null, warningPercent: 75 });
    const duplicate = await test.api.post("/api/sla-policies", { as: account.adminSession, body: { ...body, name: "Again" } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe("sla_policy_scope_taken");
    const unknownSchedule = await test.api.post("/api/sla-policies", { as: account.adminSession, body: { ...body, priority: "high", businessHoursId: "0190a0a0-0000-7000-8000-000000000000" } });
    expect(unknownSchedule.status).toBe(400);
    expect(unknownSchedule.body.error.code).toBe("business_hours_not_found");
    const invalid = await test.api.post("/api/sla-policies", { as: account.adminSession, body: { ...body, priority: "low", warningPercent: 100 } });
    expect(invalid.status).toBe(400);

    const changed = await test.api.patch(`/api/sla-policies/${created.body.data.id}`, { as: account.adminSession, body: { warningPercent: 50, autoEscalation: "on_breach" } });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ warningPercent: 50, autoEscalation: "on_breach", firstResponseSeconds: 3600 });
    expect((await test.api.delete(`/api/sla-policies/${created.body.data.id}`, { as: account.adminSession })).status).toBe(204);
    expect((await test.api.delete(`/api/sla-policies/${created.body.data.id}`, { as: account.adminSession })).status).toBe(404);
  });

  it("picks the most specific policy: channel and priority, then channel (its medium sets the pace), then priority, then any", async () => {
    const other = await buildAccount(test);
    const make = (channelType: string | null, priority: string | null, name: string) =>
      test.api.post("/api/sla-policies", { as: other.adminSession, body: { name, channelType, priority, firstResponseSeconds: 60 } });
    await make("chat", "urgent", "chat urgent");
    await make(null, "urgent", "any urgent");
    const pick = async (channelType: "chat" | "email" | "api", priority: "urgent" | "normal") => (await policyStore.findApplicable(test.services.deps.db, other.accountId, channelType, priority))?.name;
    expect(await pick("chat", "urgent")).toBe("chat urgent");
    expect(await pick("chat", "normal")).toBe("Chat");
    expect(await pick("email", "urgent")).toBe("Email");
    expect(await pick("api", "urgent")).toBe("any urgent");
    expect(await pick("api", "normal")).toBe("Any other channel");
  });

  it("starts a clock for a new conversation, pauses it while pending and resumes it after", async () => {
    const other = await buildAccount(test);
    const policies = (await test.api.get("/api/sla-policies", { as: other.adminSession })).body.data as Array<{ id: string; channelType: string | null }>;
    const email = policies.find((policy) => policy.channelType === "email")!;
    await test.api.patch(`/api/sla-policies/${email.id}`, { as: other.adminSession, body: { measure: "calendar", firstResponseSeconds: 3600, resolutionSeconds: 7200 } });
    const channel = await buildChannel(test, other, "email");
    const conversation = await buildConversation(test, channel);
    const get = async () => (await test.api.get(`/api/conversations/${conversation.id}`, { as: other.adminSession })).body.data as ConversationView;

    const started = await eventually(async () => ((await get()).sla ? get() : null));
    const created = new Date(started.createdAt).getTime();
    expect(started.sla).toMatchObject({ isPaused: false, state: "ok", nextResponse: null, policyId: email.id });
    expect(new Date(started.sla!.firstResponse!.dueAt!).getTime()).toBe(created + 3_600_000);
    expect(new Date(started.sla!.resolution!.dueAt!).getTime()).toBe(created + 7_200_000);
    expect(started.sla!.nextDueAt).toBe(started.sla!.firstResponse!.dueAt);

    await test.api.patch(`/api/conversations/${conversation.id}`, { as: other.adminSession, body: { status: "pending" } });
    const paused = await eventually(async () => ((await get()).sla?.isPaused ? get() : null));
    expect(paused.sla).toMatchObject({ isPaused: true, nextDueAt: null, firstResponse: { dueAt: null, state: "ok" } });

    await test.api.patch(`/api/conversations/${conversation.id}`, { as: other.adminSession, body: { status: "open" } });
    const resumed = await eventually(async () => ((await get()).sla?.isPaused === false && (await get()).sla?.firstResponse?.dueAt ? get() : null));
    // Due later by exactly the time spent pending.
    expect(new Date(resumed.sla!.firstResponse!.dueAt!).getTime()).toBeGreaterThan(created + 3_600_000);

    // The first reply meets the first-response target and starts nothing new until the customer writes again.
    const reply = await test.api.post(`/api/conversations/${conversation.id}/messages`, { as: other.adminSession, body: { text: "We are on it." } });
    expect(reply.status).toBe(201);
    const answered = await eventually(async () => ((await get()).sla?.firstResponse?.completedAt ? get() : null));
    expect(answered.sla!.firstResponse).toMatchObject({ state: "ok", completedAt: answered.firstResponseAt });
    expect(answered.sla!.nextDueAt).toBe(answered.sla!.resolution!.dueAt);
  });

  it("fires a warning and a breach once each at their instants, and sorts the inbox by SLA due", async () => {
    const other = await buildAccount(test);
    const api = (await test.api.get("/api/sla-policies", { as: other.adminSession })).body.data.find((policy: { channelType: string | null }) => policy.channelType === null);
    await test.api.patch(`/api/sla-policies/${api.id}`, { as: other.adminSession, body: { measure: "calendar", firstResponseSeconds: 4, resolutionSeconds: null, warningPercent: 50 } });
    const channel = await buildChannel(test, other, "api");
    const late = await buildConversation(test, channel);
    await eventually(async () => (await eventsOf(late.id, "conversation.sla_breached")) === 1, 20_000);
    expect(await eventsOf(late.id, "conversation.sla_warning")).toBe(1);
    // Reconciling again (a duplicate or stale job) records nothing more.
    await test.services.sla.reconcile(other.accountId, late.id, { isTimer: true });
    await test.services.sla.reconcile(other.accountId, late.id);
    expect(await eventsOf(late.id, "conversation.sla_breached")).toBe(1);
    expect(await eventsOf(late.id, "conversation.sla_warning")).toBe(1);
    const view = (await test.api.get(`/api/conversations/${late.id}`, { as: other.adminSession })).body.data as ConversationView;
    expect(view.sla).toMatchObject({ state: "breached", firstResponse: { state: "breached" } });

    // A conversation with more time left sorts after the breached one; one without a clock last.
    await test.api.patch(`/api/sla-policies/${api.id}`, { as: other.adminSession, body: { firstResponseSeconds: 3600 } });
    const fresh = await buildConversation(test, channel);
    await eventually(async () => (await test.api.get(`/api/conversations/${fresh.id}`, { as: other.adminSession })).body.data.sla);
    const sorted = await test.api.get("/api/conversations", { as: other.adminSession, query: { sort: "sla_due_asc", limit: 1 } });
    expect(sorted.status).toBe(200);
    expect(sorted.body.data.map((row: ConversationView) => row.id)).toEqual([late.id]);
    const next = await test.api.get("/api/conversations", { as: other.adminSession, query: { sort: "sla_due_asc", limit: 1, cursor: sorted.body.nextCursor } });
    expect(next.body.data.map((row: ConversationView) => row.id)).toEqual([fresh.id]);
  });

  it("recomputes running clocks when the business hours change", async () => {
    const other = await buildAccount(test);
    const policies = (await test.api.get("/api/sla-policies", { as: other.adminSession })).body.data as Array<{ id: string; channelType: string | null }>;
    const email = policies.find((policy) => policy.channelType === "email")!;
    await test.api.patch(`/api/sla-policies/${email.id}`, { as: other.adminSession, body: { firstResponseSeconds: 3600, resolutionSeconds: null } });
    const conversation = await buildConversation(test, await buildChannel(test, other, "email"));
    const get = async () => (await test.api.get(`/api/conversations/${conversation.id}`, { as: other.adminSession })).body.data as ConversationView;
    await eventually(async () => (await get()).sla?.firstResponse?.dueAt);

    // A schedule without opening hours never lets business time pass: no due time.
    const schedule = (await test.api.get("/api/business-hours", { as: other.adminSession })).body.data[0];
    expect((await test.api.patch(`/api/business-hours/${schedule.id}`, { as: other.adminSession, body: { weeklyHours: [] } })).status).toBe(200);
    await eventually(async () => (await get()).sla?.firstResponse?.dueAt === null);
    expect((await get()).sla).toMatchObject({ isPaused: false, nextDueAt: null, firstResponse: { state: "ok" } });
    // Open around the clock: one business hour is one hour after the conversation began.
    const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "00:00", closes: "24:00" }));
    expect((await test.api.patch(`/api/business-hours/${schedule.id}`, { as: other.adminSession, body: { weeklyHours: allWeek } })).status).toBe(200);
    const expected = new Date(new Date((await get()).createdAt).getTime() + 3_600_000).toISOString();
    await eventually(async () => (await get()).sla?.firstResponse?.dueAt === expected);
  });
});
