import type { EventSubscriber } from "../../platform/events/events.js";
import type { SlaService } from "./sla.service.js";

/**
 * Keeps SLA clocks in step with the conversation without touching the services that change
 * it: every event that can move a clock (a new conversation, a message, a status, a priority,
 * a team with other business hours) makes the clock recompute itself from the database.
 */
export function slaClockSubscriber(sla: SlaService): EventSubscriber<"conversation.created" | "conversation.status_changed" | "conversation.updated" | "message.created"> {
  return {
    name: "sla-clock",
    events: ["conversation.created", "conversation.status_changed", "conversation.updated", "message.created"],
    isInterested: (event) => {
      if (event.name === "message.created") return !event.data.message.isNote;
      if (event.name === "conversation.updated") return event.data.changes.some((change) => change === "priority" || change === "teamId");
      return true;
    },
    async handle(event) {
      if (event.conversationId) await sla.reconcile(event.accountId, event.conversationId);
    },
  };
}
