import { randomBytes } from "node:crypto";
import { limits } from "../../../common/limits.js";
import type { ServiceDeps } from "../../context.js";
import type { AgentActor } from "../../platform/actor.js";
import type { AgentRow, ApiTokenRow, SessionRow } from "../../platform/db/rows.js";
import { type AppError, NotFoundError, RateLimitError, UnauthorizedError, ValidationError } from "../../platform/errors.js";
import * as agentStore from "../agents/agents.store.js";
import * as authStore from "./auth.store.js";
import { decoyPasswordHash, generateToken, hashPassword, hashToken, verifyPassword } from "./secrets.js";

/** Sliding expiry is refreshed at most this often, so reads do not write on every request. */
const SESSION_TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export type LoginInput = { email: string; password: string; ipAddress: string | null; userAgent: string | null };
export type Authenticated = { actor: AgentActor; agent: AgentRow };

export function actorOf(agent: AgentRow): AgentActor {
  return { type: "agent", id: agent.id, accountId: agent.accountId, role: agent.role, name: agent.name };
}

export class AuthService {
  constructor(private readonly deps: Pick<ServiceDeps, "db" | "config">) {}

  /**
   * Email and password to a new session. Wrong guesses count against the agent; after
   * `loginFailuresBeforeLockout` the account is locked for `lockoutMinutes`, whatever the password.
   */
  async login(input: LoginInput): Promise<{ token: string; session: SessionRow; agent: AgentRow }> {
    const { db } = this.deps;
    const agent = await agentStore.findByEmail(db, input.email);
    const isPasswordCorrect = await verifyPassword(agent?.passwordHash ?? decoyPasswordHash, input.password);
    if (!agent || agent.deactivatedAt) throw invalidCredentials();
    if (agent.lockedUntil && agent.lockedUntil > new Date()) throw accountLocked(agent.lockedUntil);
    if (!isPasswordCorrect) {
      const updated = await agentStore.recordLoginFailure(db, agent.id, limits.loginFailuresBeforeLockout, limits.lockoutMinutes);
      if (updated.lockedUntil && updated.lockedUntil > new Date()) throw accountLocked(updated.lockedUntil);
      throw invalidCredentials();
    }
    if (agent.failedLoginAttempts > 0 || agent.lockedUntil) await agentStore.clearLoginFailures(db, agent.id);
    const token = generateToken("cds");
    const session = await authStore.insertSession(db, {
      accountId: agent.accountId,
      agentId: agent.id,
      tokenHash: hashToken(token),
      csrfToken: randomBytes(24).toString("base64url"),
      ipAddress: input.ipAddress,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
      expiresAt: this.sessionExpiry(),
    });
    return { token, session, agent };
  }

  async authenticateSession(token: string): Promise<(Authenticated & { session: SessionRow }) | null> {
    const found = await authStore.findLiveSession(this.deps.db, hashToken(token));
    if (!found) return null;
    if (Date.now() - found.session.lastSeenAt.getTime() > SESSION_TOUCH_INTERVAL_MS) {
      await authStore.touchSession(this.deps.db, found.session.id, this.sessionExpiry());
    }
    return { actor: actorOf(found.agent), agent: found.agent, session: found.session };
  }

  async authenticateApiToken(token: string): Promise<(Authenticated & { token: ApiTokenRow }) | null> {
    const found = await authStore.findLiveApiToken(this.deps.db, hashToken(token));
    if (!found) return null;
    const lastUsed = found.token.lastUsedAt?.getTime() ?? 0;
    if (Date.now() - lastUsed > SESSION_TOUCH_INTERVAL_MS) await authStore.markApiTokenUsed(this.deps.db, found.token.id);
    return { actor: actorOf(found.agent), agent: found.agent, token: found.token };
  }

  async logout(sessionId: string): Promise<void> {
    await authStore.deleteSession(this.deps.db, sessionId);
  }

  /** Changes the password and ends every other session of the agent. */
  async changePassword(actor: AgentActor, input: { currentPassword: string; newPassword: string }, keepSessionId: string | null): Promise<void> {
    const agent = await agentStore.findById(this.deps.db, actor.accountId, actor.id);
    if (!agent) throw new UnauthorizedError();
    if (!(await verifyPassword(agent.passwordHash, input.currentPassword))) {
      throw new ValidationError("password_incorrect", "The current password is not correct.", [{ field: "body.currentPassword", message: "is not correct" }]);
    }
    if (input.newPassword === input.currentPassword) {
      throw new ValidationError("password_too_weak", "The new password must differ from the current one.", [{ field: "body.newPassword", message: "must differ from the current password" }]);
    }
    const passwordHash = await hashPassword(input.newPassword);
    await this.deps.db.transaction(async (tx) => {
      await agentStore.update(tx, agent.id, { passwordHash });
      await authStore.deleteOtherSessions(tx, agent.id, keepSessionId);
    });
  }

  async createApiToken(actor: AgentActor, name: string): Promise<{ token: string; row: ApiTokenRow }> {
    const token = generateToken("cdt");
    const row = await authStore.insertApiToken(this.deps.db, {
      accountId: actor.accountId,
      agentId: actor.id,
      name,
      tokenHash: hashToken(token),
      prefix: token.slice(0, 10),
    });
    return { token, row };
  }

  listApiTokens(actor: AgentActor): Promise<ApiTokenRow[]> {
    return authStore.listApiTokens(this.deps.db, actor.accountId, actor.id);
  }

  async revokeApiToken(actor: AgentActor, id: string): Promise<void> {
    if (!(await authStore.revokeApiToken(this.deps.db, actor.accountId, actor.id, id))) {
      throw new NotFoundError("api_token_not_found", "This API token does not exist.");
    }
  }

  private sessionExpiry(): Date {
    return new Date(Date.now() + this.deps.config.sessionTtlHours * 3600 * 1000);
  }
}

function invalidCredentials(): AppError {
  return new UnauthorizedError("invalid_credentials", "The email address or password is not correct.");
}

function accountLocked(until: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new RateLimitError("account_locked", `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, seconds);
}
