import { z } from "zod";
import { locales } from "../../../common/domain.js";
import { limits } from "../../../common/limits.js";
import { AgentView, ApiTokenView } from "../../../common/views.js";
import { anyRole } from "../../platform/http/access.js";
import { SESSION_COOKIE } from "../../platform/http/authentication.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { presentAgent } from "../agents/agents.presenter.js";
import { actorOf } from "./auth.service.js";


const SessionView = z.object({
  agent: AgentView,
  account: z.object({ id: z.uuid(), name: z.string() }),
  csrfToken: z.string().nullable(),
});

const tags = ["auth"];

export function registerAuthRoutes(app: HttpApp, services: Services): void {
  const { auth, deps } = services;

  app.post(
    "/api/auth/login",
    {
      schema: {
        tags,
        summary: "Log in with email and password; sets the session cookie",
        body: z.object({ email: z.email().max(254), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ data: SessionView }) },
      },
      config: { access: "public", rateLimit: { max: deps.config.loginAttemptsPerMinute, timeWindow: "1 minute" } },
    },
    async (request, reply) => {
      const { token, session, agent } = await auth.login({
        email: request.body.email,
        password: request.body.password,
        ipAddress: request.ip,
        userAgent: request.headers["user-agent"] ?? null,
      });
      void reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: "lax",
        secure: deps.config.isCookieSecure,
        path: "/",
        expires: session.expiresAt,
      });
      const actor = actorOf(agent);
      const account = await services.accounts.get(actor.accountId);
      const agentWithTeams = await services.agents.get(actor, actor.id);
      return { data: { agent: presentAgent(agentWithTeams), account: { id: account!.id, name: account!.name }, csrfToken: session.csrfToken } };
    },
  );

  app.post(
    "/api/auth/logout",
    { schema: { tags, summary: "End this session", response: { 204: z.null() } }, config: { access: anyRole } },
    async (request, reply) => {
      if (request.authentication?.kind === "session") await auth.logout(request.authentication.sessionId);
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/auth/session",
    { schema: { tags, summary: "The logged-in agent, the account and the CSRF token", response: { 200: z.object({ data: SessionView }) } }, config: { access: anyRole } },
    async (request) => {
      const agent = await services.agents.get(request.actor, request.actor.id);
      const account = await services.accounts.get(request.actor.accountId);
      const csrfToken = request.authentication?.kind === "session" ? request.authentication.csrfToken : null;
      return { data: { agent: presentAgent(agent), account: { id: account!.id, name: account!.name }, csrfToken } };
    },
  );

  app.patch(
    "/api/auth/profile",
    {
      schema: {
        tags,
        summary: "Change your own name or language",
        body: z.object({ name: z.string().trim().min(1).max(200), locale: z.enum(locales) }).partial(),
        response: { 200: z.object({ data: AgentView }) },
      },
      config: { access: anyRole },
    },
    async (request) => ({ data: presentAgent(await services.agents.updateProfile(request.actor, request.body)) }),
  );

  app.post(
    "/api/auth/password",
    {
      schema: {
        tags,
        summary: "Change your password; ends your other sessions",
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(limits.passwordMinLength).max(200) }),
        response: { 204: z.null() },
      },
      config: { access: anyRole, rateLimit: { max: 10, timeWindow: "1 minute" } },
    },
    async (request, reply) => {
      const keep = request.authentication?.kind === "session" ? request.authentication.sessionId : null;
      await auth.changePassword(request.actor, request.body, keep);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/auth/tokens",
    { schema: { tags, summary: "Your personal API tokens", response: { 200: z.object({ data: z.array(ApiTokenView) }) } }, config: { access: anyRole } },
    async (request) => ({ data: (await auth.listApiTokens(request.actor)).map(presentApiToken) }),
  );

  app.post(
    "/api/auth/tokens",
    {
      schema: {
        tags,
        summary: "Create a personal API token; the token is shown only in this response",
        body: z.object({ name: z.string().trim().min(1).max(100) }),
        response: { 201: z.object({ data: z.object({ token: z.string(), apiToken: ApiTokenView }) }) },
      },
      config: { access: anyRole },
    },
    async (request, reply) => {
      const { token, row } = await auth.createApiToken(request.actor, request.body.name);
      return reply.status(201).send({ data: { token, apiToken: presentApiToken(row) } });
    },
  );

  app.delete(
    "/api/auth/tokens/:id",
    { schema: { tags, summary: "Revoke a personal API token", params: z.object({ id: z.uuid() }), response: { 204: z.null() } }, config: { access: anyRole } },
    async (request, reply) => {
      await auth.revokeApiToken(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
}

function presentApiToken(row: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null }): ApiTokenView {
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null };
}
