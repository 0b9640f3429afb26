import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent, RealtimeServerFrame } from "../../../common/events.js";
import { buildAccount, buildAgent, buildApiChannel, buildChannel, buildConversation, eventually, type TestAccount } from "../../test/factories.js";
import { RealtimeClient } from "../../test/realtime-client.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

type Session = { cookie: string; csrfToken: string };

/** A listening app with the job workers on: routing runs through its durable subscribers. */
async function listeningApp(options: Parameters<typeof createTestApp>[0] = {}) {
  const test = await createTestApp(options);
  await test.app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = test.app.server.address() as AddressInfo;
  const sockets: RealtimeClient[] = [];
  const connect = async (session: Session) => {
    const client = await RealtimeClient.connect(`ws://127.0.0.1:${port}/api/realtime`, { origin: `http://127.0.0.1:${port}`, cookie: session.cookie });
    sockets.push(client);
    return client;
  };
  return { test, connect, close: async () => (await Promise.all(sockets.map((socket) => socket.close())), await test.close()) };
}

const eventNamed =
  <Name extends DomainEvent["name"]>(name: Name, matches: (event: DomainEvent<Name>) => boolean = () => true) =>
  (frame: RealtimeServerFrame) =>
    frame.type === "event" && frame.event.name === name && matches(frame.event as DomainEvent<Name>);

const presenceOf = (agentId: string, to: string) => eventNamed("agent.presence_changed", (event) => event.data.agent.id === agentId && event.data.to === to);

