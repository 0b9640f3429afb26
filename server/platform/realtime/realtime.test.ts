import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RealtimeServerFrame } from "../../../common/events.js";
import type { ChannelRow, ConversationRow } from "../db/rows.js";
import { buildAccount, buildAgent, buildChannel, buildConversation, type TestAccount } from "../../test/factories.js";
import { RealtimeClient, RealtimeRefusedError } from "../../test/realtime-client.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

type PresenceFrame = Extract<RealtimeServerFrame, { type: "presence" }>;
type Session = { cookie: string; csrfToken: string };

class PlannedRollback extends Error {}

/** A listening app and a way to open sockets on it as a given agent. */
async function listeningApp(options: Parameters<typeof createTestApp>[0] = {}) {
  const test = await createTestApp(options);
  await test.app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = test.app.server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const sockets: RealtimeClient[] = [];
  const connect = async (session: Session | null, headers: Record<string, string> = {}) => {
    const client = await RealtimeClient.connect(`ws://127.0.0.1:${port}/api/realtime`, { origin, ...(session ? { cookie: session.cookie } : {}), ...headers });
    sockets.push(client);
    return client;
  };
  const close = async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await test.close();
  };
  return { test, connect, close };
}

const refusal = (attempt: Promise<unknown>) =>
  attempt.then(
    () => {
      throw new Error("the upgrade was accepted");
    },
    (error: unknown) => {
      if (!(error instanceof RealtimeRefusedError)) throw error;
      return { status: error.status, body: JSON.parse(error.body) as { error: { code: string } }, isClosedByServer: error.isClosedByServer };
    },
  );

const presenceOn = (conversationId: string) => (frame: RealtimeServerFrame) => frame.type === "presence" && frame.conversationId === conversationId;

