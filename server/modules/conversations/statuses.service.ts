import type { ServiceDeps } from "../../context.js";
import type { AgentActor } from "../../platform/actor.js";
import type { StatusRow } from "../../platform/db/rows.js";
import { ConflictError, NotFoundError } from "../../platform/errors.js";
import type { z } from "zod";
import type { CreateStatusBody, UpdateStatusBody } from "./conversations.schemas.js";
import * as statusStore from "./statuses.store.js";

/**
 * An account's own statuses. A status's kind never changes once created, because
 * conversations and reports rely on it; create a new status instead.
 */
export class StatusService {
  constructor(private readonly deps: Pick<ServiceDeps, "db">) {}

  list(actor: AgentActor): Promise<StatusRow[]> {
    return statusStore.list(this.deps.db, actor.accountId);
  }

  async create(actor: AgentActor, input: z.infer<typeof CreateStatusBody>): Promise<StatusRow> {
    if (await statusStore.findByKey(this.deps.db, actor.accountId, input.key)) {
      throw new ConflictError("status_key_taken", `A status with the key "${input.key}" already exists.`);
    }
    return statusStore.insert(this.deps.db, { accountId: actor.accountId, ...input, isBuiltIn: false });
  }

  async update(actor: AgentActor, id: string, input: z.infer<typeof UpdateStatusBody>): Promise<StatusRow> {
    const status = await statusStore.findById(this.deps.db, actor.accountId, id);
    if (!status) throw new NotFoundError("status_not_found", "This status does not exist.");
    // An UPDATE with nothing to set is an error in SQL; nothing to change is not one here.
    if (input.name === undefined && input.position === undefined) return status;
    return statusStore.update(this.deps.db, status.id, input);
  }
}
