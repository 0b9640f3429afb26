import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildAgent, buildApiChannel, eventually, type TestAccount } from "../../test/factories.js";
import { routingKit } from "../../test/routing-kit.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

/** A loopback HTTP server standing in for the customer's system (webhooks) or an LLM endpoint. */
class LoopbackServer {
  readonly received: Array<{ url: string; headers: http.IncomingHttpHeaders; json: any }> = [];
  private readonly server: http.Server;

  constructor(answer: (json: any) => unknown) {
    this.server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        const json = JSON.parse(body);
        this.received.push({ url: request.url ?? "", headers: request.headers, json });
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer(json)));
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const passwordExamples = [
  "I forgot my password",
  "How can I reset my password?",
  "I cannot log in to my account",
  "The password reset link does not work",
  "My login is not working",
  "Ich habe mein Passwort vergessen",
  "Wie setze ich mein Passwort zurück?",
  "Ich kann mich nicht anmelden",
];
const orderExamples = [
  "Where is my order?",
  "My parcel has not arrived yet",
  "When will my package be delivered?",
  "I ordered last week and still nothing came",
  "What is the status of my order",
  "Wo ist meine Bestellung?",
  "Mein Paket ist noch nicht angekommen",
  "Wann wird meine Lieferung zugestellt?",
];
const refundExamples = [
  "I want my money back",
  "How do I get a refund?",
  "Please refund my purchase",
  "I returned the item but was not refunded",
  "Ich möchte mein Geld zurück",
  "Wie bekomme ich eine Rückerstattung?",
  "Bitte erstatten Sie meinen Kauf",
];