describe("realtime WebSocket", () => {
  let app: Awaited<ReturnType<typeof listeningApp>>;
  let test: TestApp;
  let account: TestAccount;
  let colleague: Awaited<ReturnType<typeof buildAgent>>;
  let otherAccount: TestAccount;
  let channel: ChannelRow;
  let otherChannel: ChannelRow;
  let otherAccountSocket: RealtimeClient;

  beforeAll(async () => {
    app = await listeningApp();
    test = app.test;
    account = await buildAccount(test);
    colleague = await buildAgent(test, account, { name: "Chris Colleague" });
    otherAccount = await buildAccount(test);
    channel = await buildChannel(test, account, "email");
    otherChannel = await buildChannel(test, otherAccount, "email");
    // Listens for the whole file: at the end it must have seen nothing of the first account.
    otherAccountSocket = await app.connect(otherAccount.adminSession);
    await otherAccountSocket.waitFor((frame) => frame.type === "ready");
  });

  afterAll(() => app?.close());

  it("refuses a foreign origin, a missing session and an ended session", async () => {
    const foreign = await refusal(app.connect(account.adminSession, { origin: "https://attacker.example" }));
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe("forbidden");

    const anonymous = await refusal(app.connect(null));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthenticated");

    const forged = await refusal(app.connect({ cookie: "caredesk_session=not-a-session", csrfToken: "" }));
    expect(forged.status).toBe(401);

    // A refused upgrade must not leave its socket open on the server (it would also hold up shutdown).
    expect(await Promise.all([foreign, anonymous, forged].map((refused) => refused.isClosedByServer))).toEqual([true, true, true]);
  });

  it("greets with ready, then pushes the account's committed events with the presenters' output", async () => {
    const socket = await app.connect(account.adminSession);
    expect(await socket.waitFor((frame) => frame.type === "ready")).toEqual({ type: "ready", agentId: account.admin.id });

    const conversation = await buildConversation(test, channel, { text: "My order never arrived." });
    const created = await socket.waitForEvent("conversation.created", (event) => event.conversationId === conversation.id);
    expect(created).toMatchObject({ accountId: account.accountId, actor: { type: "channel", id: channel.id }, data: { conversation: { id: conversation.id, statusKind: "new" } } });
    await socket.waitForEvent("message.created", (event) => event.conversationId === conversation.id);

    const reply = await test.api.post(`/api/conversations/${conversation.id}/messages`, { as: colleague.session, body: { text: "Let me check that for you." } });
    expect(reply.status).toBe(201);
    const replied = await socket.waitForEvent("message.created", (event) => event.name === "message.created" && event.data.message.id === reply.body.data.id);
    expect(replied).toMatchObject({ accountId: account.accountId, conversationId: conversation.id, actor: { type: "agent", id: colleague.agent.id } });
    expect((replied as Extract<typeof replied, { name: "message.created" }>).data.message).toEqual(reply.body.data);
    await socket.waitForEvent("conversation.status_changed", (event) => event.conversationId === conversation.id);

    const assigned = await test.api.patch(`/api/conversations/${conversation.id}`, { as: account.adminSession, body: { assigneeId: colleague.agent.id } });
    expect(assigned.status).toBe(200);
    const assignment = await socket.waitForEvent("conversation.assigned", (event) => event.conversationId === conversation.id);
    expect(assignment.data).toMatchObject({ conversation: { id: conversation.id, assignee: { id: colleague.agent.id, name: "Chris Colleague" } }, previousAssigneeId: null });
  });

  it("pushes an event only after its transaction commits, and never one that rolled back", async () => {
    const socket = await app.connect(account.adminSession);
    await socket.waitFor((frame) => frame.type === "ready");
    const isAbout = (text: string) => (frame: RealtimeServerFrame) => frame.type === "event" && frame.event.name === "message.created" && frame.event.data.message.text === text;
    const inbound = (text: string) => ({
      externalId: `realtime-${text}`,
      customer: { identities: [{ kind: "email" as const, value: `${text}@example.test` }], name: "Robin", language: "en" },
      subject: null,
      text,
      html: null,
      attachments: [],
      sentAt: null,
    });

    const framesBefore = socket.frames.length;
    let framesSeenInsideTransaction: RealtimeServerFrame[] = [];
    await test.services.deps.db.transaction(async (tx) => {
      await test.services.ingest.accept(tx, channel, inbound("committed-later"));
      await tx.execute("select 1");
      framesSeenInsideTransaction = socket.frames.slice(framesBefore);
    });
    expect(framesSeenInsideTransaction.filter(isAbout("committed-later"))).toEqual([]);
    await socket.waitFor(isAbout("committed-later"));

    await expect(
      test.services.deps.db.transaction(async (tx) => {
        await test.services.ingest.accept(tx, channel, inbound("rolled-back"));
        throw new PlannedRollback("undo");
      }),
    ).rejects.toBeInstanceOf(PlannedRollback);
    // Notifications reach a listener in commit order: once a later commit has arrived, an
    // event of the rolled-back transaction would have arrived before it.
    await test.services.deps.db.transaction((tx) => test.services.ingest.accept(tx, channel, inbound("committed-after-rollback")));
    await socket.waitFor(isAbout("committed-after-rollback"));
    expect(socket.frames.filter(isAbout("rolled-back"))).toEqual([]);
    expect(socket.frames.filter((frame) => frame.type === "event" && JSON.stringify(frame.event).includes("rolled-back"))).toEqual([]);
  });

  it("shares presence between agents of the account: viewing, typing, left, and gone when the socket closes", async () => {
    const conversation = await buildConversation(test, channel);
    const watcher = await app.connect(colleague.session);
    await watcher.waitFor((frame) => frame.type === "ready");
    const viewer = await app.connect(account.adminSession);
    await viewer.waitFor((frame) => frame.type === "ready");
    const admin = { id: account.admin.id, name: account.admin.name };

    viewer.send({ type: "presence", conversationId: conversation.id, state: "viewing" });
    const viewing = await watcher.waitFor<PresenceFrame>((frame) => presenceOn(conversation.id)(frame) && (frame as PresenceFrame).agents.length > 0);
    expect(viewing.agents).toEqual([{ ...admin, state: "viewing" }]);

    // Someone who connects later is told who is already there.
    const latecomer = await app.connect(colleague.session);
    const snapshot = await latecomer.waitFor<PresenceFrame>(presenceOn(conversation.id));
    expect(snapshot.agents).toEqual([{ ...admin, state: "viewing" }]);

    let from = watcher.frames.length;
    viewer.send({ type: "presence", conversationId: conversation.id, state: "typing" });
    const typing = await watcher.waitFor<PresenceFrame>(presenceOn(conversation.id), 10_000, from);
    expect(typing.agents).toEqual([{ ...admin, state: "typing" }]);

    from = watcher.frames.length;
    viewer.send({ type: "presence", conversationId: conversation.id, state: "left" });
    const left = await watcher.waitFor<PresenceFrame>(presenceOn(conversation.id), 10_000, from);
    expect(left.agents).toEqual([]);

    viewer.send({ type: "presence", conversationId: conversation.id, state: "viewing" });
    await watcher.waitFor<PresenceFrame>((frame) => presenceOn(conversation.id)(frame) && (frame as PresenceFrame).agents.length === 1, 10_000, from);
    from = watcher.frames.length;
    await viewer.close();
    const gone = await watcher.waitFor<PresenceFrame>(presenceOn(conversation.id), 10_000, from);
    expect(gone.agents).toEqual([]);
  });

  it("keeps an agent present while another tab of theirs still has the conversation open", async () => {
    const conversation = await buildConversation(test, channel);
    const watcher = await app.connect(colleague.session);
    await watcher.waitFor((frame) => frame.type === "ready");
    const firstTab = await app.connect(account.adminSession);
    const secondTab = await app.connect(account.adminSession);
    await Promise.all([firstTab.waitFor((frame) => frame.type === "ready"), secondTab.waitFor((frame) => frame.type === "ready")]);
    firstTab.send({ type: "presence", conversationId: conversation.id, state: "viewing" });
    secondTab.send({ type: "presence", conversationId: conversation.id, state: "viewing" });
    await watcher.waitFor<PresenceFrame>((frame) => presenceOn(conversation.id)(frame) && (frame as PresenceFrame).agents.length === 1);

    const from = watcher.frames.length;
    await firstTab.close();
    // Presence frames arrive in order: had the closed tab announced "left", the empty list would come before this.
    secondTab.send({ type: "presence", conversationId: conversation.id, state: "typing" });
    const typing = await watcher.waitFor<PresenceFrame>((frame) => presenceOn(conversation.id)(frame) && (frame as PresenceFrame).agents[0]?.state === "typing", 10_000, from);
    const between = watcher.frames.slice(from, watcher.frames.indexOf(typing)).filter(presenceOn(conversation.id)) as PresenceFrame[];
    expect(between.filter((frame) => frame.agents.length === 0)).toEqual([]);
    expect(typing.agents).toEqual([{ id: account.admin.id, name: account.admin.name, state: "typing" }]);
  });

  it("answers a plain GET without an upgrade with 426 websocket_required", async () => {
    const response = await test.api.get("/api/realtime", { as: account.adminSession });
    expect(response.status).toBe(426);
    expect(response.body.error.code).toBe("websocket_required");
  });

  it("answers an invalid frame with an error frame and keeps the connection", async () => {
    const conversation = await buildConversation(test, channel);
    const socket = await app.connect(account.adminSession);
    await socket.waitFor((frame) => frame.type === "ready");
    const invalidFrames = ["this is not json", { type: "presence", conversationId: "not-a-uuid", state: "viewing" }, { type: "presence", conversationId: conversation.id, state: "dancing" }, { type: "subscribe" }, [1, 2, 3]];
    for (const [index, frame] of invalidFrames.entries()) {
      socket.send(frame);
      await socket.waitFor((candidate) => candidate.type === "error" && socket.frames.filter((seen) => seen.type === "error").length === index + 1);
    }
    expect(socket.frames.filter((frame) => frame.type === "error")).toEqual(invalidFrames.map(() => ({ type: "error", code: "validation_failed", message: expect.any(String) })));
    expect(socket.isOpen).toBe(true);

    socket.send({ type: "ping" });
    socket.send({ type: "presence", conversationId: conversation.id, state: "viewing" });
    const presence = await socket.waitFor<PresenceFrame>(presenceOn(conversation.id));
    expect(presence.agents).toEqual([{ id: account.admin.id, name: account.admin.name, state: "viewing" }]);
  });

  it("gives an agent of another account none of those events or presence", async () => {
    const own = await buildConversation(test, otherChannel);
    await otherAccountSocket.waitForEvent("conversation.created", (event) => event.conversationId === own.id);
    const foreignFrames = otherAccountSocket.frames.filter(
      (frame) => (frame.type === "event" && frame.event.accountId !== otherAccount.accountId) || (frame.type === "presence" && frame.conversationId !== own.id),
    );
    expect(foreignFrames).toEqual([]);
    expect(otherAccountSocket.events.length).toBeGreaterThan(0);
  });
});

describe("realtime presence without heartbeat", () => {
  let app: Awaited<ReturnType<typeof listeningApp>>;
  let account: TestAccount;
  let conversation: ConversationRow;

  beforeAll(async () => {
    app = await listeningApp({ runtime: { realtime: { presenceTtlMs: { viewing: 300, typing: 300 }, presenceSweepMs: 50 } } });
    account = await buildAccount(app.test);
    conversation = await buildConversation(app.test, await buildChannel(app.test, account, "email"));
  });

  afterAll(() => app?.close());

  it("expires when the agent stops refreshing it", async () => {
    const socket = await app.connect(account.adminSession);
    await socket.waitFor((frame) => frame.type === "ready");
    socket.send({ type: "presence", conversationId: conversation.id, state: "viewing" });
    const present = await socket.waitFor<PresenceFrame>(presenceOn(conversation.id));
    expect(present.agents).toEqual([{ id: account.admin.id, name: account.admin.name, state: "viewing" }]);
    const expired = await socket.waitFor<PresenceFrame>(presenceOn(conversation.id), 10_000, socket.frames.indexOf(present) + 1);
    expect(expired.agents).toEqual([]);
    expect(socket.isOpen).toBe(true);
  });
});
