import type { Role } from "../../../common/domain.js";
import type { AgentActor } from "../actor.js";

/**
 * What a route demands of its caller. Every route states one; a test walks all routes.
 * - `public`: anyone (login, health, help center)
 * - `channel`: a channel's own token, checked by the route (inbound webhooks)
 * - `visitor`: a website chat visitor's token, checked by the route (the widget's API)
 * - a list of roles: a logged-in agent (session cookie or API token) with one of them
 */
export type Access = "public" | "channel" | "visitor" | readonly Role[];

export const anyRole = ["admin", "supervisor", "agent", "analyst"] as const satisfies readonly Role[];
/** Those who work conversations; analysts only read. */
export const staffRoles = ["admin", "supervisor", "agent"] as const satisfies readonly Role[];
export const managerRoles = ["admin", "supervisor"] as const satisfies readonly Role[];
export const adminRoles = ["admin"] as const satisfies readonly Role[];

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The authenticated agent; set on every route whose access is a list of roles. */
    actor: AgentActor;
    /** How the agent authenticated: a browser session (with CSRF) or an API token. */
    authentication: { kind: "session"; sessionId: string; csrfToken: string } | { kind: "api_token"; tokenId: string } | null;
  }
}