describe("the bot on the API channel", () => {
  let test: TestApp;
  let account: TestAccount;
  let webhooks: LoopbackServer;
  let channel: { id: string; token: string };
  let teamId: string;
  let passwordArticle: { id: string; publicUrl: string };
  let webhookUrl: string;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test, "Bot Shop");
    webhooks = new LoopbackServer(() => ({ id: randomUUID() }));
    webhookUrl = `${await webhooks.start()}/webhooks`;
    const created = await buildApiChannel(test, account, { webhookUrl });
    channel = { id: created.channel.id, token: created.inboundToken };
    const as = account.adminSession;
    teamId = (await test.api.post("/api/teams", { as, body: { name: "Orders team" } })).body.data.id;
    passwordArticle = (
      await test.api.post("/api/knowledge/articles", {
        as,
        body: {
          title: "Resetting your password",
          locale: "en",
          status: "published",
          bodyMarkdown: "Open **Log in**, choose *Forgot password* and follow the link we email you. The link works for one hour.",
          exampleQuestions: ["How do I change my password?"],
        },
      })
    ).body.data;
    const intents = [
      { name: "password_reset", examples: passwordExamples, articleId: passwordArticle.id },
      {
        name: "order_status",
        examples: orderExamples,
        questions: [{ key: "order_number", kind: "order_number", prompt: { en: "What is your order number?", de: "Wie lautet Ihre Bestellnummer?" }, pattern: "\\d{5}" }],
        outcome: { topic: "delivery", category: "question", priority: "high", level: 2, teamId },
      },
      {
        name: "refund",
        examples: refundExamples,
        questions: [
          { key: "email", kind: "email", prompt: { en: "Which email address did you order with?", de: "Mit welcher E-Mail-Adresse haben Sie bestellt?" } },
          {
            key: "reason",
            kind: "choice",
            prompt: { en: "Why do you want a refund?", de: "Warum möchten Sie eine Erstattung?" },
            choices: [
              { value: "damaged", label: { en: "Damaged", de: "Beschädigt" } },
              { value: "wrong_size", label: { en: "Wrong size", de: "Falsche Größe" } },
            ],
          },
        ],
        outcome: { topic: "refund", category: "request", priority: "normal", level: 1, teamId: null },
      },
    ];
    for (const intent of intents) expect((await test.api.post("/api/bot/intents", { as, body: intent })).status).toBe(201);
    const settings = await test.api.put("/api/bot/settings", { as, body: { channels: [{ channelId: channel.id, mode: "always" }] } });
    expect(settings.body.data.channels).toEqual([{ channelId: channel.id, mode: "always" }]);
  });
  afterAll(async () => {
    await test?.close();
    await webhooks?.stop();
  });

  async function write(customer: string, text: string, target = channel): Promise<string> {
    const response = await test.api.post(`/api/channels/${target.id}/messages`, {
      as: { bearer: target.token },
      body: { externalId: randomUUID(), customer: { identifier: customer, name: `Customer ${customer}` }, text },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.data.conversationId;
  }

  const messagesOf = async (conversationId: string) =>
    (await test.api.get(`/api/conversations/${conversationId}/messages`, { as: account.adminSession })).body.data as Array<{
      authorType: string;
      isNote: boolean;
      text: string;
      deliveryStatus: string;
    }>;
  const botReplies = async (conversationId: string) => (await messagesOf(conversationId)).filter((message) => message.authorType === "bot" && !message.isNote);
  const botState = async (conversationId: string) => (await test.api.get(`/api/conversations/${conversationId}/bot`, { as: account.adminSession })).body.data;
  const conversation = async (conversationId: string) => (await test.api.get(`/api/conversations/${conversationId}`, { as: account.adminSession })).body.data;
  /** Waits until the bot has written `count` replies and every one reached the webhook. */
  const repliesDelivered = (conversationId: string, count: number) =>
    eventually(async () => {
      const replies = await botReplies(conversationId);
      return replies.length >= count && replies.every((reply) => reply.deliveryStatus === "sent") && replies;
    });
  /** Waits until no bot job is waiting or running: whatever the bot would do is done. */
  const botSettled = () =>
    eventually(async () => {
      const result = await test.connection.executeSql(`select count(*)::int as count from pgboss.job where name = 'event.bot' and state in ('created', 'retry', 'active')`);
      return Number(result.rows[0]!.count) === 0;
    });
  /** Waits until no event subscriber's job is waiting or running (the bot's, routing's, the SLA's). */
  const jobsSettled = () =>
    eventually(async () => {
      const result = await test.connection.executeSql(`select count(*)::int as count from pgboss.job where name like 'event.%' and state in ('created', 'retry', 'active')`);
      return Number(result.rows[0]!.count) === 0;
    });
  const eventsOf = async (conversationId: string, name: string) =>
    (await test.connection.executeSql(`select data from domain_events where conversation_id = $1 and name = $2`, [conversationId, name])).rows;

  it("answers from the knowledge base and, when that helped, solves the conversation as contained", async () => {
    const conversationId = await write("contained-1", "Hi, I forgot my password and cannot get in. How can I reset it?");
    const [answer, question] = await repliesDelivered(conversationId, 2);
    expect(answer!.text).toContain("Resetting your password");
    expect(answer!.text).toContain("Forgot password");
    expect(answer!.text).toContain(passwordArticle.publicUrl);
    expect(question!.text).toBe("Did this solve your question? Please answer yes or no.");
    // The replies reached the customer's system through the channel's webhook.
    expect(webhooks.received.some((webhook) => webhook.json.message.text === answer!.text && webhook.json.message.authorType === "bot")).toBe(true);
    expect(await botState(conversationId)).toMatchObject({ state: "bot_active", step: "awaiting_feedback", intent: "password_reset", language: "en", articleId: passwordArticle.id });

    await write("contained-1", "Yes, that worked, thanks!");
    const replies = await repliesDelivered(conversationId, 3);
    expect(replies[2]!.text).toContain("glad I could help");
    expect(await botState(conversationId)).toMatchObject({ state: "solved_by_bot" });
    expect((await conversation(conversationId)).statusKind).toBe("solved");
    expect(await eventsOf(conversationId, "conversation.contained")).toHaveLength(1);
    expect(await eventsOf(conversationId, "conversation.handed_off")).toHaveLength(0);
  });

  it("hands off when the article did not help", async () => {
    const conversationId = await write("not-helped-1", "How do I reset my password?");
    await repliesDelivered(conversationId, 2);
    await write("not-helped-1", "No, that did not help at all");
    const replies = await repliesDelivered(conversationId, 3);
    expect(replies[2]!.text).toContain("passing you on to a colleague");
    expect(await botState(conversationId)).toMatchObject({ state: "waiting_for_human", handoffReason: "not_helped" });
    const note = (await messagesOf(conversationId)).find((message) => message.isNote);
    expect(note?.text).toContain("password_reset");
    expect(note?.text).toContain("Resetting your password – did not help");
    expect(await eventsOf(conversationId, "conversation.handed_off")).toHaveLength(1);
    expect((await conversation(conversationId)).statusKind).not.toBe("solved");
  });

  it("pre-qualifies: re-asks after an invalid order number, then sets the fields, notes a summary and waits for a human", async () => {
    const conversationId = await write("order-1", "Where is my order? It still has not arrived.");
    const [intro, ask] = await repliesDelivered(conversationId, 2);
    expect(intro!.text).toContain("a few quick questions");
    expect(ask!.text).toBe("What is your order number?");
    await write("order-1", "I think it was ABC");
    const retry = (await repliesDelivered(conversationId, 3))[2]!;
    expect(retry.text).toContain("does not look like an order number");
    expect(retry.text).toContain("What is your order number?");
    expect(await botState(conversationId)).toMatchObject({ state: "bot_active", step: "qualifying", answers: {} });

    await write("order-1", "Sorry, it is #48213");
    const done = (await repliesDelivered(conversationId, 4))[3]!;
    expect(done.text).toContain("A colleague has your details");
    expect(await botState(conversationId)).toMatchObject({ state: "waiting_for_human", handoffReason: "qualified", intent: "order_status", answers: { order_number: "48213" } });
    expect(await conversation(conversationId)).toMatchObject({ topic: "delivery", category: "question", priority: "high", level: 2, teamId, language: "en" });
    const note = (await messagesOf(conversationId)).find((message) => message.isNote)!;
    expect(note.text).toContain("Bot summary");
    expect(note.text).toContain("order_status");
    expect(note.text).toContain("What is your order number? 48213");
    expect(note.text).toContain("Where is my order?");
    expect(await eventsOf(conversationId, "conversation.handed_off")).toEqual([expect.objectContaining({ data: expect.objectContaining({ reason: "qualified" }) })]);
    // Waiting for a human: the bot says nothing more.
    await write("order-1", "Hello? Anyone there?");
    await botSettled();
    expect(await botReplies(conversationId)).toHaveLength(4);
  });

  it("hands off at once when the customer asks for a person, in German too", async () => {
    const english = await write("human-1", "I want to talk to a human please");
    expect((await repliesDelivered(english, 1))[0]!.text).toContain("connecting you with a colleague");
    expect(await botState(english)).toMatchObject({ state: "waiting_for_human", handoffReason: "human_requested" });
    const german = await write("human-2", "Ich möchte bitte mit einem Mitarbeiter sprechen");
    expect((await repliesDelivered(german, 1))[0]!.text).toContain("verbinde Sie mit einem Kollegen");
    expect(await botState(german)).toMatchObject({ state: "waiting_for_human", handoffReason: "human_requested", language: "de" });
  });

  it("hands off when the customer is upset", async () => {
    const conversationId = await write("angry-1", "This is absolutely unacceptable, the worst service ever!");
    await repliesDelivered(conversationId, 1);
    expect(await botState(conversationId)).toMatchObject({ state: "waiting_for_human", handoffReason: "negative_sentiment" });
  });

  it("stays silent once an agent has replied", async () => {
    const conversationId = await write("agent-1", "Where is my order?");
    await repliesDelivered(conversationId, 2);
    const agent = await buildAgent(test, account);
    const reply = await test.api.post(`/api/conversations/${conversationId}/messages`, { as: agent.session, body: { text: "Hi, I am on it, let me check." } });
    expect(reply.status).toBe(201);
    await eventually(async () => (await botState(conversationId)).state === "assigned");
    // Agent apps learn of it by an event of its own (the reply's event may reach them before the bot has reacted).
    const takenOver = await eventsOf(conversationId, "conversation.taken_over");
    expect(takenOver).toEqual([expect.objectContaining({ data: expect.objectContaining({ bot: expect.objectContaining({ state: "assigned" }) }) })]);
    await write("agent-1", "12345");
    await botSettled();
    expect(await botReplies(conversationId)).toHaveLength(2);
    expect((await messagesOf(conversationId)).filter((message) => message.isNote)).toEqual([]);
  });

  it("serves a channel outside business hours only when so configured", async () => {
    const created = await buildApiChannel(test, account, { webhookUrl });
    const evening = { id: created.channel.id, token: created.inboundToken };
    const as = account.adminSession;
    await test.api.put("/api/bot/settings", { as, body: { channels: [{ channelId: evening.id, mode: "outside_business_hours" }] } });
    const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "00:00", closes: "24:00" }));
    const hours = await test.api.post("/api/business-hours", { as, body: { name: "Always open", timeZone: "UTC", weeklyHours: allWeek, channelIds: [evening.id] } });
    expect(hours.status).toBe(201);

    const duringHours = await write("hours-1", "How do I reset my password?", evening);
    await botSettled();
    expect(await botReplies(duringHours)).toEqual([]);
    expect(await botState(duringHours)).toBeNull();

    await test.api.patch(`/api/business-hours/${hours.body.data.id}`, { as, body: { weeklyHours: [] } });
    const afterHours = await write("hours-2", "How do I reset my password?", evening);
    expect((await repliesDelivered(afterHours, 2))[0]!.text).toContain("Resetting your password");
  });

  it("lets an OpenAI-compatible endpoint phrase the answer from the article, citing it", async () => {
    const llm = new LoopbackServer((request) => ({
      id: "chatcmpl-1",
      object: "chat.completion",
      model: request.model,
      choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "Choose “Forgot password” on the login page and use the emailed link within an hour [1]." } }],
    }));
    const baseUrl = `${await llm.start()}/v1`;
    try {
      const as = account.adminSession;
      const updated = await test.api.put("/api/bot/settings", { as, body: { llm: { isEnabled: true, baseUrl, model: "care-model", apiKey: "sk-loopback" } } });
      expect(updated.body.data.llm).toEqual({ isEnabled: true, baseUrl, model: "care-model", hasApiKey: true });
      expect(JSON.stringify(updated.body)).not.toContain("sk-loopback");

      const conversationId = await write("llm-1", "How can I reset my password?");
      const [answer] = await repliesDelivered(conversationId, 2);
      expect(answer!.text).toContain("use the emailed link within an hour [1]");
      expect(answer!.text).toContain(passwordArticle.publicUrl);
      expect(llm.received).toHaveLength(1);
      const [request] = llm.received;
      expect(request!.url).toBe("/v1/chat/completions");
      expect(request!.headers.authorization).toBe("Bearer sk-loopback");
      expect(request!.json.model).toBe("care-model");
      expect(request!.json.messages[0].role).toBe("system");
      expect(request!.json.messages[0].content).toContain("[1] Resetting your password");
      expect(request!.json.messages[0].content).toContain("follow the link we email you");
      expect(request!.json.messages[1]).toEqual({ role: "user", content: "How can I reset my password?" });
    } finally {
      await test.api.put("/api/bot/settings", { as: account.adminSession, body: { llm: { isEnabled: false } } });
      await llm.stop();
    }
  });

  it("shows in the test console what it would do, without writing anything", async () => {
    const as = account.adminSession;
    const answer = await test.api.post("/api/bot/test", { as, body: { text: "I forgot my password" } });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ language: "en", intent: "password_reset", action: "answer", articleId: passwordArticle.id, handoffReason: null });
    expect(answer.body.data.confidence).toBeGreaterThan(0.5);
    expect(answer.body.data.replies[1]).toContain("Did this solve your question?");
    const german = await test.api.post("/api/bot/test", { as, body: { text: "Wo ist meine Bestellung? Sie ist immer noch nicht da." } });
    expect(german.body.data).toMatchObject({ language: "de", detectedLanguage: "de", intent: "order_status", action: "qualify" });
    expect(german.body.data.replies[1]).toBe("Wie lautet Ihre Bestellnummer?");
    const human = await test.api.post("/api/bot/test", { as, body: { text: "agent" } });
    expect(human.body.data).toMatchObject({ action: "handoff", handoffReason: "human_requested" });
    const unknown = await test.api.post("/api/bot/test", { as, body: { text: "Do you sell gift cards for birthdays?" } });
    expect(unknown.body.data).toMatchObject({ action: "handoff", handoffReason: "low_confidence", intent: null });
  });

  it("learns a new intent at once: the next message is classified into it", async () => {
    const as = account.adminSession;
    const created = await test.api.post("/api/bot/intents", {
      as,
      body: {
        name: "gift_cards",
        examples: ["Do you sell gift cards?", "I want to buy a voucher", "Can I give a gift card for a birthday?", "How much are your gift vouchers?", "Gibt es Gutscheine?", "Ich möchte einen Geschenkgutschein kaufen"],
        outcome: { topic: "gift cards", category: "question" },
      },
    });
    expect(created.status).toBe(201);
    const recognised = await test.api.post("/api/bot/test", { as, body: { text: "Do you sell gift cards for birthdays?" } });
    expect(recognised.body.data).toMatchObject({ intent: "gift_cards", action: "handoff", handoffReason: "no_answer" });
    expect((await test.api.delete(`/api/bot/intents/${created.body.data.id}`, { as })).status).toBe(204);
    const forgotten = await test.api.post("/api/bot/test", { as, body: { text: "Do you sell gift cards for birthdays?" } });
    expect(forgotten.body.data.intent).not.toBe("gift_cards");
  });

  // Last in this file: from here on an agent of the Orders team is online and takes its work.
  it("keeps routing from taking a conversation while the bot talks, and routes it once the bot hands off", async () => {
    const kit = routingKit(test, account);
    const agent = await kit.agent({ level: 2 });
    await test.services.teams.update(account.adminActor, teamId, { memberIds: [agent.id] });
    await test.services.assignment.updateTeamSettings(account.adminActor, teamId, { strategy: "round_robin", offerTimeoutSeconds: 30 });
    const rule = await test.api.post("/api/routing-rules", { as: account.adminSession, body: { name: "Shop app to orders", conditions: { channelTypes: ["api"] }, actions: { teamId } } });
    expect(rule.status).toBe(201);

    const conversationId = await write("routed-1", "Where is my order? It still has not arrived.");
    const [intro, question] = await repliesDelivered(conversationId, 2);
    expect(intro!.text).toContain("a few quick questions");
    expect(question!.text).toBe("What is your order number?");
    await jobsSettled();
    expect((await conversation(conversationId)).assignee).toBeNull();

    await write("routed-1", "It is 12345");
    await eventually(async () => (await conversation(conversationId)).assignee?.id === agent.id);
    expect((await conversation(conversationId)).teamId).toBe(teamId);
    await eventually(async () => (await botState(conversationId)).state === "assigned");
  });
});
