import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Role, roles } from "../../../common/domain.js";
import { errorCodes } from "../../../common/error-codes.js";
import type { Credentials } from "../../test/api-client.js";
import { buildAccount, buildAgent, buildApiChannel, buildConversation, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";
import type { RouteRecord } from "./authentication.js";

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/**
 * API routes anyone may call, and routes that check a channel's own token. Adding one is a
 * security decision: it has to be listed here on purpose. (Outside /api/ there are only the
 * health checks and the agent app's files, which are public and read-only.)
 */
const expectedPublicApiRoutes = [
  "POST /api/auth/login",
  "GET /api/openapi.json",
  // The browsable API reference (@fastify/swagger-ui): documentation only, no account data.
  "GET /api/docs",
  "GET /api/docs/json",
  "GET /api/docs/yaml",
  "GET /api/docs/static/index.html",
  "GET /api/docs/static/swagger-initializer.js",
  "GET /api/docs/static/*",
  // The website chat widget: its configuration, starting a visitor session, attachment links
  // signed for one visitor, and the visitor socket (which authenticates by its first frame).
  "GET /api/widget/config",
  "POST /api/widget/sessions",
  "GET /api/widget/attachments/:id",
  "GET /api/widget/socket",
];
const expectedChannelRoutes = ["POST /api/channels/:id/messages"];
/** Routes of the chat widget that a visitor's token opens (checked by the route). */
const expectedVisitorRoutes = ["GET /api/widget/conversations", "POST /api/widget/messages", "POST /api/widget/attachments", "POST /api/widget/typing", "POST /api/widget/email"];
/** Public writes outside /api/: the help center's "did this help?" form (rate-limited per address). */
const expectedPublicWrites = ["POST /help/:accountSlug/:locale/articles/:slug/vote"];

/** A concrete URL for a route pattern: a fresh uuid for every `:param`, a file name for `*`. */
function urlOf(pattern: string): string {
  return pattern.replace(/:[A-Za-z]+/g, () => randomUUID()).replace(/\*$/, "index.css");
}

function rolesOf(route: RouteRecord): readonly Role[] {
  return Array.isArray(route.access) ? (route.access as readonly Role[]) : [];
}

describe("route access", () => {
  let test: TestApp;
  let account: TestAccount;
  const sessions = new Map<Role, Credentials & { cookie: string }>();
  const tokens = new Map<Role, Credentials>();
  let roleRoutes: RouteRecord[];

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
    sessions.set("admin", account.adminSession);
    for (const role of roles.filter((role) => role !== "admin")) sessions.set(role, (await buildAgent(test, account, { role })).session);
    for (const role of roles) {
      const created = await test.api.post("/api/auth/tokens", { as: sessions.get(role)!, body: { name: `${role} token` } });
      expect(created.status).toBe(201);
      tokens.set(role, { bearer: created.body.data.token });
    }
    roleRoutes = test.app.routeTable.filter((route) => Array.isArray(route.access) && route.method !== "HEAD");
  });
  afterAll(() => test.close());

  const call = (route: RouteRecord, as?: Credentials, headers?: Record<string, string>) =>
    test.api.request(route.method as Method, urlOf(route.url), { ...(as ? { as } : {}), ...(headers ? { headers } : {}) });

  it("every route declares public, channel, visitor or a non-empty list of known roles", () => {
    expect(test.app.routeTable.length).toBeGreaterThan(30);
    const undeclared = test.app.routeTable.filter((route) => {
      if (route.access === "public" || route.access === "channel" || route.access === "visitor") return false;
      return !Array.isArray(route.access) || route.access.length === 0 || !route.access.every((role) => (roles as readonly string[]).includes(role));
    });
    expect(undeclared.map((route) => `${route.method} ${route.url}`)).toEqual([]);
  });

  it("only the listed routes are public or channel-authenticated", () => {
    const withAccess = (access: string) =>
      test.app.routeTable.filter((route) => route.access === access && route.method !== "HEAD").map((route) => `${route.method} ${route.url}`);
    const isApi = (route: string) => route.split(" ")[1]!.startsWith("/api");
    expect(withAccess("public").filter(isApi).sort()).toEqual([...expectedPublicApiRoutes].sort());
    expect(withAccess("public").filter((route) => !isApi(route) && !route.startsWith("GET "))).toEqual(expectedPublicWrites);
    expect(withAccess("public")).toEqual(expect.arrayContaining(["GET /healthz", "GET /readyz"]));
    expect(withAccess("channel").sort()).toEqual([...expectedChannelRoutes].sort());
    expect(withAccess("visitor").sort()).toEqual([...expectedVisitorRoutes].sort());
  });

  it("refuses every visitor route without a valid visitor token, also with an agent's credentials", async () => {
    const visitorRoutes = test.app.routeTable.filter((route) => route.access === "visitor" && route.method !== "HEAD");
    const wrong: string[] = [];
    for (const route of visitorRoutes) {
      for (const as of [undefined, { bearer: "cdw_not-a-visitor" }, tokens.get("admin")!, sessions.get("admin")!]) {
        const response = await call(route, as);
        if (response.status !== 401 || response.body?.error?.code !== "chat_visitor_token_invalid") wrong.push(`${route.method} ${route.url}: ${response.status} ${JSON.stringify(response.body)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("refuses every role route without credentials, with 401 unauthenticated", async () => {
    expect(roleRoutes.length).toBeGreaterThan(25);
    const credentialsTried: Array<{ label: string; headers?: Record<string, string> }> = [
      { label: "none" },
      { label: "unknown bearer", headers: { authorization: "Bearer cdt_not-a-real-token" } },
      { label: "unknown session", headers: { cookie: "caredesk_session=cds_not-a-real-session", "x-csrf-token": "whatever" } },
    ];
    const wrong: string[] = [];
    for (const route of roleRoutes) {
      for (const { label, headers } of credentialsTried) {
        const response = await call(route, undefined, headers);
        if (response.status !== 401 || response.body?.error?.code !== "unauthenticated") {
          wrong.push(`${route.method} ${route.url} (${label}): ${response.status} ${JSON.stringify(response.body)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers 403 forbidden to every role a route does not allow, by session and by API token", async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of roleRoutes) {
      for (const role of roles.filter((candidate) => !rolesOf(route).includes(candidate))) {
        for (const [kind, credentials] of [["session", sessions.get(role)!], ["token", tokens.get(role)!]] as const) {
          checked += 1;
          const response = await call(route, credentials);
          if (response.status !== 403 || response.body?.error?.code !== "forbidden") {
            wrong.push(`${route.method} ${route.url} as ${role} (${kind}): ${response.status} ${JSON.stringify(response.body)}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
  });

  it("lets every allowed role past authentication and authorization, and answers without a server error", async () => {
    const wrong: string[] = [];
    for (const route of roleRoutes) {
      for (const role of rolesOf(route)) {
        // API tokens: a session could be ended by POST /api/auth/logout.
        const response = await call(route, tokens.get(role)!);
        // Random ids and no body: not found or invalid, but never a server error. (A plain GET on the
        // WebSocket route gets @fastify/websocket's bare 404.)
        const hasErrorShape = response.status < 400 || route.url === "/api/realtime" || (errorCodes as readonly string[]).includes(response.body?.error?.code);
        if (response.status === 401 || response.status === 403 || response.status >= 500 || !hasErrorShape) {
          wrong.push(`${route.method} ${route.url} as ${role}: ${response.status} ${JSON.stringify(response.body)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  describe("role limits on real resources", () => {
    it("an analyst reads conversations but cannot change them or write in them", async () => {
      const analyst = sessions.get("analyst")!;
      const conversationId = await firstConversationId();
      expect((await test.api.get(`/api/conversations/${conversationId}`, { as: analyst })).status).toBe(200);
      const patch = await test.api.patch(`/api/conversations/${conversationId}`, { as: analyst, body: { priority: "urgent" } });
      expect(patch.status).toBe(403);
      expect(patch.body.error.code).toBe("forbidden");
      const reply = await test.api.post(`/api/conversations/${conversationId}/messages`, { as: analyst, body: { text: "Hello" } });
      expect(reply.status).toBe(403);
      expect(reply.body.error.code).toBe("forbidden");
      const unchanged = await test.api.get(`/api/conversations/${conversationId}`, { as: analyst });
      expect(unchanged.body.data.priority).toBe("normal");
      expect(unchanged.body.data.messageCount).toBe(1);
    });

    it("an agent cannot create agents, channels or statuses, nor change an agent", async () => {
      const agent = sessions.get("agent")!;
      const attempts = [
        await test.api.post("/api/agents", { as: agent, body: { email: "new-agent@example.test", name: "New", role: "admin", password: "long enough password" } }),
        await test.api.post("/api/channels", { as: agent, body: { type: "api", name: "Sneaky" } }),
        await test.api.post("/api/statuses", { as: agent, body: { key: "sneaky", name: "Sneaky", kind: "open" } }),
        await test.api.patch(`/api/agents/${account.admin.id}`, { as: agent, body: { role: "agent" } }),
      ];
      for (const response of attempts) {
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe("forbidden");
      }
      const agents = await test.api.get("/api/agents", { as: agent });
      expect(agents.body.data.map((row: { email: string }) => row.email)).not.toContain("new-agent@example.test");
      const channels = await test.api.get("/api/channels", { as: agent });
      expect(channels.body.data.map((row: { name: string }) => row.name)).not.toContain("Sneaky");
    });

    it("a supervisor manages teams but not agents or channels", async () => {
      const supervisor = sessions.get("supervisor")!;
      const team = await test.api.post("/api/teams", { as: supervisor, body: { name: "Supervised" } });
      expect(team.status).toBe(201);
      const channel = await test.api.post("/api/channels", { as: supervisor, body: { type: "api", name: "Supervisor channel" } });
      expect(channel.status).toBe(403);
      expect(channel.body.error.code).toBe("forbidden");
    });
  });

  async function firstConversationId(): Promise<string> {
    const { channel } = await buildApiChannel(test, account);
    return (await buildConversation(test, channel)).id;
  }
});
