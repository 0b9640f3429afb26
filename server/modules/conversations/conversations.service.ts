import { and, eq, isNull } from "drizzle-orm";
import type { StatusKind } from "../../../common/domain.js";
import type { AssignmentExplanation, HandOverKind } from "../../../common/routing.js";
import type { InboxCountsView } from "../../../common/views.js";
import type { ServiceDeps } from "../../context.js";
import type { Actor, AgentActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { ChannelRow, ConversationRow, CustomerRow, StatusRow } from "../../platform/db/rows.js";
import { NotFoundError, ValidationError } from "../../platform/errors.js";
import { decodeCursor, pageFrom } from "../../platform/pagination.js";
import * as accountStore from "../accounts/accounts.store.js";
import { agents } from "../agents/agents.table.js";
import { teams } from "../teams/teams.table.js";
import type { ListConversationsInput, UpdateConversationInput } from "./conversations.schemas.js";
import * as conversationStore from "./conversations.store.js";
import type { ConversationDetails } from "./conversations.store.js";
import { presentConversation } from "./conversations.presenter.js";
import * as statusStore from "./statuses.store.js";

/** What a caller already knows about a conversation's surroundings, to present it without a query. */
export type KnownContext = { channel?: Pick<ChannelRow, "id" | "type" | "name">; customer?: Pick<CustomerRow, "id" | "name"> };

export type OpenConversationInput = {
  channelId: string;
  customerId: string;
  subject: string;
  priority?: ConversationRow["priority"];
  teamId?: string | null;
  assigneeId?: string | null;
  language?: string | null;
};

/** How a change of hands is recorded; without it the kind follows from what changed. */
export type HandOver = { kind: HandOverKind; explanation: AssignmentExplanation | null };

export class ConversationService {
  constructor(private readonly deps: Pick<ServiceDeps, "db" | "events">) {}

  async list(actor: AgentActor, input: ListConversationsInput): Promise<{ data: ConversationDetails[]; nextCursor: string | null }> {
    const after = input.cursor ? decodeCursor(input.cursor, conversationStore.cursorKinds(input.sort)) : null;
    const rows = await conversationStore.listInbox(
      this.deps.db,
      {
        accountId: actor.accountId,
        agentId: actor.id,
        statusKinds: input.statusKind,
        status: input.status,
        assignee: input.assignee,
        teamId: input.teamId,
        channelId: input.channelId,
        customerId: input.customerId,
        priorities: input.priority,
        levels: input.level,
        tag: input.tag,
        query: input.query,
      },
      input.sort,
      after,
      input.limit,
    );
    return pageFrom(rows, input.limit, (row) => conversationStore.cursorOf(input.sort, row));
  }

  counts(actor: AgentActor): Promise<InboxCountsView> {
    return conversationStore.countViews(this.deps.db, actor.accountId, actor.id);
  }

  async get(actor: AgentActor, id: string): Promise<ConversationDetails> {
    const conversation = await conversationStore.findDetails(this.deps.db, actor.accountId, id);
    if (!conversation) throw notFound();
    return conversation;
  }

  async update(actor: AgentActor, id: string, input: UpdateConversationInput): Promise<ConversationDetails> {
    return this.deps.db.transaction(async (tx) => {
      const conversation = await conversationStore.findForUpdate(tx, actor.accountId, id);
      if (!conversation) throw notFound();
      return this.change(tx, actor, conversation, input);
    });
  }

  /** Creates a numbered conversation in status `new` and records `conversation.created`. */
  async open(tx: Executor, actor: Actor, input: OpenConversationInput, known: KnownContext = {}): Promise<ConversationDetails> {
    const number = await accountStore.nextConversationNumber(tx, actor.accountId);
    if (input.teamId) await ensureTeam(tx, actor.accountId, input.teamId);
    if (input.assigneeId) await ensureAssignableAgent(tx, actor.accountId, input.assigneeId);
    const conversation = await conversationStore.insertWithFirstStatus(tx, {
      accountId: actor.accountId,
      number,
      subject: input.subject,
      channelId: input.channelId,
      customerId: input.customerId,
      priority: input.priority ?? "normal",
      teamId: input.teamId ?? null,
      assigneeId: input.assigneeId ?? null,
      language: input.language ?? null,
    });
    const details = await this.details(tx, conversation, known);
    await this.deps.events.record(tx, actor.accountId, {
      name: "conversation.created",
      actor,
      conversationId: conversation.id,
      data: { conversation: presentConversation(details) },
    });
    return details;
  }

  /**
   * Applies changes inside the caller's transaction, with one event per kind of change:
   * `conversation.status_changed`, `conversation.assigned`, `conversation.updated`.
   */
  async change(tx: Executor, actor: Actor, conversation: ConversationRow, input: UpdateConversationInput, known: KnownContext = {}, handOver?: HandOver): Promise<ConversationDetails> {
    const changes: Partial<ConversationRow> = {};
    let status: StatusRow | null = null;
    if (input.status !== undefined && input.status !== conversation.status) {
      status = await statusStore.findByKey(tx, actor.accountId, input.status);
      if (!status) throw new ValidationError("status_not_found", `There is no status "${input.status}".`, [{ field: "body.status", message: "does not exist" }]);
    }
    if (input.assigneeId !== undefined && input.assigneeId !== conversation.assigneeId) {
      if (input.assigneeId) await ensureAssignableAgent(tx, actor.accountId, input.assigneeId);
      changes.assigneeId = input.assigneeId;
      // Taking a new conversation means work has started on it.
      if (input.assigneeId && !status && conversation.statusKind === "new") status = await firstStatusOfKind(tx, actor.accountId, "open");
    }
    if (input.teamId !== undefined && input.teamId !== conversation.teamId) {
      if (input.teamId) await ensureTeam(tx, actor.accountId, input.teamId);
      changes.teamId = input.teamId;
    }
    if (status) {
      changes.status = status.key;
      changes.statusKind = status.kind;
      if (status.kind === "solved" || status.kind === "closed") changes.solvedAt = conversation.solvedAt ?? new Date();
      else changes.solvedAt = null;
    }
    const otherFields = ["subject", "priority", "level", "tags", "topic", "category", "language"] as const;
    const changedFields: string[] = [];
    for (const field of otherFields) {
      const value = field === "tags" && input.tags ? [...new Set(input.tags)] : input[field];
      if (value !== undefined && JSON.stringify(value) !== JSON.stringify(conversation[field])) {
        Object.assign(changes, { [field]: value });
        changedFields.push(field);
      }
    }
    if (changes.teamId !== undefined) changedFields.push("teamId");
    if (Object.keys(changes).length === 0) return this.details(tx, conversation, known);

    const updated = await conversationStore.update(tx, conversation.id, { ...changes, lastActivityAt: new Date() });
    const details = await this.details(tx, updated, known);
    const view = presentConversation(details);
    const base = { actor, conversationId: conversation.id } as const;
    if (changes.status !== undefined) {
      await this.deps.events.record(tx, actor.accountId, { ...base, name: "conversation.status_changed", data: { conversation: view, from: conversation.status, to: updated.status } });
    }
    if (changes.assigneeId !== undefined) {
      await this.deps.events.record(tx, actor.accountId, { ...base, name: "conversation.assigned", data: { conversation: view, previousAssigneeId: conversation.assigneeId } });
    }
    if (changedFields.length > 0) {
      await this.deps.events.record(tx, actor.accountId, { ...base, name: "conversation.updated", data: { conversation: view, changes: changedFields } });
    }
    if (changes.assigneeId !== undefined || changes.teamId !== undefined) {
      const kind = handOver?.kind ?? (changes.teamId !== undefined ? "transfer" : conversation.assigneeId ? "reassignment" : "assignment");
      await this.deps.events.record(tx, actor.accountId, {
        ...base,
        name: "conversation.handed_over",
        data: {
          conversation: view,
          kind,
          from: { agentId: conversation.assigneeId, teamId: conversation.teamId },
          to: { agentId: updated.assigneeId, teamId: updated.teamId },
          explanation: handOver?.explanation ?? null,
        },
      });
    }
    return details;
  }

  /** The conversation with its channel, customer and assignee names; queries only for what `known` lacks. */
  async details(executor: Executor, conversation: ConversationRow, known: KnownContext = {}): Promise<ConversationDetails> {
    const { channel, customer } = known;
    if (channel?.id === conversation.channelId && customer?.id === conversation.customerId && !conversation.assigneeId) {
      return { ...conversation, channelType: channel.type, channelName: channel.name, customerName: customer.name, assigneeName: null };
    }
    const details = await conversationStore.findDetails(executor, conversation.accountId, conversation.id);
    if (!details) throw notFound();
    return details;
  }
}

/** The account's first status (by position) of a built-in kind; every account has one of each. */
export async function firstStatusOfKind(executor: Executor, accountId: string, kind: StatusKind): Promise<StatusRow> {
  const statuses = await statusStore.list(executor, accountId);
  const status = statuses.find((candidate) => candidate.kind === kind);
  if (!status) throw new Error(`account ${accountId} has no status of kind ${kind}`);
  return status;
}

async function ensureAssignableAgent(executor: Executor, accountId: string, agentId: string): Promise<void> {
  const [agent] = await executor
    .select({ role: agents.role })
    .from(agents)
    .where(and(eq(agents.accountId, accountId), eq(agents.id, agentId), isNull(agents.deactivatedAt)));
  if (!agent) throw new ValidationError("agent_not_found", "This agent does not exist or is deactivated.", [{ field: "body.assigneeId", message: "is not an active agent" }]);
  if (agent.role === "analyst") throw new ValidationError("agent_not_found", "Analysts cannot be assigned conversations.", [{ field: "body.assigneeId", message: "is an analyst" }]);
}

async function ensureTeam(executor: Executor, accountId: string, teamId: string): Promise<void> {
  const [team] = await executor.select({ id: teams.id }).from(teams).where(and(eq(teams.accountId, accountId), eq(teams.id, teamId)));
  if (!team) throw new ValidationError("team_not_found", "This team does not exist.", [{ field: "body.teamId", message: "does not exist" }]);
}

function notFound(): NotFoundError {
  return new NotFoundError("conversation_not_found", "This conversation does not exist.");
}
