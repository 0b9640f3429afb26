import { randomBytes } from "node:crypto";
import type { IdentityKind, Role } from "../../common/domain.js";
import type { AgentActor } from "../platform/actor.js";
import type { AgentRow, ChannelRow, ConversationRow } from "../platform/db/rows.js";
import { actorOf } from "../modules/auth/auth.service.js";
import type { Credentials } from "./api-client.js";
import type { TestApp } from "./test-app.js";

export const TEST_PASSWORD = "correct horse battery staple";

const unique = () => randomBytes(4).toString("hex");

export type TestAccount = { accountId: string; admin: AgentRow; adminActor: AgentActor; adminSession: Credentials & { cookie: string; csrfToken: string } };

/** A new account with its admin, logged in. */
export async function buildAccount(test: TestApp, name = `Account ${unique()}`): Promise<TestAccount> {
  const { account, admin } = await test.services.accounts.create({ name, admin: { email: `admin-${unique()}@example.test`, name: "Admin", password: TEST_PASSWORD } });
  const adminSession = await test.api.login(admin.email, TEST_PASSWORD);
  return { accountId: account.id, admin, adminActor: actorOf(admin), adminSession };
}

export async function buildAgent(
  test: TestApp,
  account: TestAccount,
  overrides: { role?: Role; name?: string; level?: 1 | 2 | 3; languages?: string[]; teamIds?: string[] } = {},
): Promise<{ agent: AgentRow; actor: AgentActor; session: Credentials & { cookie: string; csrfToken: string } }> {
  const created = await test.services.agents.create(account.adminActor, {
    email: `agent-${unique()}@example.test`,
    name: overrides.name ?? `Agent ${unique()}`,
    role: overrides.role ?? "agent",
    level: overrides.level ?? 1,
    skills: [],
    languages: overrides.languages ?? ["en"],
    locale: "en",
    password: TEST_PASSWORD,
    teamIds: overrides.teamIds ?? [],
  });
  const session = await test.api.login(created.email, TEST_PASSWORD);
  return { agent: created, actor: actorOf(created), session };
}

export async function buildApiChannel(test: TestApp, account: TestAccount, settings: { webhookUrl?: string | null } = {}) {
  const { channel, credentials } = await test.services.channels.create(account.adminActor, {
    type: "api",
    name: `API ${unique()}`,
    isEnabled: true,
    settings: { webhookUrl: settings.webhookUrl ?? null },
  });
  return { channel, inboundToken: credentials.inboundToken!, signingSecret: credentials.signingSecret! };
}

export async function buildChannel(test: TestApp, account: TestAccount, type: ChannelRow["type"] = "email"): Promise<ChannelRow> {
  const { channel } = await test.services.channels.create(account.adminActor, { type, name: `${type} ${unique()}`, isEnabled: true, settings: {} });
  return channel;
}

/** A conversation opened by a customer's inbound message, through the real ingest path. */
export async function buildConversation(
  test: TestApp,
  channel: ChannelRow,
  overrides: { text?: string; subject?: string; identity?: { kind: IdentityKind; value: string }; customerName?: string } = {},
): Promise<ConversationRow> {
  const identity = overrides.identity ?? { kind: "email" as const, value: `customer-${unique()}@example.test` };
  const { conversation } = await test.services.deps.db.transaction((tx) =>
    test.services.ingest.accept(tx, channel, {
      externalId: `test-${unique()}`,
      customer: { identities: [identity], name: overrides.customerName ?? "Casey Customer", language: "en" },
      subject: overrides.subject ?? "Help needed",
      text: overrides.text ?? "Hello, I need help with my order.",
      html: null,
      attachments: [],
      sentAt: null,
    }),
  );
  return conversation;
}

/** Waits until `check` returns a truthy value (jobs and notifications are asynchronous). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ""}`);
}

/**
 * Waits until the durable event subscribers (SLA clocks, automatic escalation) have handled
 * every event recorded so far: they run as jobs, after commit, and may record events of their own.
 */
export async function settleEventSubscribers(test: TestApp, timeoutMs = 20_000): Promise<void> {
  await eventually(async () => {
    const result = await test.connection.executeSql(
      "select count(*)::int as count from pgboss.job where name like 'event.%' and state in ('created', 'retry', 'active') and start_after <= now()",
      [],
    );
    return Number(result.rows[0]?.count) === 0;
  }, timeoutMs);
}
