import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodes } from "../../../common/error-codes.js";
import { limits } from "../../../common/limits.js";
import type { ApiResponse } from "../../test/api-client.js";
import { buildAccount, buildAgent, buildApiChannel, buildConversation, TEST_PASSWORD, type TestAccount } from "../../test/factories.js";
import { multipartFile } from "../../test/multipart.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

/** Text that only a database driver, a stack trace or a query would produce. */
const LEAK_PATTERN = /duplicate key|violates|constraint|relation "|syntax error|SQLSTATE|\bselect\b.*\bfrom\b|insert into|node_modules|\.ts:\d+|at \S+ \(|DrizzleQueryError|PGlite|boom-secret/i;

/** Asserts the one error shape: `{ error: { code, message, details? } }` with a stable code and no leaked internals. */
function expectError(response: ApiResponse, status: number, code: string, field?: string): void {
  const context = JSON.stringify(response.body);
  expect(response.status, context).toBe(status);
  expect(String(response.headers["content-type"]), context).toContain("application/json");
  expect(Object.keys(response.body)).toEqual(["error"]);
  const error = response.body.error;
  expect(error.code, context).toBe(code);
  expect(errorCodes as readonly string[]).toContain(error.code);
  expect(typeof error.message).toBe("string");
  expect(error.message.length).toBeGreaterThan(0);
  expect(Object.keys(error).every((key) => ["code", "message", "details"].includes(key))).toBe(true);
  expect(context).not.toMatch(LEAK_PATTERN);
  if (field) {
    expect(Array.isArray(error.details), context).toBe(true);
    expect(error.details.map((detail: { field: string }) => detail.field), context).toContain(field);
  }
}

