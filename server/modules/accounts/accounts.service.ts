import { randomBytes } from "node:crypto";
import type { Locale } from "../../../common/domain.js";
import type { ServiceDeps } from "../../context.js";
import type { AccountRow, AgentRow } from "../../platform/db/rows.js";
import { ConflictError } from "../../platform/errors.js";
import * as agentStore from "../agents/agents.store.js";
import { hashPassword } from "../auth/secrets.js";
import { insertDefaultBusinessHours } from "../business-hours/business-hours.service.js";
import { insertDefaultSlaPolicies } from "../sla/sla-defaults.js";
import { insertBuiltInStatuses } from "../conversations/statuses.store.js";
import type { Executor } from "../../platform/db/database.js";
import { slugify } from "../../platform/slug.js";
import * as accountStore from "./accounts.store.js";

export type CreateAccountInput = {
  name: string;
  /** The account's name in public URLs (help center); made from the name when not given. */
  slug?: string;
  locale?: Locale;
  timeZone?: string;
  admin: { email: string; name: string; password: string; locale?: Locale };
};

export class AccountService {
  constructor(private readonly deps: Pick<ServiceDeps, "db">) {}

  /** A new tenant with its built-in statuses and its first admin. */
  async create(input: CreateAccountInput): Promise<{ account: AccountRow; admin: AgentRow }> {
    const passwordHash = await hashPassword(input.admin.password);
    return this.deps.db.transaction(async (tx) => {
      if (await agentStore.findByEmail(tx, input.admin.email)) {
        throw new ConflictError("agent_email_taken", "An agent with this email address already exists.");
      }
      const slug = await freeSlug(tx, input.slug ?? input.name);
      const account = await accountStore.insert(tx, { name: input.name, slug, locale: input.locale ?? "en", timeZone: input.timeZone ?? "UTC" });
      await insertBuiltInStatuses(tx, account.id);
      await insertDefaultBusinessHours(tx, account);
      await insertDefaultSlaPolicies(tx, account.id);
      const admin = await agentStore.insert(tx, {
        accountId: account.id,
        email: input.admin.email.toLowerCase(),
        name: input.admin.name,
        role: "admin",
        level: 3,
        locale: input.admin.locale ?? input.locale ?? "en",
        passwordHash,
      });
      return { account, admin };
    });
  }

  async get(accountId: string): Promise<AccountRow | null> {
    return accountStore.findById(this.deps.db, accountId);
  }
}

/** The slug wanted, or with a short random suffix when another account has it. */
async function freeSlug(executor: Executor, wanted: string): Promise<string> {
  const base = slugify(wanted, 40) || "help";
  if (!(await accountStore.findBySlug(executor, base))) return base;
  for (;;) {
    const candidate = `${base}-${randomBytes(3).toString("hex")}`;
    if (!(await accountStore.findBySlug(executor, candidate))) return candidate;
  }
}
