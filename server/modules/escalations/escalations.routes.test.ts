import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelRow } from "../../platform/db/rows.js";
import { buildAccount, buildAgent, buildChannel, buildConversation, eventually, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

describe("escalation", () => {
  let test: TestApp;
  let account: TestAccount;
  let channel: ChannelRow;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
    channel = await buildChannel(test, account, "email");
  });
  afterAll(() => test?.close());

  const escalationsOf = async (conversationId: string) => (await test.api.get(`/api/conversations/${conversationId}/escalations`, { as: account.adminSession })).body.data;
  const countEvents = async (conversationId: string, name: string) => {
    const result = await test.connection.db.execute(sql`select count(*)::int as count from domain_events where conversation_id = ${conversationId} and name = ${name}`);
    return Number((result as unknown as { rows: Array<{ count: number }> }).rows[0]!.count);
  };

  it("hands a conversation to the next level with the reason as an internal note; the history stays", async () => {
    const first = await buildAgent(test, account, { level: 1 });
    const conversation = await buildConversation(test, channel);
    await test.api.patch(`/api/conversations/${conversation.id}`, { as: first.session, body: { assigneeId: first.agent.id } });
    const escalated = await test.api.post(`/api/conversations/${conversation.id}/escalations`, { as: first.session, body: { to: "next_level", reason: "Needs a refund decision" } });
    expect(escalated.status).toBe(201);
    expect(escalated.body.data).toMatchObject({ trigger: "agent", fromLevel: 1, toLevel: 2, reason: "Needs a refund decision", escalatedBy: { id: first.agent.id } });

    const after = (await test.api.get(`/api/conversations/${conversation.id}`, { as: account.adminSession })).body.data;
    expect(after).toMatchObject({ level: 2, assignee: null });
    const messages = (await test.api.get(`/api/conversations/${conversation.id}/messages`, { as: account.adminSession })).body.data;
    expect(messages.map((message: { text: string; isNote: boolean }) => [message.text, message.isNote])).toEqual([
      ["Hello, I need help with my order.", false],
      ["Needs a refund decision", true],
    ]);
    expect(messages[1].id).toBe(escalated.body.data.noteId);
    expect(await escalationsOf(conversation.id)).toEqual([escalated.body.data]);
    expect(await countEvents(conversation.id, "conversation.escalated")).toBe(1);
    expect(await countEvents(conversation.id, "conversation.assigned")).toBe(2);

    // The level-2 queue: unassigned conversations at level 2.
    const queue = await test.api.get("/api/conversations", { as: account.adminSession, query: { level: "2", assignee: "unassigned" } });
    expect(queue.body.data.map((row: { id: string }) => row.id)).toEqual([conversation.id]);
  });

  it("hands over to another team, and refuses what cannot be escalated", async () => {
    const team = (await test.api.post("/api/teams", { as: account.adminSession, body: { name: "Billing" } })).body.data;
    const conversation = await buildConversation(test, channel);
    const url = `/api/conversations/${conversation.id}/escalations`;
    const analyst = await buildAgent(test, account, { role: "analyst" });
    expect((await test.api.post(url, { as: analyst.session, body: { to: "team", teamId: team.id, reason: "x" } })).status).toBe(403);
    const missingReason = await test.api.post(url, { as: account.adminSession, body: { to: "team", teamId: team.id, reason: " " } });
    expect(missingReason.status).toBe(400);
    const unknownTeam = await test.api.post(url, { as: account.adminSession, body: { to: "team", teamId: "0190a0a0-0000-7000-8000-000000000000", reason: "x" } });
    expect(unknownTeam.body.error.code).toBe("team_not_found");

    const handed = await test.api.post(url, { as: account.adminSession, body: { to: "team", teamId: team.id, reason: "Invoice question" } });
    expect(handed.status).toBe(201);
    expect(handed.body.data).toMatchObject({ fromLevel: 1, toLevel: 1, fromTeamId: null, toTeamId: team.id });
    const again = await test.api.post(url, { as: account.adminSession, body: { to: "team", teamId: team.id, reason: "Again" } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("escalation_not_possible");

    await test.api.post(url, { as: account.adminSession, body: { to: "next_level", reason: "to 2" } });
    await test.api.post(url, { as: account.adminSession, body: { to: "next_level", reason: "to 3" } });
    const top = await test.api.post(url, { as: account.adminSession, body: { to: "next_level", reason: "to 4?" } });
    expect(top.status).toBe(409);
    expect((await escalationsOf(conversation.id)).map((row: { toLevel: number }) => row.toLevel)).toEqual([1, 2, 3]);
  });

  it("escalates by itself on a strongly negative message, once", async () => {
    const conversation = await buildConversation(test, channel, { text: "This is unacceptable, the worst service ever. I am furious and will call my lawyer!" });
    const [automatic] = await eventually(async () => {
      const rows = await escalationsOf(conversation.id);
      return rows.length > 0 ? rows : null;
    });
    expect(automatic).toMatchObject({ trigger: "sentiment", fromLevel: 1, toLevel: 2, escalatedBy: null });
    expect((await test.api.get(`/api/conversations/${conversation.id}`, { as: account.adminSession })).body.data.level).toBe(2);
  });

  it("escalates by itself on the second reopen", async () => {
    const identity = { kind: "email" as const, value: "reopener@example.test" };
    const conversation = await buildConversation(test, channel, { identity });
    for (let round = 1; round <= 2; round += 1) {
      await test.api.patch(`/api/conversations/${conversation.id}`, { as: account.adminSession, body: { status: "solved" } });
      const again = await buildConversation(test, channel, { identity, text: `Still broken (${round})` });
      expect(again.id).toBe(conversation.id);
    }
    const rows = await eventually(async () => {
      const list = await escalationsOf(conversation.id);
      return list.some((row: { trigger: string }) => row.trigger === "reopen") ? list : null;
    });
    expect(rows.filter((row: { trigger: string }) => row.trigger === "reopen")).toHaveLength(1);
  });

  it("escalates by itself on an SLA breach when the policy says so, once", async () => {
    const other = await buildAccount(test);
    const policy = (await test.api.get("/api/sla-policies", { as: other.adminSession })).body.data.find((row: { channelType: string | null }) => row.channelType === "chat");
    await test.api.patch(`/api/sla-policies/${policy.id}`, { as: other.adminSession, body: { measure: "calendar", firstResponseSeconds: 2, resolutionSeconds: null, autoEscalation: "on_breach" } });
    const chat = await buildChannel(test, other, "chat");
    const conversation = await buildConversation(test, chat, { identity: { kind: "chat_visitor", value: "visitor-1" } });
    const rows = await eventually(async () => {
      const list = (await test.api.get(`/api/conversations/${conversation.id}/escalations`, { as: other.adminSession })).body.data;
      return list.length > 0 ? list : null;
    }, 20_000);
    expect(rows).toEqual([expect.objectContaining({ trigger: "sla_breach", toLevel: 2, reason: "SLA breached (first response): escalated automatically." })]);
    expect(await countEvents(conversation.id, "conversation.sla_breached")).toBe(1);
  });
});