describe("API errors", () => {
  let test: TestApp;
  let account: TestAccount;
  let conversationId: string;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
    const { channel } = await buildApiChannel(test, account);
    conversationId = (await buildConversation(test, channel)).id;
  });
  afterAll(() => test.close());

  const as = () => account.adminSession;
  const patchConversation = (body: unknown) => test.api.patch(`/api/conversations/${conversationId}`, { as: as(), body });

  describe("400 validation", () => {
    it("names a missing required field", async () => {
      expectError(await test.api.post("/api/teams", { as: as(), body: {} }), 400, "validation_failed", "body.name");
      expectError(
        await test.api.post("/api/agents", { as: as(), body: { email: "new@example.test", role: "agent", password: "long enough password" } }),
        400,
        "validation_failed",
        "body.name",
      );
    });

    it("names a field of the wrong type", async () => {
      expectError(await test.api.post("/api/teams", { as: as(), body: { name: 42 } }), 400, "validation_failed", "body.name");
      expectError(await patchConversation({ tags: "vip" }), 400, "validation_failed", "body.tags");
      expectError(await patchConversation({ assigneeId: 7 }), 400, "validation_failed", "body.assigneeId");
    });

    it("names a bad enum value", async () => {
      expectError(await patchConversation({ priority: "critical" }), 400, "validation_failed", "body.priority");
      expectError(await test.api.post("/api/channels", { as: as(), body: { type: "pigeon", name: "Coop" } }), 400, "validation_failed", "body.type");
      expectError(await test.api.get("/api/conversations?sort=random", { as: as() }), 400, "validation_failed", "querystring.sort");
      expectError(await test.api.get("/api/conversations?statusKind=open,sleeping", { as: as() }), 400, "validation_failed", "querystring.statusKind.1");
    });

    it("names a bad uuid in the path and in the query", async () => {
      expectError(await test.api.get("/api/conversations/not-a-uuid", { as: as() }), 400, "validation_failed", "params.id");
      expectError(await test.api.delete(`/api/customers/${randomUUID()}/identities/nope`, { as: as() }), 400, "validation_failed", "params.identityId");
      expectError(await test.api.get("/api/conversations?teamId=nope", { as: as() }), 400, "validation_failed", "querystring.teamId");
      expectError(await test.api.get("/api/conversations?assignee=someone", { as: as() }), 400, "validation_failed", "querystring.assignee");
    });

    it("names a string that is too long", async () => {
      expectError(await test.api.post("/api/teams", { as: as(), body: { name: "x".repeat(101) } }), 400, "validation_failed", "body.name");
      expectError(await patchConversation({ subject: "x".repeat(limits.subjectLength + 1) }), 400, "validation_failed", "body.subject");
      expectError(
        await test.api.post(`/api/conversations/${conversationId}/messages`, { as: as(), body: { text: "x".repeat(limits.messageTextLength + 1) } }),
        400,
        "validation_failed",
        "body.text",
      );
    });

    it("names a number out of range", async () => {
      expectError(await test.api.get(`/api/conversations?limit=${limits.pageSizeMax + 1}`, { as: as() }), 400, "validation_failed", "querystring.limit");
      expectError(await test.api.get("/api/conversations?limit=0", { as: as() }), 400, "validation_failed", "querystring.limit");
      expectError(await patchConversation({ level: 7 }), 400, "validation_failed", "body.level");
      expectError(await test.api.post("/api/statuses", { as: as(), body: { key: "later", name: "Later", kind: "pending", position: -1 } }), 400, "validation_failed", "body.position");
    });

    it("refuses a malformed JSON body", async () => {
      for (const payload of ['{"name":', "{name: 'x'}", "[1, 2"]) {
        const response = await test.api.post("/api/teams", { as: as(), body: payload, headers: { "content-type": "application/json" } });
        expectError(response, 400, "invalid_json");
      }
    });

    it("refuses an unknown status key", async () => {
      expectError(await patchConversation({ status: "sleeping" }), 400, "status_not_found", "body.status");
      expectError(await test.api.post(`/api/conversations/${conversationId}/messages`, { as: as(), body: { text: "Hi", status: "sleeping" } }), 400, "status_not_found", "body.status");
      const conversation = await test.api.get(`/api/conversations/${conversationId}`, { as: as() });
      expect(conversation.body.data.messageCount).toBe(1); // the reply was rolled back with the failed status change
    });

    it("refuses an unknown assignee or team", async () => {
      expectError(await patchConversation({ assigneeId: randomUUID() }), 400, "agent_not_found", "body.assigneeId");
      expectError(await patchConversation({ teamId: randomUUID() }), 400, "team_not_found", "body.teamId");
      const analyst = await buildAgent(test, account, { role: "analyst" });
      expectError(await patchConversation({ assigneeId: analyst.agent.id }), 400, "agent_not_found", "body.assigneeId");
      expectError(await test.api.post("/api/teams", { as: as(), body: { name: "Ghosts", memberIds: [randomUUID()] } }), 400, "agent_not_found", "body.memberIds");
    });

    it("refuses a bad email address", async () => {
      expectError(
        await test.api.post("/api/agents", { as: as(), body: { email: "not-an-email", name: "N", role: "agent", password: "long enough password" } }),
        400,
        "validation_failed",
        "body.email",
      );
      expectError(await test.api.post("/api/customers", { as: as(), body: { identities: [{ kind: "email", value: "nope" }] } }), 400, "validation_failed", "body.identities.0.value");
      expectError(await test.api.post("/api/auth/login", { body: { email: "nope", password: "x" } }), 400, "validation_failed", "body.email");
    });

    it("refuses a bad cursor", async () => {
      const cursors = [
        "garbage!",
        Buffer.from("not json").toString("base64url"),
        Buffer.from(JSON.stringify(["only one value"])).toString("base64url"),
        Buffer.from(JSON.stringify(["not a time", "not an id"])).toString("base64url"),
      ];
      for (const cursor of cursors) {
        expectError(await test.api.get(`/api/conversations?cursor=${cursor}`, { as: as() }), 400, "validation_failed", "querystring.cursor");
        expectError(await test.api.get(`/api/customers?cursor=${cursor}`, { as: as() }), 400, "validation_failed", "querystring.cursor");
        expectError(await test.api.get(`/api/conversations/${conversationId}/messages?cursor=${cursor}`, { as: as() }), 400, "validation_failed", "querystring.cursor");
      }
      for (const rank of ["high", 99_999]) {
        const priorityCursor = Buffer.from(JSON.stringify([rank, new Date().toISOString(), randomUUID()])).toString("base64url");
        expectError(await test.api.get(`/api/conversations?sort=priority_desc&cursor=${priorityCursor}`, { as: as() }), 400, "validation_failed", "querystring.cursor");
      }
    });
  });

  describe("401, 403, 404", () => {
    it("401 without a login", async () => {
      expectError(await test.api.get("/api/conversations"), 401, "unauthenticated");
    });

    it("403 for a role that may not", async () => {
      const analyst = await buildAgent(test, account, { role: "analyst" });
      expectError(await test.api.patch(`/api/conversations/${conversationId}`, { as: analyst.session, body: { priority: "high" } }), 403, "forbidden");
    });

    it("404 route_not_found for an unknown route, whatever the method", async () => {
      expectError(await test.api.get("/api/nothing-here", { as: as() }), 404, "route_not_found");
      expectError(await test.api.post("/api/nothing-here", { as: as(), body: {} }), 404, "route_not_found");
      expectError(await test.api.request("PUT", `/api/conversations/${conversationId}`, { as: as(), body: {} }), 404, "route_not_found");
      expectError(await test.api.get("/api"), 404, "route_not_found");
    });

    it("404 with the resource's code for an unknown id", async () => {
      expectError(await test.api.get(`/api/conversations/${randomUUID()}`, { as: as() }), 404, "conversation_not_found");
      expectError(await patchConversationById(randomUUID()), 404, "conversation_not_found");
      expectError(await test.api.get(`/api/customers/${randomUUID()}`, { as: as() }), 404, "customer_not_found");
      expectError(await test.api.get(`/api/agents/${randomUUID()}`, { as: as() }), 404, "agent_not_found");
      expectError(await test.api.patch(`/api/teams/${randomUUID()}`, { as: as(), body: { name: "x" } }), 404, "team_not_found");
      expectError(await test.api.get(`/api/channels/${randomUUID()}`, { as: as() }), 404, "channel_not_found");
      expectError(await test.api.get(`/api/attachments/${randomUUID()}`, { as: as() }), 404, "attachment_not_found");
      expectError(await test.api.post(`/api/messages/${randomUUID()}/retry`, { as: as() }), 404, "message_not_found");
      expectError(await test.api.delete(`/api/auth/tokens/${randomUUID()}`, { as: as() }), 404, "api_token_not_found");
      expectError(await test.api.patch(`/api/statuses/${randomUUID()}`, { as: as(), body: { name: "x" } }), 404, "status_not_found");
    });

    const patchConversationById = (id: string) => test.api.patch(`/api/conversations/${id}`, { as: as(), body: { priority: "high" } });
  });

  describe("409 conflicts", () => {
    it("refuses an agent email that is taken, in any letter case", async () => {
      const body = { email: account.admin.email.toUpperCase(), name: "Twin", role: "agent", password: "long enough password" };
      expectError(await test.api.post("/api/agents", { as: as(), body }), 409, "agent_email_taken");
    });

    it("refuses a team name that is taken, on create and on rename", async () => {
      expect((await test.api.post("/api/teams", { as: as(), body: { name: "Billing" } })).status).toBe(201);
      expectError(await test.api.post("/api/teams", { as: as(), body: { name: "Billing" } }), 409, "team_name_taken");
      const other = await test.api.post("/api/teams", { as: as(), body: { name: "Returns" } });
      expectError(await test.api.patch(`/api/teams/${other.body.data.id}`, { as: as(), body: { name: "Billing" } }), 409, "team_name_taken");
    });

    it("refuses an identity that belongs to another customer", async () => {
      const first = await test.api.post("/api/customers", { as: as(), body: { name: "First", identities: [{ kind: "email", value: "taken@example.test" }] } });
      expect(first.status).toBe(201);
      const second = await test.api.post("/api/customers", { as: as(), body: { name: "Second" } });
      expectError(await test.api.post(`/api/customers/${second.body.data.id}/identities`, { as: as(), body: { kind: "email", value: "TAKEN@example.test" } }), 409, "identity_taken");
      expectError(await test.api.post("/api/customers", { as: as(), body: { name: "Third", identities: [{ kind: "email", value: "taken@example.test" }] } }), 409, "identity_taken");
      const customers = await test.api.get("/api/customers?query=Third", { as: as() });
      expect(customers.body.data).toEqual([]); // the refused customer was not half-created
    });

    it("refuses a status key that is taken", async () => {
      expectError(await test.api.post("/api/statuses", { as: as(), body: { key: "open", name: "Open again", kind: "open" } }), 409, "status_key_taken");
    });
  });

  describe("413 too large", () => {
    it("refuses an uploaded file over the attachment limit", async () => {
      const upload = multipartFile("huge.bin", Buffer.alloc(limits.attachmentBytes + 1, 1));
      const response = await test.api.post("/api/attachments", { as: as(), body: upload.body, headers: upload.headers });
      expectError(response, 413, "attachment_too_large");
      const [row] = await rows(sql`select count(*)::int as count from attachments where account_id = ${account.accountId}`);
      expect(row!.count).toBe(0);
    });

    it("refuses an API channel attachment over the limit and stores nothing", async () => {
      const { channel, inboundToken } = await buildApiChannel(test, account);
      const response = await test.api.post(`/api/channels/${channel.id}/messages`, {
        as: { bearer: inboundToken },
        body: {
          externalId: "too-big-1",
          customer: { identifier: "big-sender" },
          text: "See attachment",
          attachments: [{ fileName: "huge.bin", contentBase64: Buffer.alloc(limits.attachmentBytes + 1, 1).toString("base64") }],
        },
      });
      expectError(response, 413, "attachment_too_large");
      const [row] = await rows(sql`select count(*)::int as count from inbound_messages where external_id = 'too-big-1'`);
      expect(row!.count).toBe(0);
    });

    it("refuses a JSON body over the body limit", async () => {
      const response = await test.api.post("/api/teams", { as: as(), body: { name: "Big", description: "x".repeat(1024 * 1024) } });
      expectError(response, 413, "payload_too_large");
    });
  });

  describe("429 too many attempts", () => {
    const login = (body: object, remoteAddress: string) => test.api.post("/api/auth/login", { body, remoteAddress });

    it("limits login attempts per IP address", async () => {
      const body = { email: "nobody@example.test", password: "wrong password" };
      for (let attempt = 1; attempt <= 10; attempt += 1) expectError(await login(body, "198.51.100.7"), 401, "invalid_credentials");
      const limited = await login(body, "198.51.100.7");
      expectError(limited, 429, "rate_limited");
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
      expectError(await login(body, "198.51.100.8"), 401, "invalid_credentials");
    });

    it("locks an agent after 5 wrong passwords and refuses even the right one while locked", async () => {
      const { agent } = await buildAgent(test, account);
      const wrong = { email: agent.email, password: "not the password" };
      for (let attempt = 1; attempt < limits.loginFailuresBeforeLockout; attempt += 1) expectError(await login(wrong, "203.0.113.1"), 401, "invalid_credentials");
      const locked = await login(wrong, "203.0.113.1");
      expectError(locked, 429, "account_locked");
      const retryAfter = Number(locked.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(limits.lockoutMinutes * 60);
      // From another address and with the right password: still locked.
      const right = await login({ email: agent.email, password: TEST_PASSWORD }, "203.0.113.2");
      expectError(right, 429, "account_locked");
      expect(Number(right.headers["retry-after"])).toBeGreaterThan(0);
      expect(right.headers["set-cookie"]).toBeUndefined();
    });

    it("counts afresh once a lockout has run out", async () => {
      const { agent } = await buildAgent(test, account);
      const wrong = { email: agent.email, password: "not the password" };
      for (let attempt = 1; attempt < limits.loginFailuresBeforeLockout; attempt += 1) expectError(await login(wrong, "203.0.113.3"), 401, "invalid_credentials");
      expectError(await login(wrong, "203.0.113.3"), 429, "account_locked");
      // The lockout ends (as if its minutes had passed).
      await test.connection.executeSql("update agents set locked_until = now() - interval '1 second' where id = $1", [agent.id]);
      // One more slip is one failure, not a new lockout.
      expectError(await login(wrong, "203.0.113.4"), 401, "invalid_credentials");
      const right = await login({ email: agent.email, password: TEST_PASSWORD }, "203.0.113.4");
      expect(right.status).toBe(200);
    });
  });

  describe("website chat widget", () => {
    it("answers invalid widget requests with the one error shape", async () => {
      const chat = await test.services.channels.create(account.adminActor, { type: "chat", name: "Errors chat", isEnabled: true, settings: { allowedOrigins: ["https://shop.example"] } });
      expectError(await test.api.get("/api/widget/config?channelId=nope"), 400, "validation_failed", "querystring.channelId");
      expectError(await test.api.get(`/api/widget/config?channelId=${randomUUID()}`), 404, "channel_not_found");
      expectError(await test.api.get(`/api/widget/config?channelId=${chat.channel.id}`, { headers: { origin: "https://elsewhere.example" } }), 403, "chat_origin_forbidden");
      expectError(await test.api.post("/api/widget/sessions", { body: { channelId: chat.channel.id, identity: { userId: "u" } } }), 400, "validation_failed");
      expectError(await test.api.post("/api/widget/sessions", { body: { channelId: chat.channel.id, identity: { userId: "u", signature: "0".repeat(64) } } }), 401, "chat_identity_invalid");
      const session = await test.api.post("/api/widget/sessions", { body: { channelId: chat.channel.id } });
      const visitor = { bearer: session.body.data.visitorToken as string };
      expectError(await test.api.post("/api/widget/messages", { body: { clientMessageId: "x", text: "hi" } }), 401, "chat_visitor_token_invalid");
      expectError(await test.api.post("/api/widget/messages", { as: visitor, body: { text: "hi" } }), 400, "validation_failed", "body.clientMessageId");
      expectError(await test.api.post("/api/widget/messages", { as: visitor, body: { clientMessageId: "x", text: "x".repeat(limits.messageTextLength + 1) } }), 400, "validation_failed", "body.text");
      expectError(await test.api.post("/api/widget/email", { as: visitor, body: { email: "no" } }), 400, "validation_failed", "body.email");
      expectError(await test.api.post("/api/widget/typing", { as: visitor, body: { isTyping: "yes" } }), 400, "validation_failed", "body.isTyping");
      const upload = multipartFile("a.txt", Buffer.from("hello"));
      expectError(await test.api.post("/api/widget/attachments", { as: visitor, body: upload.body, headers: upload.headers }), 400, "validation_failed", "body.clientMessageId");
      expectError(await test.api.get(`/api/widget/attachments/${randomUUID()}`), 404, "attachment_not_found");
      expectError(await test.api.get("/api/widget/socket"), 426, "websocket_required");
    });
  });

  describe("empty changes", () => {
    it("a PATCH with an empty body is answered without a server error", async () => {
      const status = await test.api.post("/api/statuses", { as: as(), body: { key: "parked", name: "Parked", kind: "on_hold" } });
      const team = await test.api.post("/api/teams", { as: as(), body: { name: "Empty patch" } });
      const customer = await test.api.post("/api/customers", { as: as(), body: { name: "Empty patch" } });
      const { channel } = await buildApiChannel(test, account);
      const hours = await test.api.post("/api/business-hours", { as: as(), body: { name: "Empty patch", timeZone: "UTC", weeklyHours: [] } });
      const category = await test.api.post("/api/knowledge/categories", { as: as(), body: { locale: "en", name: "Empty patch" } });
      const article = await test.api.post("/api/knowledge/articles", { as: as(), body: { title: "Empty patch", locale: "en", bodyMarkdown: "*Unchanged*" } });
      const intent = await test.api.post("/api/bot/intents", { as: as(), body: { name: "Empty patch", examples: ["Unchanged"] } });
      const routingRule = await test.api.post("/api/routing-rules", { as: as(), body: { name: "Empty patch", actions: {} } });
      const unchanged = [
        `/api/statuses/${status.body.data.id}`,
        `/api/teams/${team.body.data.id}`,
        `/api/customers/${customer.body.data.id}`,
        `/api/channels/${channel.id}`,
        `/api/agents/${account.admin.id}`,
        `/api/business-hours/${hours.body.data.id}`,
        `/api/knowledge/categories/${category.body.data.id}`,
        `/api/knowledge/articles/${article.body.data.id}`,
        `/api/bot/intents/${intent.body.data.id}`,
        `/api/sla-policies/${(await test.api.get("/api/sla-policies", { as: as() })).body.data[0].id}`,
        `/api/routing-rules/${routingRule.body.data.id}`,
      ];
      const routes = test.app.routeTable.filter((route) => route.method === "PATCH").map((route) => route.url);
      expect(routes.length).toBe(unchanged.length + 2); // every PATCH route is covered here
      // Statuses and teams have no GET by id: their lists show them.
      const readUrlOf = (url: string) => (/^\/api\/(statuses|teams|business-hours|knowledge\/categories|sla-policies|routing-rules)\//.test(url) ? url.slice(0, url.lastIndexOf("/")) : url);
      for (const url of unchanged) {
        const before = await test.api.get(readUrlOf(url), { as: as() });
        expect(before.status, `${url}: ${JSON.stringify(before.body)}`).toBe(200);
        const response = await test.api.patch(url, { as: as(), body: {} });
        expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBe(200);
        const after = await test.api.get(readUrlOf(url), { as: as() });
        expect(withoutUpdatedAt(after.body), url).toEqual(withoutUpdatedAt(before.body));
      }
      // One's own profile: nothing asked, nothing changed.
      const profileBefore = await test.api.get("/api/auth/session", { as: as() });
      const profile = await test.api.patch("/api/auth/profile", { as: as(), body: {} });
      expect(profile.status, JSON.stringify(profile.body)).toBe(200);
      expect(profile.body.data).toEqual(profileBefore.body.data.agent);
      // A conversation PATCH must change something: it is an explicit 400.
      expectError(await patchConversation({}), 400, "validation_failed", "body");
    });

    // updatedAt moves on every save; nextOpeningAt is "now" for a schedule that is open.
    const withoutUpdatedAt = (body: { data: unknown }) =>
      JSON.parse(JSON.stringify(body.data, (key, value) => (key === "updatedAt" || key === "nextOpeningAt" ? undefined : value)));
  });

  describe("unexpected failures", () => {
    it("answers 500 internal_error without the database's words", async () => {
      await test.connection.executeSql(`
        create function refuse_team_for_test() returns trigger language plpgsql as $$
        begin raise exception 'boom-secret: relation "teams" is broken'; end $$;
        create trigger refuse_team_for_test before insert on teams for each row execute function refuse_team_for_test();
      `);
      try {
        expectError(await test.api.post("/api/teams", { as: as(), body: { name: "Exploding" } }), 500, "internal_error");
      } finally {
        await test.connection.executeSql("drop trigger refuse_team_for_test on teams; drop function refuse_team_for_test();");
      }
      expect((await test.api.post("/api/teams", { as: as(), body: { name: "Exploding" } })).status).toBe(201);
    });
  });

  async function rows(query: ReturnType<typeof sql>): Promise<Array<{ count: number }>> {
    const result = await test.services.deps.db.execute(query);
    return (result as unknown as { rows: Array<{ count: number }> }).rows;
  }
});
