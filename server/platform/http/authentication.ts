import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import type { AuthService } from "../../modules/auth/auth.service.js";
import { safeEqual } from "../../modules/auth/secrets.js";
import { ForbiddenError, UnauthorizedError } from "../errors.js";
import type { Access } from "./access.js";

export const SESSION_COOKIE = "caredesk_session";
export const CSRF_HEADER = "x-csrf-token";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type RouteRecord = { method: string; url: string; access: Access | undefined };

/**
 * Authenticates every request whose route demands roles: an API token in
 * `Authorization: Bearer`, or the session cookie plus the CSRF header on writes.
 * Also refuses to start if an API route forgets to say what access it needs.
 */
export function installAuthentication(app: FastifyInstance, auth: AuthService, routes: RouteRecord[]): void {
  app.decorateRequest("actor", null as never);
  app.decorateRequest("authentication", null);

  app.addHook("onRoute", (route) => {
    const access = route.config?.access ?? pluginRouteAccess(route);
    // Written back, so that the route table and the onRequest check below see the same access.
    route.config = { ...route.config, access };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url, access });
    if (route.url.startsWith("/api/") && access === undefined) {
      throw new Error(`Route ${methods.join(",")} ${route.url} does not declare its access (public, channel, visitor or roles)`);
    }
  });

  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === "public" || access === "channel" || access === "visitor") return;
    await authenticate(request, auth);
    if (!access.includes(request.actor.role)) {
      throw new ForbiddenError("forbidden", "Your role does not allow this.");
    }
  });
}

/**
 * Routes that plugins add cannot declare access themselves: the API reference of
 * @fastify/swagger-ui under /api/docs and the agent app's files served by @fastify/static.
 * Both are public by design, like /api/openapi.json and the login page.
 */
function pluginRouteAccess(route: RouteOptions): Access | undefined {
  const isApiReference = route.url === "/api/docs" || route.url.startsWith("/api/docs/");
  // The agent app's files: one wildcard route of @fastify/static over dist/web (see app.ts).
  const isAgentAppFile = route.url === "/*";
  return isApiReference || isAgentAppFile ? "public" : undefined;
}

async function authenticate(request: FastifyRequest, auth: AuthService): Promise<void> {
  const bearer = bearerToken(request);
  if (bearer) {
    const found = await auth.authenticateApiToken(bearer);
    if (!found) throw new UnauthorizedError("unauthenticated", "The API token is not valid or was revoked.");
    request.actor = found.actor;
    request.authentication = { kind: "api_token", tokenId: found.token.id };
    return;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) throw new UnauthorizedError();
  const found = await auth.authenticateSession(cookie);
  if (!found) throw new UnauthorizedError("unauthenticated", "Your session has ended. Please log in again.");
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers[CSRF_HEADER];
    if (typeof header !== "string" || !safeEqual(header, found.session.csrfToken)) {
      throw new ForbiddenError("csrf_token_invalid", "The request is missing a valid CSRF token. Reload the page and try again.");
    }
  }
  request.actor = found.actor;
  request.authentication = { kind: "session", sessionId: found.session.id, csrfToken: found.session.csrfToken };
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header?.startsWith("Bearer ")) return null;
  const token = header.slice("Bearer ".length).trim();
  return token.length > 0 ? token : null;
}
