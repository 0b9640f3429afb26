import type { EventSubscriber } from "../../platform/events/events.js";
import * as clockStore from "../sla/conversation-sla.store.js";
import { reopenCountOf } from "../sla/sla-clock.js";
import type { Executor } from "../../platform/db/database.js";
import type { EscalationService } from "./escalations.service.js";
import { sentimentOf } from "./sentiment.js";

/** Reopens before Caredesk escalates by itself: the second reopen shows the first level could not solve it. */
export const REOPENS_BEFORE_ESCALATION = 2;

/**
 * Escalates automatically on the second reopen of a conversation and on a strongly negative
 * customer message. SLA warnings and breaches escalate in the SLA clock's own transaction.
 */
export function escalationSubscriber(escalations: EscalationService, db: { transaction<T>(run: (tx: Executor) => Promise<T>): Promise<T> }): EventSubscriber<"conversation.status_changed" | "message.created"> {
  return {
    name: "auto-escalation",
    events: ["conversation.status_changed", "message.created"],
    isInterested: (event) => {
      if (event.name === "message.created") {
        const { message } = event.data;
        return message.direction === "in" && message.authorType === "customer" && sentimentOf(message.text).isStronglyNegative;
      }
      return event.data.conversation.statusKind !== "solved" && event.data.conversation.statusKind !== "closed";
    },
    async handle(event) {
      if (!event.conversationId) return;
      const conversationId = event.conversationId;
      if (event.name === "message.created") {
        await escalations.escalateAutomaticallyNow(event.accountId, conversationId, "sentiment", "The customer's message reads strongly negative: escalated automatically.");
        return;
      }
      await db.transaction(async (tx) => {
        const sources = await clockStore.loadClockSources(tx, event.accountId, conversationId);
        if (!sources || reopenCountOf(sources.timeline) < REOPENS_BEFORE_ESCALATION) return;
        await escalations.escalateAutomatically(tx, event.accountId, conversationId, "reopen", `Reopened ${reopenCountOf(sources.timeline)} times: escalated automatically.`);
      });
    },
  };
}
