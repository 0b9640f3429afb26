import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage, ChatServerFrame } from "../../../common/chat.js";
import type { RealtimeServerFrame } from "../../../common/events.js";
import type { ChannelRow } from "../../platform/db/rows.js";
import { ChatVisitorClient } from "../../test/chat-visitor-client.js";
import { buildAccount, buildAgent, buildApiChannel, eventually, type TestAccount } from "../../test/factories.js";
import { tinyPng } from "../../test/multipart.js";
import { RealtimeClient } from "../../test/realtime-client.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";
import { signIdentity, signIdentityToken } from "./identity-verification.js";

const SECRET = "a-very-long-identity-secret-of-the-shop-0123456789";
const SITE = "https://shop.example";

type Visitor = { token: string; id: string; ip: string };

let addressCount = 0;
/** Each visitor comes from an address of its own unless a test says otherwise (rate limits count per address). */
const nextAddress = () => {
  addressCount += 1;
  return `203.0.${Math.floor(addressCount / 250)}.${(addressCount % 250) + 1}`;
};

describe("website chat: visitor API and socket", () => {
  let test: TestApp;
  let account: TestAccount;
  let otherAccount: TestAccount;
  let channel: ChannelRow;
  let origin: string;
  let port: number;
  const clients: Array<ChatVisitorClient | RealtimeClient> = [];

  beforeAll(async () => {
    test = await createTestApp();
    await test.app.listen({ host: "127.0.0.1", port: 0 });
    port = (test.app.server.address() as AddressInfo).port;
    origin = `http://127.0.0.1:${port}`;
    account = await buildAccount(test);
    otherAccount = await buildAccount(test);
    channel = await createChatChannel(account, { allowedOrigins: [SITE] });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await test?.close();
  });

  async function createChatChannel(owner: TestAccount, settings: Record<string, unknown> = {}): Promise<ChannelRow> {
    const response = await test.api.post("/api/channels", { as: owner.adminSession, body: { type: "chat", name: `Chat ${randomBytes(3).toString("hex")}`, settings } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return (await test.services.channels.get(owner.adminActor, response.body.data.channel.id))!;
  }

  async function startVisitor(channelId = channel.id, extra: Record<string, unknown> = {}, remoteAddress = nextAddress()): Promise<Visitor> {
    const response = await test.api.post("/api/widget/sessions", { body: { channelId, ...extra }, headers: { origin: SITE }, remoteAddress });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return { token: response.body.data.visitorToken, id: response.body.data.visitor.id, ip: remoteAddress };
  }

  const sendRest = (visitor: Visitor, text: string, clientMessageId: string = randomUUID(), remoteAddress = visitor.ip) =>
    test.api.post("/api/widget/messages", { as: { bearer: visitor.token }, body: { clientMessageId, text }, headers: { origin: SITE }, remoteAddress });

  async function socketOf(visitor: Visitor): Promise<ChatVisitorClient> {
    const client = new ChatVisitorClient(`ws://127.0.0.1:${port}/api/widget/socket`, visitor.token, SITE);
    clients.push(client);
    await client.connect();
    await client.waitFor((frame) => frame.type === "ready");
    return client;
  }

  async function agentSocket(session: { cookie: string }): Promise<RealtimeClient> {
    const client = await RealtimeClient.connect(`ws://127.0.0.1:${port}/api/realtime`, { origin, cookie: session.cookie });
    clients.push(client);
    await client.waitFor((frame) => frame.type === "ready");
    return client;
  }

  const reply = (conversationId: string, text: string, as = account.adminSession) => test.api.post(`/api/conversations/${conversationId}/messages`, { as, body: { text } });

  describe("channel settings", () => {
    it("are validated with defaults, and the identity secret never leaves through the API", async () => {
      const created = await test.api.post("/api/channels", {
        as: account.adminSession,
        body: { type: "chat", name: "Shop chat", settings: { colors: { primary: "#ff0066" }, identityVerification: { secret: SECRET, isRequired: true } } },
      });
      expect(created.status).toBe(201);
      expect(created.body.data.channel.settings).toMatchObject({
        colors: { primary: "#ff0066", onPrimary: "#ffffff" },
        greeting: { en: expect.any(String), de: expect.any(String) },
        allowedOrigins: [],
        identityVerification: { secret: "********", isRequired: true },
        businessHoursId: null,
        rateLimits: { conversationsPerVisitorPerHour: 5, conversationsPerIpPerHour: 30 },
      });
      const id = created.body.data.channel.id;
      const renamed = await test.api.patch(`/api/channels/${id}`, { as: account.adminSession, body: { settings: { greeting: { en: "Hello there", de: "Hallo" }, identityVerification: { secret: "********", isRequired: true } } } });
      expect(renamed.status).toBe(200);
      expect(renamed.body.data.settings.greeting).toEqual({ en: "Hello there", de: "Hallo" });
      const stored = await test.services.channels.get(account.adminActor, id);
      expect((stored.settings.identityVerification as { secret: string }).secret).toBe(SECRET);
    });

    it("refuses bad colours, origins, a required verification without secret and another account's business hours", async () => {
      const hoursOfOther = await test.api.post("/api/business-hours", { as: otherAccount.adminSession, body: { name: "Other hours", timeZone: "UTC", weeklyHours: [] } });
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ colors: { primary: "red" } }, "validation_failed", "body.settings.colors.primary"],
        [{ allowedOrigins: ["not an origin"] }, "validation_failed", "body.settings.allowedOrigins.0"],
        [{ identityVerification: { isRequired: true } }, "validation_failed", "body.settings.identityVerification.isRequired"],
        [{ identityVerification: { secret: "short" } }, "validation_failed", "body.settings.identityVerification.secret"],
        [{ businessHoursId: hoursOfOther.body.data.id }, "business_hours_not_found", "body.settings.businessHoursId"],
      ];
      for (const [settings, code, field] of cases) {
        const response = await test.api.post("/api/channels", { as: account.adminSession, body: { type: "chat", name: "Broken", settings } });
        expect(response.status, JSON.stringify(settings)).toBe(400);
        expect(response.body.error.code).toBe(code);
        expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
      }
    });
  });

  describe("widget configuration and CORS", () => {
    it("tells any allowed page the colours, greeting and availability", async () => {
      const response = await test.api.get(`/api/widget/config?channelId=${channel.id}`, { headers: { origin: SITE } });
      expect(response.status).toBe(200);
      expect(response.headers["access-control-allow-origin"]).toBe(SITE);
      expect(response.body.data).toMatchObject({
        channelId: channel.id,
        colors: { primary: "#1c7ed6", onPrimary: "#ffffff" },
        greeting: { en: "Hi! How can we help you today?", de: "Hallo! Wie können wir Ihnen helfen?" },
        isIdentityRequired: false,
        availability: { isOpen: expect.any(Boolean), isAgentOnline: expect.any(Boolean), shouldAskForEmail: expect.any(Boolean) },
      });
    });

    it("refuses pages of other sites, answers preflights, and hides unknown or disabled channels", async () => {
      const foreign = await test.api.get(`/api/widget/config?channelId=${channel.id}`, { headers: { origin: "https://attacker.example" } });
      expect(foreign.status).toBe(403);
      expect(foreign.body.error.code).toBe("chat_origin_forbidden");
      const foreignSession = await test.api.post("/api/widget/sessions", { body: { channelId: channel.id }, headers: { origin: "https://attacker.example" } });
      expect(foreignSession.body.error.code).toBe("chat_origin_forbidden");
      // Caredesk's own pages (the demo page) may always embed the widget.
      expect((await test.api.get(`/api/widget/config?channelId=${channel.id}`, { headers: { origin: "http://localhost:3000" } })).status).toBe(200);
      const preflight = await test.app.inject({ method: "OPTIONS", url: "/api/widget/messages", headers: { origin: SITE, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" } });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers["access-control-allow-origin"]).toBe(SITE);
      expect(preflight.headers["access-control-allow-headers"]).toContain("authorization");
      expect((await test.api.get(`/api/widget/config?channelId=${randomUUID()}`)).body.error.code).toBe("channel_not_found");
      const { channel: apiChannel } = await buildApiChannel(test, account);
      expect((await test.api.get(`/api/widget/config?channelId=${apiChannel.id}`)).status).toBe(404);
      const disabled = await createChatChannel(account);
      await test.api.patch(`/api/channels/${disabled.id}`, { as: account.adminSession, body: { isEnabled: false } });
      expect((await test.api.post("/api/widget/sessions", { body: { channelId: disabled.id } })).status).toBe(404);
    });
  });

  describe("sessions, messages and history", () => {
    it("starts a session, resumes it by token, and refuses unknown tokens", async () => {
      const visitor = await startVisitor();
      expect(visitor.token).toMatch(/^cdw_/);
      const resumed = await test.api.post("/api/widget/sessions", { body: { channelId: channel.id, visitorToken: visitor.token }, headers: { origin: SITE } });
      expect(resumed.status).toBe(200);
      expect(resumed.body.data).toMatchObject({ visitor: { id: visitor.id, isVerified: false }, visitorToken: null, conversations: [] });
      const unknown = await test.api.get("/api/widget/conversations", { as: { bearer: "cdw_not-a-token" }, headers: { origin: SITE } });
      expect(unknown.status).toBe(401);
      expect(unknown.body.error.code).toBe("chat_visitor_token_invalid");
      expect((await test.api.get("/api/widget/conversations", { headers: { origin: SITE } })).body.error.code).toBe("chat_visitor_token_invalid");
    });

    it("delivers a message through ingest to the agents, idempotently by clientMessageId, and shows it in the history", async () => {
      const visitor = await startVisitor();
      const agentApp = await agentSocket(account.adminSession);
      const clientMessageId = randomUUID();
      const first = await sendRest(visitor, "Where is my parcel?", clientMessageId);
      expect(first.status).toBe(201);
      expect(first.body.data).toMatchObject({ seq: 1, message: { text: "Where is my parcel?", direction: "in", authorType: "customer", seq: 1, clientMessageId } });
      const again = await sendRest(visitor, "Where is my parcel?", clientMessageId);
      expect(again.status).toBe(201);
      expect(again.body.data).toEqual(first.body.data);
      const conversationId = first.body.data.conversationId;
      const created = await agentApp.waitForEvent("message.created", (event) => event.conversationId === conversationId);
      expect(created.actor).toEqual({ type: "channel", id: channel.id });
      const messages = await test.api.get(`/api/conversations/${conversationId}/messages`, { as: account.adminSession });
      expect(messages.body.data.map((message: { text: string }) => message.text)).toEqual(["Where is my parcel?"]);
      const conversation = await test.api.get(`/api/conversations/${conversationId}`, { as: account.adminSession });
      expect(conversation.body.data).toMatchObject({ channel: { id: channel.id }, subject: "Where is my parcel?" });

      const answer = await reply(conversationId, "It leaves the warehouse today.");
      expect(answer.status).toBe(201);
      const note = await test.api.post(`/api/conversations/${conversationId}/messages`, { as: account.adminSession, body: { text: "Internal: VIP", isNote: true } });
      expect(note.status).toBe(201);
      await eventually(async () => (await test.api.get(`/api/conversations/${conversationId}/messages`, { as: account.adminSession })).body.data.find((message: { id: string; deliveryStatus: string }) => message.id === answer.body.data.id && message.deliveryStatus === "sent"));
      const history = await test.api.get("/api/widget/conversations", { as: { bearer: visitor.token }, headers: { origin: SITE } });
      expect(history.status).toBe(200);
      expect(history.body.data).toEqual([
        {
          id: conversationId,
          status: "active",
          messages: [
            expect.objectContaining({ seq: 1, text: "Where is my parcel?", direction: "in", authorName: null }),
            expect.objectContaining({ seq: 2, text: "It leaves the warehouse today.", direction: "out", authorType: "agent", authorName: "Admin", clientMessageId: null }),
          ],
        },
      ]);
      expect(JSON.stringify(history.body)).not.toContain("Internal: VIP");
    });

    it("takes an attachment, sniffs its type and serves it by a link signed for the visitor only", async () => {
      const visitor = await startVisitor();
      const other = await startVisitor();
      await sendRest(other, "I am someone else");
      const upload = multipartWithFields({ clientMessageId: "upload-1", text: "Here is the photo" }, "photo.jpg", tinyPng);
      const response = await test.api.post("/api/widget/attachments", { as: { bearer: visitor.token }, body: upload.body, headers: { ...upload.headers, origin: SITE } });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const attachment = response.body.data.message.attachments[0];
      expect(attachment).toMatchObject({ fileName: "photo.jpg", contentType: "image/png", byteSize: tinyPng.byteLength });
      const download = await test.api.get(attachment.url);
      expect(download.status).toBe(200);
      expect(download.headers["content-type"]).toBe("image/png");
      const tampered = await test.api.get(attachment.url.replace(/signature=[^&]+/, "signature=forged"));
      expect(tampered.status).toBe(404);
      expect(tampered.body.error.code).toBe("attachment_not_found");
      const asOther = await test.api.get(attachment.url.replace(visitor.id, other.id));
      expect(asOther.status).toBe(404);
      const empty = await test.api.post("/api/widget/messages", { as: { bearer: visitor.token }, body: { clientMessageId: "empty", text: "   " }, headers: { origin: SITE } });
      expect(empty.status).toBe(400);
      expect(empty.body.error.code).toBe("validation_failed");
    });
  });

  describe("the visitor socket", () => {
    it("pushes replies live and, after a dropped connection, replays exactly what was missed", async () => {
      const visitor = await startVisitor();
      const client = await socketOf(visitor);
      client.send({ type: "send", clientMessageId: "m-1", text: "Hello, anyone there?" });
      const sent = await client.waitFor<Extract<ChatServerFrame, { type: "sent" }>>((frame) => frame.type === "sent" && frame.clientMessageId === "m-1");
      expect(sent.seq).toBe(1);
      const conversationId = sent.conversationId!;
      await client.waitForText("Hello, anyone there?");
      await reply(conversationId, "Yes, Admin here.");
      await client.waitForText("Yes, Admin here.");

      client.drop();
      // While the visitor is away: two replies, and a message the visitor's other tab sends.
      await reply(conversationId, "Are you still there?");
      await reply(conversationId, "I will wait.");
      const historyLength = async () => (await test.api.get("/api/widget/conversations", { as: { bearer: visitor.token }, headers: { origin: SITE } })).body.data[0]?.messages.length;
      // Replies take their place in the transcript when delivered: wait, so the order below is fixed.
      await eventually(async () => (await historyLength()) === 4);
      expect((await sendRest(visitor, "Sent from my other tab")).status).toBe(201);

      const from = client.frames.length;
      await client.connect();
      await client.waitForText("I will wait.");
      await client.waitForText("Sent from my other tab");
      // The same send again (the widget retries what it did not see acknowledged): nothing new.
      client.send({ type: "send", clientMessageId: "m-1", text: "Hello, anyone there?" });
      const resent = await client.waitFor<Extract<ChatServerFrame, { type: "sent" }>>((frame) => frame.type === "sent" && frame.clientMessageId === "m-1", 10_000, from);
      expect(resent.seq).toBe(1);
      client.send({ type: "send", clientMessageId: "m-2", text: "Thanks!" });
      await client.waitForText("Thanks!");

      const replayed = client.frames.slice(from).flatMap((frame) => (frame.type === "message" ? [frame.message.seq] : []));
      expect(replayed).toEqual([3, 4, 5, 6]);
      expect(client.transcript.map((message: ChatMessage) => [message.seq, message.text])).toEqual([
        [1, "Hello, anyone there?"],
        [2, "Yes, Admin here."],
        [3, "Are you still there?"],
        [4, "I will wait."],
        [5, "Sent from my other tab"],
        [6, "Thanks!"],
      ]);
      // Every message frame on the socket was new: nothing was sent twice.
      const seen = client.messageFrames().map((message) => message.seq);
      expect(seen).toEqual([...new Set(seen)]);
      const messages = await test.api.get(`/api/conversations/${conversationId}/messages`, { as: account.adminSession });
      expect(messages.body.data.map((message: { text: string }) => message.text)).toEqual(client.transcript.map((message) => message.text));
    });

    it("replays a new widget's whole open conversation, and answers invalid frames and tokens with errors", async () => {
      const visitor = await startVisitor();
      await sendRest(visitor, "First");
      await sendRest(visitor, "Second");
      const client = await socketOf(visitor);
      await client.waitForText("Second");
      expect(client.transcript.map((message) => message.text)).toEqual(["First", "Second"]);
      client.send("not json");
      await client.waitFor((frame) => frame.type === "error" && frame.code === "validation_failed");
      expect(client.isOpen).toBe(true);

      const stranger = new ChatVisitorClient(`ws://127.0.0.1:${port}/api/widget/socket`, "cdw_forged", SITE);
      clients.push(stranger);
      await stranger.connect();
      const refused = await stranger.waitFor((frame) => frame.type === "error");
      expect(refused).toMatchObject({ code: "chat_visitor_token_invalid" });
    });

    it("shows the visitor's typing to agents and an agent's typing to the visitor", async () => {
      const visitor = await startVisitor();
      const first = await sendRest(visitor, "Typing test");
      const conversationId = first.body.data.conversationId;
      const client = await socketOf(visitor);
      await client.waitForText("Typing test");
      const agentApp = await agentSocket(account.adminSession);
      client.send({ type: "typing", isTyping: true });
      await agentApp.waitFor((frame: RealtimeServerFrame) => frame.type === "customer_typing" && frame.conversationId === conversationId && frame.isTyping);
      client.send({ type: "typing", isTyping: false });
      await agentApp.waitFor((frame: RealtimeServerFrame) => frame.type === "customer_typing" && frame.conversationId === conversationId && !frame.isTyping);
      // The same by HTTP, for widgets without a socket.
      const from = agentApp.frames.length;
      const typingByHttp = await test.api.post("/api/widget/typing", { as: { bearer: visitor.token }, body: { isTyping: true }, headers: { origin: SITE } });
      expect(typingByHttp.status).toBe(204);
      await agentApp.waitFor((frame: RealtimeServerFrame) => frame.type === "customer_typing" && frame.conversationId === conversationId && frame.isTyping, 10_000, from);

      agentApp.send({ type: "presence", conversationId, state: "typing" });
      const typing = await client.waitFor<Extract<ChatServerFrame, { type: "typing" }>>((frame) => frame.type === "typing" && frame.isTyping);
      expect(typing).toEqual({ type: "typing", conversationId, isTyping: true, name: "Admin" });
      agentApp.send({ type: "presence", conversationId, state: "viewing" });
      await client.waitFor((frame) => frame.type === "typing" && !frame.isTyping);
    });
  });

  describe("identity verification", () => {
    let verifiedChannel: ChannelRow;
    let requiredChannel: ChannelRow;

    beforeAll(async () => {
      verifiedChannel = await createChatChannel(account, { identityVerification: { secret: SECRET, isRequired: false } });
      requiredChannel = await createChatChannel(account, { identityVerification: { secret: SECRET, isRequired: true } });
    });

    it("attaches a visitor with a valid HMAC to the known customer, and a JWT alike", async () => {
      const { inboundToken, channel: apiChannel } = await buildApiChannel(test, account);
      const known = await test.api.post(`/api/channels/${apiChannel.id}/messages`, {
        as: { bearer: inboundToken },
        body: { externalId: "shop-1", customer: { identifier: "user-42", email: "kim@example.com", name: "Kim" }, text: "Order question" },
      });
      const knownCustomerId = (await test.api.get(`/api/conversations/${known.body.data.conversationId}`, { as: account.adminSession })).body.data.customer.id;

      const identity = { userId: "user-42", email: "kim@example.com", name: "Kim" };
      const visitor = await startVisitor(verifiedChannel.id, { identity: { ...identity, signature: signIdentity(SECRET, identity) } });
      const sent = await sendRest(visitor, "Hi, it's Kim");
      expect(sent.status).toBe(201);
      const conversation = await test.api.get(`/api/conversations/${sent.body.data.conversationId}`, { as: account.adminSession });
      expect(conversation.body.data.customer.id).toBe(knownCustomerId);

      const jwtVisitor = await startVisitor(verifiedChannel.id, { identity: { token: signIdentityToken(SECRET, { sub: "user-42", exp: Math.floor(Date.now() / 1000) + 600 }) } });
      const session = await test.api.post("/api/widget/sessions", { body: { channelId: verifiedChannel.id, visitorToken: jwtVisitor.token }, headers: { origin: SITE } });
      expect(session.body.data.visitor.isVerified).toBe(true);
      // A second device of the same user sees the conversation.
      expect(session.body.data.conversations.map((item: { id: string }) => item.id)).toEqual([sent.body.data.conversationId]);
    });

    it("refuses a wrong signature, an expired or unsigned JWT, and unsigned visitors where it is required", async () => {
      const wrong = { userId: "user-42", signature: signIdentity("another-secret-that-is-long-enough-0000000", { userId: "user-42" }) };
      const invalidCases = [
        wrong,
        { userId: "user-43", signature: signIdentity(SECRET, { userId: "user-42" }) },
        { userId: "user-42", email: "mallory@example.com", signature: signIdentity(SECRET, { userId: "user-42" }) },
        { token: signIdentityToken(SECRET, { sub: "user-42", exp: Math.floor(Date.now() / 1000) - 10 }) },
        { token: `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify({ sub: "user-42" })).toString("base64url")}.` },
      ];
      for (const identity of invalidCases) {
        const response = await test.api.post("/api/widget/sessions", { body: { channelId: verifiedChannel.id, identity }, headers: { origin: SITE } });
        expect(response.status, JSON.stringify(identity)).toBe(401);
        expect(response.body.error.code).toBe("chat_identity_invalid");
      }
      const unsigned = await test.api.post("/api/widget/sessions", { body: { channelId: requiredChannel.id }, headers: { origin: SITE } });
      expect(unsigned.status).toBe(401);
      expect(unsigned.body.error).toMatchObject({ code: "chat_identity_required", message: expect.stringContaining("signed") });
      const signed = await startVisitor(requiredChannel.id, { identity: { userId: "user-77", signature: signIdentity(SECRET, { userId: "user-77" }) } });
      expect((await sendRest(signed, "Let me in")).status).toBe(201);
      // An anonymous session of the same browser is not enough either.
      const anonymous = await startVisitor(verifiedChannel.id);
      const reused = await test.api.post("/api/widget/sessions", { body: { channelId: requiredChannel.id, visitorToken: anonymous.token }, headers: { origin: SITE } });
      expect(reused.body.error.code).toBe("chat_identity_required");
    });
  });

  describe("rate limits", () => {
    it("limits new conversations per visitor and per address with 429 and the error JSON", async () => {
      const limited = await createChatChannel(account, { rateLimits: { conversationsPerVisitorPerHour: 1, conversationsPerIpPerHour: 2 } });
      const visitor = await startVisitor(limited.id, {}, "198.51.100.1");
      const first = await sendRest(visitor, "First conversation", randomUUID(), "198.51.100.1");
      expect(first.status).toBe(201);
      // Writing on in the same conversation is never limited.
      expect((await sendRest(visitor, "More details", randomUUID(), "198.51.100.1")).status).toBe(201);
      const closed = await test.api.patch(`/api/conversations/${first.body.data.conversationId}`, { as: account.adminSession, body: { status: "closed" } });
      expect(closed.status).toBe(200);
      const second = await sendRest(visitor, "A second conversation", randomUUID(), "198.51.100.1");
      expect(second.status).toBe(429);
      expect(second.body).toEqual({ error: { code: "rate_limited", message: expect.any(String), details: { retryAfterSeconds: expect.any(Number) } } });
      expect(second.headers["retry-after"]).toBeDefined();

      const fromSameAddress = await startVisitor(limited.id, {}, "198.51.100.1");
      expect((await sendRest(fromSameAddress, "Another visitor, same address", randomUUID(), "198.51.100.1")).status).toBe(201);
      const third = await startVisitor(limited.id, {}, "198.51.100.1");
      expect((await sendRest(third, "One too many", randomUUID(), "198.51.100.1")).status).toBe(429);
      const elsewhere = await startVisitor(limited.id, {}, "198.51.100.2");
      expect((await sendRest(elsewhere, "From another address", randomUUID(), "198.51.100.2")).status).toBe(201);
    });
  });

  describe("availability and email capture", () => {
    it("outside business hours asks for an email address, which becomes the customer's email identity", async () => {
      const closedHours = await test.api.post("/api/business-hours", { as: account.adminSession, body: { name: `Never open ${randomUUID()}`, timeZone: "UTC", weeklyHours: [] } });
      const afterHours = await createChatChannel(account, { businessHoursId: closedHours.body.data.id });
      const config = await test.api.get(`/api/widget/config?channelId=${afterHours.id}`);
      expect(config.body.data.availability).toMatchObject({ isOpen: false, shouldAskForEmail: true });
      const visitor = await startVisitor(afterHours.id);
      const sent = await sendRest(visitor, "Are you open on Sunday?");
      expect(sent.status).toBe(201);
      const email = await test.api.post("/api/widget/email", { as: { bearer: visitor.token }, body: { email: "Night.Owl@Example.com" }, headers: { origin: SITE } });
      expect(email.status).toBe(200);
      expect(email.body.data).toEqual({ email: "night.owl@example.com", isLinked: true });
      const conversation = await test.api.get(`/api/conversations/${sent.body.data.conversationId}`, { as: account.adminSession });
      const customer = await test.api.get(`/api/customers/${conversation.body.data.customer.id}`, { as: account.adminSession });
      expect(customer.body.data.identities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "email", value: "night.owl@example.com" })]));

      // An address of another customer is kept on the visitor, not taken over.
      const other = await startVisitor(afterHours.id);
      const taken = await test.api.post("/api/widget/email", { as: { bearer: other.token }, body: { email: "night.owl@example.com" }, headers: { origin: SITE } });
      expect(taken.body.data).toEqual({ email: "night.owl@example.com", isLinked: false });
      const invalid = await test.api.post("/api/widget/email", { as: { bearer: other.token }, body: { email: "nope" }, headers: { origin: SITE } });
      expect(invalid.status).toBe(400);
    });

    it("inside business hours depends on an agent being online", async () => {
      const alwaysOpen = await test.api.post("/api/business-hours", {
        as: otherAccount.adminSession,
        body: { name: "Always", timeZone: "UTC", weeklyHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "00:00", closes: "24:00" })) },
      });
      expect(alwaysOpen.status, JSON.stringify(alwaysOpen.body)).toBe(201);
      const staffed = await createChatChannel(otherAccount, { businessHoursId: alwaysOpen.body.data.id });
      const nobody = await test.api.get(`/api/widget/config?channelId=${staffed.id}`);
      expect(nobody.body.data.availability).toEqual({ isOpen: true, isAgentOnline: false, shouldAskForEmail: true });
      const agent = await buildAgent(test, otherAccount);
      const agentApp = await agentSocket(agent.session);
      const online = await test.api.get(`/api/widget/config?channelId=${staffed.id}`);
      expect(online.body.data.availability).toEqual({ isOpen: true, isAgentOnline: true, shouldAskForEmail: false });
      await agentApp.close();
      await eventually(async () => !(await test.api.get(`/api/widget/config?channelId=${staffed.id}`)).body.data.availability.isAgentOnline);
    });
  });

  describe("isolation", () => {
    it("a visitor token reads only its own conversations, never another visitor's, channel's or account's", async () => {
      const otherChannel = await createChatChannel(otherAccount);
      const mine = await startVisitor();
      const neighbour = await startVisitor();
      const foreign = await startVisitor(otherChannel.id);
      const secret = await sendRest(neighbour, "Neighbour's secret");
      await sendRest(foreign, "Other account's secret");
      await sendRest(mine, "My own message");
      for (const [visitor, own, others] of [
        [mine, "My own message", ["Neighbour's secret", "Other account's secret"]],
        [foreign, "Other account's secret", ["Neighbour's secret", "My own message"]],
      ] as const) {
        const history = await test.api.get("/api/widget/conversations", { as: { bearer: visitor.token }, headers: { origin: SITE } });
        const text = JSON.stringify(history.body);
        expect(text).toContain(own);
        for (const other of others) expect(text).not.toContain(other);
      }
      const client = await socketOf(mine);
      client.send({ type: "hello", visitorToken: mine.token, cursors: [{ conversationId: secret.body.data.conversationId, seq: 0 }] });
      await client.waitForText("My own message");
      await reply(secret.body.data.conversationId, "Reply only for the neighbour");
      const probe = await sendRest(mine, "Probe after the other reply");
      expect(probe.status).toBe(201);
      await client.waitForText("Probe after the other reply");
      expect(JSON.stringify(client.frames)).not.toContain("Neighbour");
      expect(JSON.stringify(client.frames)).not.toContain("neighbour");
    });
  });
});

function multipartWithFields(fields: Record<string, string>, fileName: string, bytes: Buffer) {
  const boundary = `----caredesk-chat-${randomBytes(8).toString("hex")}`;
  const parts = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([...parts, head, bytes, tail]), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}
