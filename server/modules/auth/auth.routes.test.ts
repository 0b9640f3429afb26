import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiResponse } from "../../test/api-client.js";
import { buildAccount, buildAgent, TEST_PASSWORD, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";
import { apiTokens, sessions } from "./auth.table.js";

type Session = { cookie: string; csrfToken: string };

describe("authentication", () => {
  let test: TestApp;
  let account: TestAccount;
  let loginCount = 0;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
  });
  afterAll(() => test.close());

  /** Logs in from an address of its own, so that the per-address login limit stays out of the way. */
  async function login(email: string, password: string): Promise<{ response: ApiResponse; session: Session | null }> {
    loginCount += 1;
    const response = await test.api.post("/api/auth/login", { body: { email, password }, remoteAddress: `192.0.2.${loginCount}` });
    if (response.status !== 200) return { response, session: null };
    return { response, session: { cookie: String(response.headers["set-cookie"]).split(";")[0]!, csrfToken: response.body.data.csrfToken } };
  }

  /** A request with the session cookie and, unless told otherwise, its CSRF header. */
  function withSession(session: Session, method: "GET" | "POST" | "PATCH" | "DELETE", url: string, options: { csrfToken?: string | null; body?: unknown } = {}) {
    const csrfToken = options.csrfToken === undefined ? session.csrfToken : options.csrfToken;
    return test.api.request(method, url, {
      headers: { cookie: session.cookie, ...(csrfToken === null ? {} : { "x-csrf-token": csrfToken }) },
      ...(options.body === undefined ? {} : { body: options.body }),
    });
  }

  async function newAgent() {
    const { agent } = await buildAgent(test, account);
    const { session } = await login(agent.email, TEST_PASSWORD);
    return { agent, session: session! };
  }

  describe("login", () => {
    it("sets an httpOnly, SameSite session cookie and answers the agent, account and CSRF token", async () => {
      const { response, session } = await login(account.admin.email, TEST_PASSWORD);
      expect(response.status).toBe(200);
      const cookie = String(response.headers["set-cookie"]);
      expect(cookie).toMatch(/^caredesk_session=cds_[\w-]+;/);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
      expect(cookie).toMatch(/;\s*Path=\/(;|$)/);
      expect(cookie).toMatch(/;\s*Expires=/);
      expect(response.body.data.agent).toMatchObject({ id: account.admin.id, email: account.admin.email, role: "admin" });
      expect(response.body.data.account.id).toBe(account.accountId);
      expect(response.body.data.csrfToken).toEqual(expect.any(String));
      expect(JSON.stringify(response.body)).not.toMatch(/passwordHash|argon2/);
      // Only a hash of the cookie's token is stored.
      const token = session!.cookie.split("=")[1]!;
      const rows = await test.services.deps.db.select().from(sessions).where(eq(sessions.agentId, account.admin.id));
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it("answers the same for an unknown email and a wrong password", async () => {
      const unknown = await login("nobody@example.test", TEST_PASSWORD);
      const wrong = await login(account.admin.email, "not the password");
      expect(unknown.response.status).toBe(401);
      expect(wrong.response.status).toBe(401);
      expect(unknown.response.body).toEqual(wrong.response.body);
      expect(unknown.response.body.error.code).toBe("invalid_credentials");
      expect(unknown.response.headers["set-cookie"]).toBeUndefined();
    });

    it("accepts the email in any letter case", async () => {
      expect((await login(account.admin.email.toUpperCase(), TEST_PASSWORD)).response.status).toBe(200);
    });
  });

  describe("CSRF", () => {
    it("refuses writes with the session cookie but without or with a wrong x-csrf-token", async () => {
      const { session } = await newAgent();
      const body = { name: "My token" };
      for (const csrfToken of [null, "", "wrong", `${session.csrfToken}x`]) {
        const response = await withSession(session, "POST", "/api/auth/tokens", { csrfToken, body });
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe("csrf_token_invalid");
      }
      expect((await withSession(session, "GET", "/api/auth/tokens")).body.data).toEqual([]);
      expect((await withSession(session, "POST", "/api/auth/tokens", { body })).status).toBe(201);
    });

    it("refuses another session's CSRF token", async () => {
      const first = await newAgent();
      const second = await newAgent();
      const response = await withSession(first.session, "POST", "/api/auth/logout", { csrfToken: second.session.csrfToken });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe("csrf_token_invalid");
      expect((await withSession(first.session, "GET", "/api/auth/session")).status).toBe(200);
    });

    it("lets reads through without the header, with the session's token in the answer", async () => {
      const { session } = await newAgent();
      const response = await withSession(session, "GET", "/api/auth/session", { csrfToken: null });
      expect(response.status).toBe(200);
      expect(response.body.data.csrfToken).toBe(session.csrfToken);
      expect((await withSession(session, "GET", "/api/conversations", { csrfToken: null })).status).toBe(200);
    });
  });

  describe("API tokens", () => {
    it("work without CSRF, are stored hashed, are listed without the secret and stop when revoked", async () => {
      const { agent, session } = await newAgent();
      const created = await withSession(session, "POST", "/api/auth/tokens", { body: { name: "Zapier" } });
      expect(created.status).toBe(201);
      const token: string = created.body.data.token;
      expect(token).toMatch(/^cdt_[\w-]{40,}$/);
      expect(created.body.data.apiToken).toMatchObject({ name: "Zapier", prefix: token.slice(0, 10), lastUsedAt: null });

      const rows = await test.services.deps.db.select().from(apiTokens).where(eq(apiTokens.agentId, agent.id));
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(JSON.stringify(rows)).not.toContain(token.slice(10));

      const bearer = { bearer: token };
      const me = await test.api.get("/api/auth/session", { as: bearer });
      expect(me.status).toBe(200);
      expect(me.body.data.agent.id).toBe(agent.id);
      expect(me.body.data.csrfToken).toBeNull();
      const write = await test.api.post("/api/customers", { as: bearer, body: { name: "Made by token" } });
      expect(write.status).toBe(201);

      const listed = await withSession(session, "GET", "/api/auth/tokens");
      expect(listed.body.data).toHaveLength(1);
      expect(listed.body.data[0].lastUsedAt).not.toBeNull();
      expect(JSON.stringify(listed.body)).not.toContain(token);

      const tokenId = created.body.data.apiToken.id;
      expect((await withSession(session, "DELETE", `/api/auth/tokens/${tokenId}`)).status).toBe(204);
      const afterRevoke = await test.api.get("/api/auth/session", { as: bearer });
      expect(afterRevoke.status).toBe(401);
      expect(afterRevoke.body.error.code).toBe("unauthenticated");
      expect((await withSession(session, "DELETE", `/api/auth/tokens/${tokenId}`)).body.error.code).toBe("api_token_not_found");
      expect((await withSession(session, "GET", "/api/auth/tokens")).body.data).toEqual([]);
    });

    it("can be revoked only by the agent who owns it", async () => {
      const owner = await newAgent();
      const other = await newAgent();
      const created = await withSession(owner.session, "POST", "/api/auth/tokens", { body: { name: "Mine" } });
      const response = await withSession(other.session, "DELETE", `/api/auth/tokens/${created.body.data.apiToken.id}`);
      expect(response.status).toBe(404);
      expect((await test.api.get("/api/auth/session", { as: { bearer: created.body.data.token } })).status).toBe(200);
    });
  });

  describe("logout", () => {
    it("ends this session only and clears the cookie", async () => {
      const { agent, session } = await newAgent();
      const { session: otherSession } = await login(agent.email, TEST_PASSWORD);
      const response = await withSession(session, "POST", "/api/auth/logout");
      expect(response.status).toBe(204);
      expect(String(response.headers["set-cookie"])).toMatch(/^caredesk_session=;.*(Expires=Thu, 01 Jan 1970|Max-Age=0)/i);
      const after = await withSession(session, "GET", "/api/auth/session");
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe("unauthenticated");
      expect((await withSession(otherSession!, "GET", "/api/auth/session")).status).toBe(200);
    });
  });

  describe("expiry", () => {
    it("refuses a session past its expiry", async () => {
      const { agent, session } = await newAgent();
      await test.services.deps.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.agentId, agent.id));
      const response = await withSession(session, "GET", "/api/auth/session");
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("unauthenticated");
    });
  });

  describe("password change", () => {
    it("requires the current password and a long enough new one", async () => {
      const { agent, session } = await newAgent();
      const wrongCurrent = await withSession(session, "POST", "/api/auth/password", { body: { currentPassword: "not it", newPassword: "a brand new password" } });
      expect(wrongCurrent.status).toBe(400);
      expect(wrongCurrent.body.error.code).toBe("password_incorrect");
      expect(wrongCurrent.body.error.details.map((detail: { field: string }) => detail.field)).toContain("body.currentPassword");

      const tooShort = await withSession(session, "POST", "/api/auth/password", { body: { currentPassword: TEST_PASSWORD, newPassword: "short" } });
      expect(tooShort.status).toBe(400);
      expect(tooShort.body.error.code).toBe("validation_failed");
      expect(tooShort.body.error.details.map((detail: { field: string }) => detail.field)).toContain("body.newPassword");

      const same = await withSession(session, "POST", "/api/auth/password", { body: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD } });
      expect(same.status).toBe(400);
      expect(same.body.error.code).toBe("password_too_weak");

      expect((await login(agent.email, TEST_PASSWORD)).response.status).toBe(200); // nothing changed
    });

    it("changes the password and ends the agent's other sessions, keeping this one", async () => {
      const { agent, session } = await newAgent();
      const { session: otherSession } = await login(agent.email, TEST_PASSWORD);
      const newPassword = "a brand new password";
      const changed = await withSession(session, "POST", "/api/auth/password", { body: { currentPassword: TEST_PASSWORD, newPassword } });
      expect(changed.status).toBe(204);
      expect((await withSession(session, "GET", "/api/auth/session")).status).toBe(200);
      expect((await withSession(otherSession!, "GET", "/api/auth/session")).status).toBe(401);
      expect((await login(agent.email, TEST_PASSWORD)).response.body.error.code).toBe("invalid_credentials");
      expect((await login(agent.email, newPassword)).response.status).toBe(200);
    });
  });

  describe("deactivated agents", () => {
    it("cannot log in, use their sessions or their API tokens; reactivated they log in afresh, old sessions and tokens stay dead", async () => {
      const { agent, session } = await newAgent();
      const token = (await withSession(session, "POST", "/api/auth/tokens", { body: { name: "Script" } })).body.data.token;
      const deactivated = await test.api.patch(`/api/agents/${agent.id}`, { as: account.adminSession, body: { isActive: false } });
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.data.isActive).toBe(false);

      const byLogin = await login(agent.email, TEST_PASSWORD);
      expect(byLogin.response.status).toBe(401);
      expect(byLogin.response.body.error.code).toBe("invalid_credentials");
      expect((await withSession(session, "GET", "/api/auth/session")).status).toBe(401);
      const byToken = await test.api.get("/api/conversations", { as: { bearer: token } });
      expect(byToken.status).toBe(401);
      expect(byToken.body.error.code).toBe("unauthenticated");

      await test.api.patch(`/api/agents/${agent.id}`, { as: account.adminSession, body: { isActive: true } });
      expect((await login(agent.email, TEST_PASSWORD)).response.status).toBe(200);
      expect((await withSession(session, "GET", "/api/auth/session")).status).toBe(401);
      expect((await test.api.get("/api/conversations", { as: { bearer: token } })).status).toBe(401);
    });

    it("an admin cannot deactivate themselves or drop their own admin role", async () => {
      for (const body of [{ isActive: false }, { role: "agent" }]) {
        const response = await test.api.patch(`/api/agents/${account.admin.id}`, { as: account.adminSession, body });
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe("forbidden");
      }
    });
  });
});