describe("routing API", () => {
  let app: Awaited<ReturnType<typeof listeningApp>>;
  let test: TestApp;
  let account: TestAccount;
  let supervisorSocket: RealtimeClient;

  beforeAll(async () => {
    app = await listeningApp();
    test = app.test;
    account = await buildAccount(test);
    supervisorSocket = await app.connect(account.adminSession);
  });
  afterAll(() => app?.close());

  const as = () => account.adminSession;
  const agentWithTeam = async (name: string, options: { maxOpenConversations?: number } = {}) => {
    const built = await buildAgent(test, account, { name });
    if (options.maxOpenConversations !== undefined) await test.api.patch(`/api/agents/${built.agent.id}`, { as: as(), body: { maxOpenConversations: options.maxOpenConversations } });
    return built;
  };

  it("keeps an agent online while any tab is open, and offline once the last one closes", async () => {
    const { agent, session } = await agentWithTeam("Tabs");
    const firstTab = await app.connect(session);
    await supervisorSocket.waitFor(presenceOf(agent.id, "online"));
    const secondTab = await app.connect(session);
    await firstTab.close();
    await secondTab.waitFor((frame) => frame.type === "ready");
    // The first tab's close has been handled once a later change of the same agent shows.
    await test.api.put("/api/presence", { as: session, body: { presence: "away" } });
    await supervisorSocket.waitFor(presenceOf(agent.id, "away"));
    await test.api.put("/api/presence", { as: session, body: { presence: "online" } });
    await supervisorSocket.waitFor(presenceOf(agent.id, "online"));
    expect((await test.api.get(`/api/agents/${agent.id}`, { as: as() })).body.data.presence).toBe("online");
    await secondTab.close();
    const offline = await supervisorSocket.waitFor<Extract<RealtimeServerFrame, { type: "event" }>>(presenceOf(agent.id, "offline"));
    expect(offline.event.data).toMatchObject({ from: "online", to: "offline", agent: { id: agent.id, presence: "offline" } });
  });

  it("manages ordered routing rules: create, insert at a position, change, reorder, delete", async () => {
    const team = (await test.api.post("/api/teams", { as: as(), body: { name: "Rules team" } })).body.data;
    const create = (body: object) => test.api.post("/api/routing-rules", { as: as(), body });
    const refunds = await create({ name: "Refunds", conditions: { keywords: ["refund"] }, actions: { teamId: team.id, priority: "high" } });
    expect(refunds.status).toBe(201);
    expect(refunds.body.data).toMatchObject({ position: 0, isEnabled: true, conditions: { keywords: ["refund"], channelTypes: [] }, actions: { teamId: team.id, priority: "high", level: null, tags: [], skills: [] } });
    const chats = await create({ name: "Chats", conditions: { channelTypes: ["chat"] }, actions: { level: 2 } });
    const first = await create({ name: "German first", position: 0, conditions: { languages: ["de"] }, actions: { tags: ["german"] } });
    const names = async () => (await test.api.get("/api/routing-rules", { as: as() })).body.data.map((rule: { name: string; position: number }) => `${rule.position}:${rule.name}`);
    expect(await names()).toEqual(["0:German first", "1:Refunds", "2:Chats"]);
    const changed = await test.api.patch(`/api/routing-rules/${chats.body.data.id}`, { as: as(), body: { isEnabled: false, name: "Chats (off)" } });
    expect(changed.body.data).toMatchObject({ isEnabled: false, name: "Chats (off)", conditions: { channelTypes: ["chat"] } });
    const reordered = await test.api.post("/api/routing-rules/reorder", { as: as(), body: { ruleIds: [chats.body.data.id, refunds.body.data.id, first.body.data.id] } });
    expect(reordered.status).toBe(200);
    expect(await names()).toEqual(["0:Chats (off)", "1:Refunds", "2:German first"]);
    const partial = await test.api.post("/api/routing-rules/reorder", { as: as(), body: { ruleIds: [chats.body.data.id] } });
    expect(partial.status).toBe(400);
    expect(partial.body.error.code).toBe("routing_rules_mismatch");
    const unknownTeam = await create({ name: "Nowhere", actions: { teamId: account.accountId } });
    expect(unknownTeam.body.error).toMatchObject({ code: "team_not_found" });
    expect((await test.api.delete(`/api/routing-rules/${refunds.body.data.id}`, { as: as() })).status).toBe(204);
    expect(await names()).toEqual(["0:Chats (off)", "1:German first"]);
    const { session } = await agentWithTeam("Not a manager");
    expect((await test.api.post("/api/routing-rules", { as: session, body: { name: "Mine", actions: {} } })).status).toBe(403);
    for (const rule of [chats, first]) await test.api.delete(`/api/routing-rules/${rule.body.data.id}`, { as: as() });
  });

  it("routes new conversations by rule, queues what does not fit and drains the queue when work is solved", async () => {
    const { agent, session } = await agentWithTeam("Solo", { maxOpenConversations: 1 });
    const team = (await test.api.post("/api/teams", { as: as(), body: { name: "Returns", memberIds: [agent.id] } })).body.data;
    const settings = await test.api.put(`/api/teams/${team.id}/assignment`, { as: as(), body: { strategy: "round_robin", offerTimeoutSeconds: 20 } });
    expect(settings.body.data).toEqual({ teamId: team.id, strategy: "round_robin", offerTimeoutSeconds: 20 });
    const rule = await test.api.post("/api/routing-rules", { as: as(), body: { name: "Returns", conditions: { keywords: ["return"] }, actions: { teamId: team.id, tags: ["returns"] } } });
    await app.connect(session);
    await supervisorSocket.waitFor(presenceOf(agent.id, "online"));
    const { channel, inboundToken } = await buildApiChannel(test, account);
    const send = async (externalId: string) =>
      (await test.api.post(`/api/channels/${channel.id}/messages`, { as: { bearer: inboundToken }, body: { externalId, customer: { identifier: externalId }, text: "I want to return my shoes" } })).body.data.conversationId as string;
    const first = await send("return-1");
    const assigned = await eventually(async () => {
      const conversation = (await test.api.get(`/api/conversations/${first}`, { as: as() })).body.data;
      return conversation.assignee?.id === agent.id ? conversation : null;
    });
    expect(assigned).toMatchObject({ teamId: team.id, tags: ["returns"], statusKind: "open" });
    const second = await send("return-2");
    await eventually(async () => (await test.api.get(`/api/conversations/${second}/assignment-decisions`, { as: as() })).body.data.length > 0);
    const queue = await test.api.get(`/api/teams/${team.id}/queue`, { as: as() });
    expect(queue.body.data.map((item: { conversation: { id: string }; position: number }) => [item.conversation.id, item.position])).toEqual([[second, 1]]);
    const board = await test.api.get("/api/routing/board", { as: as() });
    expect(board.body.data.teams.find((row: { id: string }) => row.id === team.id)).toMatchObject({ waiting: 1, strategy: "round_robin", oldestQueuedAt: expect.any(String) });
    expect(board.body.data.agents.find((row: { id: string }) => row.id === agent.id)).toMatchObject({ presence: "online", openConversations: 1, maxOpenConversations: 1, teamIds: [team.id] });
    expect((await test.api.get("/api/routing/board", { as: session })).status).toBe(403);

    await test.api.patch(`/api/conversations/${first}`, { as: session, body: { status: "solved" } });
    await eventually(async () => (await test.api.get(`/api/conversations/${second}`, { as: as() })).body.data.assignee?.id === agent.id);
    const decisions = (await test.api.get(`/api/conversations/${second}/assignment-decisions`, { as: as() })).body.data;
    expect(decisions.map((decision: { outcome: string; explanation: { reason: string } }) => [decision.outcome, decision.explanation.reason])).toEqual([
      ["queued", "no_agent_available"],
      ["assigned", "round_robin"],
    ]);
    expect(decisions[1].explanation.summary).toBe("round robin, level 1, 0 of 1 open conversations");
    await test.api.delete(`/api/routing-rules/${rule.body.data.id}`, { as: as() });
  });

  it("offers a chat to the agent's app live, moves on when declined or when the timer fires, and assigns on accept", async () => {
    const ann = await agentWithTeam("Ann");
    const ben = await agentWithTeam("Ben");
    const team = (await test.api.post("/api/teams", { as: as(), body: { name: "Live chat", memberIds: [ann.agent.id, ben.agent.id] } })).body.data;
    await test.api.put(`/api/teams/${team.id}/assignment`, { as: as(), body: { strategy: "round_robin", offerTimeoutSeconds: 60 } });
    const sockets = { [ann.agent.id]: await app.connect(ann.session), [ben.agent.id]: await app.connect(ben.session) };
    for (const agent of [ann, ben]) await supervisorSocket.waitFor(presenceOf(agent.agent.id, "online"));
    const sessions = { [ann.agent.id]: ann.session, [ben.agent.id]: ben.session };
    const chat = await buildChannel(test, account, "chat");

    const conversation = await buildConversation(test, chat);
    await test.api.patch(`/api/conversations/${conversation.id}`, { as: as(), body: { teamId: team.id } });
    const offered = (agentId: string, from = 0) =>
      sockets[agentId]!.waitFor<Extract<RealtimeServerFrame, { type: "event" }>>(eventNamed("assignment.offered", (event) => event.data.offer.agentId === agentId && event.data.offer.conversation.id === conversation.id), 10_000, from);
    const firstOffer = (await Promise.race([offered(ann.agent.id), offered(ben.agent.id)])).event as DomainEvent<"assignment.offered">;
    const firstAgentId = firstOffer.data.offer.agentId;
    const otherAgentId = firstAgentId === ann.agent.id ? ben.agent.id : ann.agent.id;
    expect(firstOffer.data.offer).toMatchObject({ status: "pending", teamId: team.id, explanation: { reason: "round_robin", isRealTime: true } });
    const mine = await test.api.get("/api/offers", { as: sessions[firstAgentId]! });
    expect(mine.body.data.map((offer: { id: string }) => offer.id)).toEqual([firstOffer.data.offer.id]);
    expect((await test.api.post(`/api/offers/${firstOffer.data.offer.id}/accept`, { as: sessions[otherAgentId]! })).status).toBe(404);

    expect((await test.api.post(`/api/offers/${firstOffer.data.offer.id}/decline`, { as: sessions[firstAgentId]! })).status).toBe(204);
    const secondOffer = (await offered(otherAgentId)).event as DomainEvent<"assignment.offered">;
    // The timer fires: make the stored job due now instead of waiting a minute.
    await test.connection.executeSql("update pgboss.job set start_after = now() where singleton_key = $1", [secondOffer.data.offer.id]);
    await sockets[otherAgentId]!.waitFor(eventNamed("assignment.offer_closed", (event) => event.data.offer.id === secondOffer.data.offer.id && event.data.offer.status === "expired"));
    expect((await test.api.post(`/api/offers/${secondOffer.data.offer.id}/accept`, { as: sessions[otherAgentId]! })).body.error.code).toBe("offer_closed");
    // Both passed: it waits in the team queue until one of them takes it.
    expect((await test.api.get(`/api/teams/${team.id}/queue`, { as: as() })).body.data.map((item: { conversation: { id: string } }) => item.conversation.id)).toEqual([conversation.id]);

    const next = await buildConversation(test, chat);
    await test.api.patch(`/api/conversations/${next.id}`, { as: as(), body: { teamId: team.id } });
    const nextOffer = await eventually(async () => (await test.api.get("/api/offers", { as: sessions[firstAgentId]! })).body.data.find((offer: { conversation: { id: string } }) => offer.conversation.id === next.id) ?? (await test.api.get("/api/offers", { as: sessions[otherAgentId]! })).body.data.find((offer: { conversation: { id: string } }) => offer.conversation.id === next.id));
    const accepted = await test.api.post(`/api/offers/${nextOffer.id}/accept`, { as: sessions[nextOffer.agentId]! });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data).toMatchObject({ id: next.id, assignee: { id: nextOffer.agentId }, statusKind: "open" });
    expect((await test.api.post(`/api/offers/${nextOffer.id}/accept`, { as: sessions[nextOffer.agentId]! })).status).toBe(409);
  });

  it("lets a key account's account manager be set, but only to an agent of the account", async () => {
    const { agent } = await agentWithTeam("Key account manager");
    const customer = (await test.api.post("/api/customers", { as: as(), body: { name: "Key Corp", accountManagerId: agent.id } })).body.data;
    expect(customer.accountManagerId).toBe(agent.id);
    const other = await buildAccount(test);
    const refused = await test.api.patch(`/api/customers/${customer.id}`, { as: as(), body: { accountManagerId: other.admin.id } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ field: "body.accountManagerId" })]);
    expect((await test.api.patch(`/api/customers/${customer.id}`, { as: as(), body: { accountManagerId: null } })).body.data.accountManagerId).toBeNull();
  });
});

describe("presence after inactivity", () => {
  let app: Awaited<ReturnType<typeof listeningApp>>;
  beforeAll(async () => {
    app = await listeningApp({ environment: { AGENT_AWAY_AFTER_SECONDS: "1" }, runtime: { realtime: { heartbeatMs: 100 } } });
  });
  afterAll(() => app?.close());

  it("turns an idle agent away and back online on activity", async () => {
    const account = await buildAccount(app.test);
    const watcher = await app.connect(account.adminSession);
    const { agent, session } = await buildAgent(app.test, account, { name: "Idle" });
    const tab = await app.connect(session);
    await watcher.waitFor(presenceOf(agent.id, "online"));
    await watcher.waitFor(presenceOf(agent.id, "away"));
    const seen = watcher.frames.length;
    tab.send({ type: "activity" });
    await watcher.waitFor(presenceOf(agent.id, "online"), 10_000, seen);
  });
});
