import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodes } from "../../../common/error-codes.js";
import type { ApiResponse, Credentials } from "../../test/api-client.js";
import { buildAccount, buildAgent, buildApiChannel, buildChannel, buildConversation, eventually, settleEventSubscribers, type TestAccount } from "../../test/factories.js";
import { multipartFile, tinyPng } from "../../test/multipart.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Words that only account A's data contains, so that a leak shows up in any response. */
const SECRET_WORD = "Zebrafinch";
const SECRET_NOTE_WORD = "Quokka";

/** Tables whose rows carry an account; A's row counts must not move while B probes. */
const accountTables = [
  "agents",
  "teams",
  "team_members",
  "customers",
  "customer_identities",
  "channels",
  "conversations",
  "conversation_statuses",
  "messages",
  "attachments",
  "api_tokens",
  "sessions",
  "inbound_messages",
  "domain_events",
  "chat_visitors",
  "chat_conversations",
  "chat_entries",
  "knowledge_categories",
  "knowledge_articles",
  "bot_intents",
  "bot_conversations",
  "sla_policies",
  "conversation_escalations",
  "routing_rules",
  "team_assignment_settings",
  "team_rotation",
  "conversation_routing",
  "assignment_offers",
  "assignment_decisions",
];

describe("tenant isolation", () => {
  let test: TestApp;
  let accountA: TestAccount;
  let accountB: TestAccount;
  let adminB: Credentials;
  let channelTokenB: string;
  /** Account A's resources, by the route prefix (up to and including the parameter) that addresses them. */
  let resourceOf: Record<string, string>;
  let idsOfA: string[];
  let inboundBody: object;
  let chatAttachmentUrl: string;
  let visitorTokenB: string;

  beforeAll(async () => {
    test = await createTestApp();
    accountA = await buildAccount(test, "Account A");
    accountB = await buildAccount(test, "Account B");
    adminB = accountB.adminSession;
    channelTokenB = (await buildApiChannel(test, accountB)).inboundToken;
    const adminA = accountA.adminSession;

    const agentA = await buildAgent(test, accountA, { name: "Agent of A" });
    const team = await test.api.post("/api/teams", { as: adminA, body: { name: "Team of A", memberIds: [agentA.agent.id] } });
    const { channel, inboundToken } = await buildApiChannel(test, accountA);
    inboundBody = {
      externalId: "a-1",
      customer: { identifier: "customer-of-a", email: "customer@a.example", name: "Customer of A" },
      subject: `${SECRET_WORD} order`,
      text: `My ${SECRET_WORD} has not arrived.`,
      attachments: [{ fileName: "receipt.png", contentBase64: tinyPng.toString("base64") }],
    };
    const inbound = await test.api.post(`/api/channels/${channel.id}/messages`, { as: { bearer: inboundToken }, body: inboundBody });
    expect(inbound.status).toBe(201);
    const conversationId: string = inbound.body.data.conversationId;
    const conversation = await test.api.patch(`/api/conversations/${conversationId}`, {
      as: adminA,
      body: { assigneeId: agentA.agent.id, teamId: team.body.data.id, tags: ["vip"] },
    });
    expect(conversation.status).toBe(200);
    const note = await test.api.post(`/api/conversations/${conversationId}/messages`, { as: adminA, body: { text: `${SECRET_NOTE_WORD} note`, isNote: true } });
    expect(note.status).toBe(201);
    // The channel has no webhook URL, so this reply fails for good: a message that may be retried.
    const reply = await test.api.post(`/api/conversations/${conversationId}/messages`, { as: adminA, body: { text: "We are on it." } });
    expect(reply.status).toBe(201);
    await eventually(async () => {
      const messages = await test.api.get(`/api/conversations/${conversationId}/messages`, { as: adminA });
      return messages.body.data.find((message: { id: string; deliveryStatus: string }) => message.id === reply.body.data.id && message.deliveryStatus === "failed");
    });
    const upload = multipartFile("draft.png", tinyPng);
    const uploaded = await test.api.post("/api/attachments", { as: adminA, body: upload.body, headers: upload.headers });
    expect(uploaded.status).toBe(201);
    const messages = await test.api.get(`/api/conversations/${conversationId}/messages`, { as: adminA });
    const inboundMessage = messages.body.data.find((message: { direction: string }) => message.direction === "in");
    const apiToken = await test.api.post("/api/auth/tokens", { as: adminA, body: { name: "A's token" } });
    const status = await test.api.post("/api/statuses", { as: adminA, body: { key: "waiting_for_parts", name: "Waiting for parts", kind: "on_hold" } });
    expect(status.status).toBe(201);
    const failedInbound = await test.services.ingest.receive(channel, "a-broken-1", { not: "an inbound message" });
    expect(failedInbound.inboundMessage.status).toBe("failed");
    const customer = await test.api.get(`/api/customers/${await customerIdOf(conversationId)}`, { as: adminA });
    const businessHours = await test.api.post("/api/business-hours", {
      as: adminA,
      body: { name: "Hours of A", timeZone: "Europe/Berlin", weeklyHours: [{ weekday: 1, opens: "09:00", closes: "17:00" }] },
    });
    expect(businessHours.status).toBe(201);
    // A website chat of A with a visitor who sent a photo.
    const chatChannel = await test.services.channels.create(accountA.adminActor, { type: "chat", name: "Chat of A", isEnabled: true, settings: {} });
    const visitorA = await test.api.post("/api/widget/sessions", { body: { channelId: chatChannel.channel.id } });
    const chatUpload = multipartFile("chat.png", tinyPng);
    const chatBody = Buffer.concat([Buffer.from(`--${chatUpload.headers["content-type"].split("boundary=")[1]}\r\nContent-Disposition: form-data; name="clientMessageId"\r\n\r\nchat-a-1\r\n`), chatUpload.body]);
    const chatMessage = await test.api.post("/api/widget/attachments", { as: { bearer: visitorA.body.data.visitorToken }, body: chatBody, headers: chatUpload.headers });
    expect(chatMessage.status, JSON.stringify(chatMessage.body)).toBe(201);
    const chatAttachment = chatMessage.body.data.message.attachments[0];
    chatAttachmentUrl = chatAttachment.url;
    const chatChannelB = await test.services.channels.create(accountB.adminActor, { type: "chat", name: "Chat of B", isEnabled: true, settings: {} });
    visitorTokenB = (await test.api.post("/api/widget/sessions", { body: { channelId: chatChannelB.channel.id } })).body.data.visitorToken;
    const category = await test.api.post("/api/knowledge/categories", { as: adminA, body: { locale: "en", name: `${SECRET_WORD} care` } });
    expect(category.status).toBe(201);
    const article = await test.api.post("/api/knowledge/articles", {
      as: adminA,
      body: { title: `${SECRET_WORD} feeding`, locale: "en", categoryId: category.body.data.id, bodyMarkdown: `All about ${SECRET_WORD}.`, status: "draft" },
    });
    expect(article.status).toBe(201);
    const intent = await test.api.post("/api/bot/intents", {
      as: adminA,
      body: { name: `${SECRET_WORD} question`, examples: [`Where is my ${SECRET_WORD}?`], articleId: article.body.data.id, outcome: { teamId: team.body.data.id } },
    });
    expect(intent.status).toBe(201);
    const routingRule = await test.api.post("/api/routing-rules", { as: adminA, body: { name: "Rule of A", conditions: { keywords: [SECRET_WORD] }, actions: { teamId: team.body.data.id } } });
    expect(routingRule.status).toBe(201);
    // A chat offered to A's agent: a long timeout keeps it pending while B probes.
    const offerTeam = await test.api.post("/api/teams", { as: adminA, body: { name: "Chat team of A", memberIds: [agentA.agent.id] } });
    expect((await test.api.put(`/api/teams/${offerTeam.body.data.id}/assignment`, { as: adminA, body: { strategy: "round_robin", offerTimeoutSeconds: 600 } })).status).toBe(200);
    await test.services.presence.opened(randomUUID(), agentA.actor);
    const chatConversation = await buildConversation(test, await buildChannel(test, accountA, "chat"));
    await test.services.conversations.update(accountA.adminActor, chatConversation.id, { teamId: offerTeam.body.data.id });
    const offerId = await eventually(async () => {
      const offers = await test.api.get("/api/offers", { as: agentA.session });
      return offers.body.data[0]?.id as string | undefined;
    });

    resourceOf = {
      "/api/agents/:id": agentA.agent.id,
      "/api/teams/:id": team.body.data.id,
      "/api/customers/:id": customer.body.data.id,
      "/api/customers/:id/identities/:identityId": customer.body.data.identities[0].id,
      "/api/channels/:id": channel.id,
      "/api/conversations/:id": conversationId,
      "/api/statuses/:id": status.body.data.id,
      "/api/messages/:id": reply.body.data.id,
      "/api/attachments/:id": inboundMessage.attachments[0].id,
      "/api/auth/tokens/:id": apiToken.body.data.apiToken.id,
      "/api/inbound-messages/:id": failedInbound.inboundMessage.id,
      "/api/business-hours/:id": businessHours.body.data.id,
      "/api/widget/attachments/:id": chatAttachment.id,
      "/api/knowledge/articles/:id": article.body.data.id,
      "/api/knowledge/categories/:id": category.body.data.id,
      "/api/bot/intents/:id": intent.body.data.id,
      "/api/sla-policies/:id": (await test.api.get("/api/sla-policies", { as: adminA })).body.data[0].id,
      "/api/routing-rules/:id": routingRule.body.data.id,
      "/api/offers/:id": offerId,
    };
    idsOfA = [
      ...Object.values(resourceOf),
      accountA.accountId,
      accountA.admin.id,
      note.body.data.id,
      inboundMessage.id,
      uploaded.body.data.id,
      chatChannel.channel.id,
      visitorA.body.data.visitor.id,
      chatMessage.body.data.message.id,
      chatMessage.body.data.conversationId,
      ...customer.body.data.identities.map((identity: { id: string }) => identity.id),
    ];
  });
  afterAll(() => test.close());

  async function customerIdOf(conversationId: string): Promise<string> {
    const conversation = await test.api.get(`/api/conversations/${conversationId}`, { as: accountA.adminSession });
    return conversation.body.data.customer.id;
  }

  /** Everything account A can see of itself, plus its row counts: must be equal before and after. */
  async function snapshotOfA() {
    // SLA clocks follow events in jobs of their own (and record events): let them finish first.
    await settleEventSubscribers(test);
    const as = accountA.adminSession;
    const get = async (url: string) => {
      const response = await test.api.get(url, { as });
      expect(response.status, url).toBe(200);
      return response.body;
    };
    const conversationId = resourceOf["/api/conversations/:id"]!;
    const attachment = await test.api.get(`/api/attachments/${resourceOf["/api/attachments/:id"]}`, { as });
    const failedInbound = (await get("/api/inbound-messages/failed")).data.map((row: { id: string; status: string; externalId: string }) => [row.id, row.status, row.externalId]);
    const counts: Record<string, number> = {};
    for (const table of accountTables) {
      const result = await test.services.deps.db.execute(sql`select count(*)::int as count from ${sql.identifier(table)} where account_id = ${accountA.accountId}`);
      counts[table] = Number((result as unknown as { rows: Array<{ count: number }> }).rows[0]!.count);
    }
    return {
      counts,
      agents: await get("/api/agents"),
      teams: await get("/api/teams"),
      channels: await get("/api/channels"),
      statuses: await get("/api/statuses"),
      customer: await get(`/api/customers/${resourceOf["/api/customers/:id"]}`),
      conversation: await get(`/api/conversations/${conversationId}`),
      messages: await get(`/api/conversations/${conversationId}/messages`),
      tokens: await get("/api/auth/tokens"),
      articles: await get("/api/knowledge/articles"),
      categories: await get("/api/knowledge/categories"),
      intents: await get("/api/bot/intents"),
      botSettings: await get("/api/bot/settings"),
      inboxCounts: await get("/api/conversations/counts"),
      attachment: { status: attachment.status, byteSize: attachment.headers["content-length"] },
      failedInbound,
    };
  }

  /** A syntactically valid body for each write, so that only ownership can refuse it. */
  function bodyFor(method: string, url: string): object | undefined {
    const bodies: Record<string, object> = {
      "PATCH /api/agents/:id": { name: "Taken over", role: "analyst", isActive: false },
      "PATCH /api/teams/:id": { name: "Taken over", memberIds: [accountB.admin.id] },
      "PATCH /api/customers/:id": { name: "Taken over", tags: ["stolen"] },
      "POST /api/customers/:id/identities": { kind: "email", value: "thief@b.example" },
      "PATCH /api/channels/:id": { name: "Taken over", isEnabled: false },
      "POST /api/channels/:id/messages": { ...inboundBody, externalId: "b-probe-1", text: "Injected" },
      "PATCH /api/conversations/:id": { status: "closed", priority: "urgent", assigneeId: accountB.admin.id },
      "PATCH /api/statuses/:id": { name: "Taken over" },
      "PATCH /api/business-hours/:id": { name: "Taken over", isDefault: true },
      "PATCH /api/knowledge/articles/:id": { title: "Taken over", status: "published" },
      "PATCH /api/knowledge/categories/:id": { name: "Taken over" },
      "PATCH /api/bot/intents/:id": { name: "Taken over", examples: ["stolen"] },
      "POST /api/conversations/:id/messages": { text: "Taken over" },
      "PATCH /api/sla-policies/:id": { name: "Taken over", firstResponseSeconds: 1 },
      "POST /api/conversations/:id/escalations": { to: "next_level", reason: "Taken over" },
      "PATCH /api/routing-rules/:id": { name: "Taken over", isEnabled: false },
      "PUT /api/teams/:id/assignment": { strategy: "round_robin", offerTimeoutSeconds: 5 },
      "POST /api/conversations/:id/email/reply": { text: "Taken over" },
      "POST /api/conversations/:id/email/forward": { messageId: resourceOf["/api/messages/:id"], to: [{ address: "thief@b.example" }], text: "Taken over" },
    };
    return bodies[`${method} ${url}`];
  }

  it("answers 404 to account B's admin on every route that addresses one of account A's resources", async () => {
    const before = await snapshotOfA();
    const routes = test.app.routeTable.filter((route) => /[:*]/.test(route.url));
    expect(routes.length).toBeGreaterThan(20);
    const unmapped: string[] = [];
    const wrong: string[] = [];
    for (const route of routes) {
      if (route.url.startsWith("/api/docs/")) {
        expect(route.access, `${route.url} is part of the public API reference`).toBe("public");
        continue; // the API reference's static files: no account data behind the wildcard
      }
      if (route.url.startsWith("/help/")) {
        expect(route.access, `${route.url} is the public help center`).toBe("public");
        continue; // addressed by an account's public slug, showing published articles only (help-center tests)
      }
      if (route.url === "/*") {
        expect(route.access, "the agent app's built files are public").toBe("public");
        continue; // the built agent app (dist/web): no account data behind the wildcard
      }
      let url = route.url;
      for (const match of route.url.matchAll(/:[A-Za-z]+|\*/g)) {
        const prefix = route.url.slice(0, match.index + match[0].length);
        const id = resourceOf[prefix];
        if (!id) unmapped.push(`${route.method} ${route.url}: no resource of account A for ${prefix}`);
        else url = url.replace(match[0], id);
      }
      if (url.includes(":")) continue;
      const isChannelRoute = route.access === "channel";
      const response = await test.api.request(route.method as Method, url, {
        // The channel route authenticates by channel token: B's own token must not open A's channel.
        as: isChannelRoute ? { bearer: channelTokenB } : adminB,
        body: bodyFor(route.method, route.url),
      });
      const expectedStatus = isChannelRoute ? 401 : 404;
      const hasErrorBody = route.method === "HEAD" || (errorCodes as readonly string[]).includes(response.body?.error?.code);
      if (response.status !== expectedStatus || !hasErrorBody) wrong.push(`${route.method} ${url}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    expect(unmapped).toEqual([]);
    expect(wrong).toEqual([]);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("gives B's chat visitor nothing of A: no history, no attachment, even with A's signed link", async () => {
    const before = await snapshotOfA();
    const history = await test.api.get("/api/widget/conversations", { as: { bearer: visitorTokenB } });
    expect(history.status).toBe(200);
    expect(history.body.data).toEqual([]);
    // A's link works for A's visitor; with B's visitor in it, the signature no longer matches.
    expect((await test.api.get(chatAttachmentUrl)).status).toBe(200);
    const visitorB = (await test.api.post("/api/widget/sessions", { body: { channelId: resourceOf["/api/channels/:id"] } })).body;
    expect(visitorB.error.code).toBe("channel_not_found"); // an API channel is no chat
    const withOtherVisitor = chatAttachmentUrl.replace(/visitorId=[^&]+/, `visitorId=${accountB.admin.id}`);
    expect((await test.api.get(withOtherVisitor)).status).toBe(404);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("answers 401 to B's admin session on A's channel route as well", async () => {
    const response = await test.api.post(`/api/channels/${resourceOf["/api/channels/:id"]}/messages`, { as: adminB, body: { ...inboundBody, externalId: "b-probe-2" } });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("channel_token_invalid");
  });

  it("shows account B none of account A's rows in any list, count or search", async () => {
    const lists = [
      "/api/conversations",
      "/api/conversations?statusKind=new,open,pending,on_hold,solved,closed",
      `/api/conversations?query=${SECRET_WORD}`,
      `/api/conversations?query=${SECRET_NOTE_WORD}`,
      `/api/conversations?customerId=${resourceOf["/api/customers/:id"]}`,
      `/api/conversations?channelId=${resourceOf["/api/channels/:id"]}`,
      `/api/conversations?teamId=${resourceOf["/api/teams/:id"]}`,
      `/api/conversations?assignee=${resourceOf["/api/agents/:id"]}`,
      "/api/conversations?tag=vip",
      "/api/customers",
      "/api/customers?query=customer",
      "/api/customers?query=a.example",
      "/api/agents",
      "/api/teams",
      "/api/channels",
      "/api/statuses",
      "/api/auth/tokens",
      "/api/inbound-messages/failed",
      "/api/knowledge/articles",
      `/api/knowledge/articles?query=${SECRET_WORD}`,
      "/api/knowledge/categories",
      "/api/bot/intents",
      "/api/bot/settings",
      "/api/routing-rules",
      "/api/offers",
      "/api/routing/board",
    ];
    for (const url of lists) {
      const response = await test.api.get(url, { as: adminB });
      expect(response.status, url).toBe(200);
      const text = JSON.stringify(response.body);
      for (const id of idsOfA) expect(text, `${url} shows ${id} of account A`).not.toContain(id);
      expect(text, url).not.toContain(SECRET_WORD);
      expect(text, url).not.toContain(SECRET_NOTE_WORD);
      expect(text, url).not.toContain("Team of A");
    }
    expect((await test.api.get("/api/conversations", { as: adminB })).body.data).toEqual([]);
    expect((await test.api.get("/api/customers", { as: adminB })).body.data).toEqual([]);
    expect((await test.api.get("/api/teams", { as: adminB })).body.data).toEqual([]);
    expect((await test.api.get("/api/agents", { as: adminB })).body.data.map((agent: { id: string }) => agent.id)).toEqual([accountB.admin.id]);
    const statuses = (await test.api.get("/api/statuses", { as: adminB })).body.data;
    expect(statuses.map((status: { key: string }) => status.key)).not.toContain("waiting_for_parts");
    const counts = await test.api.get("/api/conversations/counts", { as: adminB });
    expect(counts.body.data).toMatchObject({ mine: 0, unassigned: 0, active: 0, byStatusKind: { new: 0, open: 0, pending: 0, on_hold: 0, solved: 0, closed: 0 } });
  });

  it("refuses A's ids inside B's own request bodies", async () => {
    const before = await snapshotOfA();
    const { channel } = await buildApiChannel(test, accountB);
    const conversationB = await buildConversation(test, channel);
    const attempts: Array<[Promise<ApiResponse>, string, string]> = [
      [test.api.patch(`/api/conversations/${conversationB.id}`, { as: adminB, body: { assigneeId: resourceOf["/api/agents/:id"] } }), "agent_not_found", "body.assigneeId"],
      [test.api.patch(`/api/conversations/${conversationB.id}`, { as: adminB, body: { teamId: resourceOf["/api/teams/:id"] } }), "team_not_found", "body.teamId"],
      [test.api.patch(`/api/conversations/${conversationB.id}`, { as: adminB, body: { status: "waiting_for_parts" } }), "status_not_found", "body.status"],
      [
        test.api.post(`/api/conversations/${conversationB.id}/messages`, { as: adminB, body: { text: "Look", attachmentIds: [resourceOf["/api/attachments/:id"]] } }),
        "attachment_not_found",
        "body.attachmentIds",
      ],
      [test.api.post("/api/teams", { as: adminB, body: { name: "Poachers", memberIds: [resourceOf["/api/agents/:id"]] } }), "agent_not_found", "body.memberIds"],
      [test.api.post("/api/bot/intents", { as: adminB, body: { name: "Poached", articleId: resourceOf["/api/knowledge/articles/:id"] } }), "intent_article_not_found", "body.articleId"],
      [test.api.post("/api/bot/intents", { as: adminB, body: { name: "Poached", outcome: { teamId: resourceOf["/api/teams/:id"] } } }), "team_not_found", "body.outcome.teamId"],
      [test.api.put("/api/bot/settings", { as: adminB, body: { channels: [{ channelId: resourceOf["/api/channels/:id"], mode: "always" }] } }), "channel_not_found", "body.channels.channelId"],
      [
        test.api.post("/api/knowledge/articles", { as: adminB, body: { title: "Poached", locale: "en", categoryId: resourceOf["/api/knowledge/categories/:id"] } }),
        "knowledge_category_not_found",
        "body.categoryId",
      ],
    ];
    for (const [pending, code, field] of attempts) {
      const response = await pending;
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
    const agent = await test.api.post("/api/agents", {
      as: adminB,
      body: { email: "poached@b.example", name: "Poached", role: "agent", password: "long enough password", teamIds: [resourceOf["/api/teams/:id"]] },
    });
    expect(agent.status).toBe(400);
    expect(agent.body.error.code).toBe("team_not_found");
    const conversation = await test.api.get(`/api/conversations/${conversationB.id}`, { as: adminB });
    expect(conversation.body.data).toMatchObject({ assignee: null, teamId: null, status: "new", messageCount: 1 });
    expect(await snapshotOfA()).toEqual(before);
  });

  it("identifies customers within the account only: the same identity in B is a different customer", async () => {
    const before = await snapshotOfA();
    const { channel } = await buildApiChannel(test, accountB);
    const channelB = (await test.api.get("/api/channels", { as: adminB })).body.data.find((row: { id: string }) => row.id === channel.id);
    expect(channelB).toBeDefined();
    const tokenB = (await test.services.channels.rotateCredentials(accountB.adminActor, channel.id)).inboundToken!;
    const response = await test.api.post(`/api/channels/${channel.id}/messages`, {
      as: { bearer: tokenB },
      body: { externalId: "a-1", customer: { identifier: "customer-of-a", email: "customer@a.example" }, text: "Hello from B's side" },
    });
    expect(response.status).toBe(201);
    expect(idsOfA).not.toContain(response.body.data.conversationId);
    const conversation = await test.api.get(`/api/conversations/${response.body.data.conversationId}`, { as: adminB });
    expect(idsOfA).not.toContain(conversation.body.data.customer.id);
    expect((await test.api.get(`/api/customers/${conversation.body.data.customer.id}`, { as: accountA.adminSession })).status).toBe(404);
    expect(await snapshotOfA()).toEqual(before);
  });
});
