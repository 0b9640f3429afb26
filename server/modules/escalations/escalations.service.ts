import { and, eq } from "drizzle-orm";
import type { EscalationTrigger, Level } from "../../../common/domain.js";
import type { ServiceDeps } from "../../context.js";
import { type Actor, type AgentActor, systemActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { ConversationRow } from "../../platform/db/rows.js";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors.js";
import type { ConversationService } from "../conversations/conversations.service.js";
import { presentConversation } from "../conversations/conversations.presenter.js";
import * as conversationStore from "../conversations/conversations.store.js";
import type { MessageService } from "../messages/messages.service.js";
import { teams } from "../teams/teams.table.js";
import type { EscalateConversationInput } from "./escalations.schemas.js";
import { presentEscalation } from "./escalations.presenter.js";
import * as escalationStore from "./escalations.store.js";
import type { EscalationDetails } from "./escalations.store.js";

type Escalation = { to: "next_level" | "team"; teamId?: string; reason: string; trigger: EscalationTrigger };

/**
 * Hands a conversation over to the next level or another team. The reason becomes an
 * internal note, the history stays with the conversation, the assignee is released so the
 * new level or team picks it up, and `conversation.escalated` is recorded (next to the
 * `conversation.updated` and `conversation.assigned` of the change itself).
 */
export class EscalationService {
  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "events" | "logger">,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
  ) {}

  async list(actor: AgentActor, conversationId: string): Promise<EscalationDetails[]> {
    await this.conversations.get(actor, conversationId);
    return escalationStore.listForConversation(this.deps.db, actor.accountId, conversationId);
  }

  async escalate(actor: AgentActor, conversationId: string, input: EscalateConversationInput): Promise<EscalationDetails> {
    return this.deps.db.transaction(async (tx) => {
      const conversation = await conversationStore.findForUpdate(tx, actor.accountId, conversationId);
      if (!conversation) throw new NotFoundError("conversation_not_found", "This conversation does not exist.");
      return this.handOver(tx, actor, conversation, { ...input, trigger: "agent" });
    });
  }

  /**
   * An escalation Caredesk decides by itself (an SLA threshold, a second reopen, an angry
   * customer), inside the caller's transaction: once per conversation and trigger, and only
   * while a higher level exists.
   */
  async escalateAutomatically(tx: Executor, accountId: string, conversationId: string, trigger: Exclude<EscalationTrigger, "agent">, reason: string): Promise<EscalationDetails | null> {
    const conversation = await conversationStore.findForUpdate(tx, accountId, conversationId);
    if (!conversation || conversation.statusKind === "closed") return null;
    if (conversation.level >= 3) {
      this.deps.logger.info({ conversationId, trigger }, "no automatic escalation: the conversation is at the highest level");
      return null;
    }
    if (await escalationStore.hasTrigger(tx, accountId, conversationId, trigger)) return null;
    return this.handOver(tx, systemActor(accountId), conversation, { to: "next_level", reason, trigger });
  }

  /** Automatic escalation in a transaction of its own (event subscribers). */
  async escalateAutomaticallyNow(accountId: string, conversationId: string, trigger: Exclude<EscalationTrigger, "agent">, reason: string): Promise<EscalationDetails | null> {
    return this.deps.db.transaction((tx) => this.escalateAutomatically(tx, accountId, conversationId, trigger, reason));
  }

  private async handOver(tx: Executor, actor: Actor, conversation: ConversationRow, escalation: Escalation): Promise<EscalationDetails> {
    const toLevel = (escalation.to === "next_level" ? conversation.level + 1 : conversation.level) as Level;
    const toTeamId = escalation.teamId ?? conversation.teamId;
    if (toLevel > 3) throw new ConflictError("escalation_not_possible", "This conversation is already at the highest level; hand it to another team instead.");
    if (escalation.to === "team" && toTeamId === conversation.teamId) {
      throw new ConflictError("escalation_not_possible", "The conversation is already with this team.");
    }
    if (escalation.teamId) {
      const [team] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.accountId, conversation.accountId), eq(teams.id, escalation.teamId)));
      if (!team) throw new ValidationError("team_not_found", "This team does not exist.", [{ field: "body.teamId", message: "does not exist" }]);
    }
    const { message: note, conversation: withNote } = await this.messages.appendNote(tx, actor, conversation, escalation.reason);
    await this.conversations.change(tx, actor, withNote, { level: toLevel, teamId: toTeamId, assigneeId: null });
    const row = await escalationStore.insert(tx, {
      accountId: conversation.accountId,
      conversationId: conversation.id,
      trigger: escalation.trigger,
      fromLevel: conversation.level,
      toLevel,
      fromTeamId: conversation.teamId,
      toTeamId,
      reason: escalation.reason,
      noteId: note.id,
      escalatedByAgentId: actor.type === "agent" ? actor.id : null,
    });
    const details: EscalationDetails = { ...row, escalatedByName: actor.type === "agent" ? actor.name : null };
    const conversationDetails = await conversationStore.findDetails(tx, conversation.accountId, conversation.id);
    await this.deps.events.record(tx, conversation.accountId, {
      name: "conversation.escalated",
      actor,
      conversationId: conversation.id,
      data: { conversation: presentConversation(conversationDetails!), escalation: presentEscalation(details) },
    });
    return details;
  }
}
