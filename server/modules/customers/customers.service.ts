import type { IdentityKind } from "../../../common/domain.js";
import type { ServiceDeps } from "../../context.js";
import type { Actor, AgentActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { CustomerRow } from "../../platform/db/rows.js";
import { and, eq, isNull } from "drizzle-orm";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { agents } from "../agents/agents.table.js";
import { decodeCursor, pageFrom } from "../../platform/pagination.js";
import * as customerStore from "./customers.store.js";
import type { CustomerWithIdentities } from "./customers.store.js";
import { presentCustomer } from "./customers.presenter.js";
import type { CreateCustomerInput, IdentityInput, ListCustomersInput, UpdateCustomerInput } from "./customers.schemas.js";
import { normalizeIdentity } from "./identities.js";

export type CustomerHint = {
  identities: Array<{ kind: IdentityKind; value: string }>;
  name?: string | null;
  language?: string | null;
};

export class CustomerService {
  constructor(private readonly deps: Pick<ServiceDeps, "db" | "events">) {}

  async list(actor: AgentActor, input: ListCustomersInput): Promise<{ data: CustomerWithIdentities[]; nextCursor: string | null }> {
    const after = input.cursor ? decodeCursor(input.cursor, ["timestamp", "id"]) : null;
    const rows = await customerStore.list(this.deps.db, actor.accountId, {
      query: input.query,
      after: after ? { createdAt: String(after[0]), id: String(after[1]) } : undefined,
      limit: input.limit,
    });
    const page = pageFrom(rows, input.limit, (row) => [row.createdAtExact, row.id]);
    return { data: await customerStore.withIdentities(this.deps.db, page.data), nextCursor: page.nextCursor };
  }

  async get(actor: AgentActor, id: string): Promise<CustomerWithIdentities> {
    const customer = await customerStore.findById(this.deps.db, actor.accountId, id);
    if (!customer) throw notFound();
    const [withIdentities] = await customerStore.withIdentities(this.deps.db, [customer]);
    return withIdentities!;
  }

  async create(actor: AgentActor, input: CreateCustomerInput): Promise<CustomerWithIdentities> {
    return this.deps.db.transaction(async (tx) => {
      if (input.accountManagerId) await ensureAccountManager(tx, actor.accountId, input.accountManagerId);
      const customer = await customerStore.insert(tx, {
        accountId: actor.accountId,
        name: input.name ?? "",
        language: input.language ?? null,
        timeZone: input.timeZone ?? null,
        company: input.company ?? null,
        attributes: input.attributes ?? {},
        tags: unique(input.tags ?? []),
        accountManagerId: input.accountManagerId ?? null,
      });
      for (const identity of input.identities) await this.addIdentityIn(tx, actor.accountId, customer.id, identity);
      const [created] = await customerStore.withIdentities(tx, [customer]);
      await this.deps.events.record(tx, actor.accountId, { name: "customer.created", actor, data: { customer: presentCustomer(created!) } });
      return created!;
    });
  }

  async update(actor: AgentActor, id: string, input: UpdateCustomerInput): Promise<CustomerWithIdentities> {
    return this.deps.db.transaction(async (tx) => {
      const customer = await customerStore.findForUpdate(tx, actor.accountId, id);
      if (!customer) throw notFound();
      if (input.accountManagerId) await ensureAccountManager(tx, actor.accountId, input.accountManagerId);
      const updated = await customerStore.update(tx, customer.id, { ...input, ...(input.tags ? { tags: unique(input.tags) } : {}) });
      return this.recordUpdated(tx, actor, updated);
    });
  }

  async addIdentity(actor: AgentActor, id: string, identity: IdentityInput): Promise<CustomerWithIdentities> {
    return this.deps.db.transaction(async (tx) => {
      const customer = await customerStore.findForUpdate(tx, actor.accountId, id);
      if (!customer) throw notFound();
      await this.addIdentityIn(tx, actor.accountId, customer.id, identity);
      return this.recordUpdated(tx, actor, customer);
    });
  }

  async removeIdentity(actor: AgentActor, id: string, identityId: string): Promise<CustomerWithIdentities> {
    return this.deps.db.transaction(async (tx) => {
      const customer = await customerStore.findForUpdate(tx, actor.accountId, id);
      if (!customer) throw notFound();
      if (!(await customerStore.deleteIdentity(tx, actor.accountId, customer.id, identityId))) throw notFound();
      return this.recordUpdated(tx, actor, customer);
    });
  }

  /**
   * The customer behind an inbound message: the first known identity wins; otherwise a new
   * customer. Identities not yet known are added to the customer found. Safe when two
   * messages of a new customer arrive at once (the unique index decides, the loser re-reads).
   */
  async identifyOrCreate(tx: Executor, actor: Actor, hint: CustomerHint): Promise<{ customer: CustomerRow; isNew: boolean }> {
    const identities = hint.identities.map((identity) => ({ kind: identity.kind, value: normalizeIdentity(identity.kind, identity.value) }));
    for (const identity of identities) {
      const existing = await customerStore.findByIdentity(tx, actor.accountId, identity.kind, identity.value);
      if (existing) {
        for (const other of identities) {
          if (other !== identity) await customerStore.insertIdentity(tx, { accountId: actor.accountId, customerId: existing.id, ...other });
        }
        return { customer: existing, isNew: false };
      }
    }
    const customer = await customerStore.insert(tx, { accountId: actor.accountId, name: hint.name ?? "", language: hint.language ?? null });
    for (const identity of identities) {
      const added = await customerStore.insertIdentity(tx, { accountId: actor.accountId, customerId: customer.id, ...identity });
      if (!added) {
        // Another transaction created this customer a moment ago and has committed.
        await customerStore.deleteCustomer(tx, customer.id);
        const winner = await customerStore.findByIdentity(tx, actor.accountId, identity.kind, identity.value);
        if (!winner) throw new Error("identity conflict without a committed owner");
        return { customer: winner, isNew: false };
      }
    }
    const [created] = await customerStore.withIdentities(tx, [customer]);
    await this.deps.events.record(tx, actor.accountId, { name: "customer.created", actor, data: { customer: presentCustomer(created!) } });
    return { customer, isNew: true };
  }

  private async addIdentityIn(tx: Executor, accountId: string, customerId: string, identity: IdentityInput): Promise<void> {
    const value = normalizeIdentity(identity.kind, identity.value);
    const added = await customerStore.insertIdentity(tx, { accountId, customerId, kind: identity.kind, value });
    if (!added) {
      throw new ConflictError("identity_taken", `The ${identity.kind} ${value} already belongs to a customer.`, [{ field: "identities", kind: identity.kind, value }]);
    }
  }

  private async recordUpdated(tx: Executor, actor: AgentActor, customer: CustomerRow): Promise<CustomerWithIdentities> {
    const [withIdentities] = await customerStore.withIdentities(tx, [customer]);
    await this.deps.events.record(tx, actor.accountId, { name: "customer.updated", actor, data: { customer: presentCustomer(withIdentities!) } });
    return withIdentities!;
  }
}

async function ensureAccountManager(executor: Executor, accountId: string, agentId: string): Promise<void> {
  const [agent] = await executor
    .select({ role: agents.role })
    .from(agents)
    .where(and(eq(agents.accountId, accountId), eq(agents.id, agentId), isNull(agents.deactivatedAt)));
  if (!agent || agent.role === "analyst") {
    throw new ValidationError("agent_not_found", "The account manager must be an active agent of this account.", [{ field: "body.accountManagerId", message: "is not an active agent" }]);
  }
}

function notFound(): NotFoundError {
  return new NotFoundError("customer_not_found", "This customer does not exist.");
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
