import type { EventSubscriber } from "../../platform/events/events.js";
import type { BotService } from "./bot.service.js";

/**
 * The bot listens to every channel through the event log: a customer's message makes it answer,
 * an agent's reply or assignment makes it fall silent. Durable: a crash retries the job.
 */
export function botSubscriber(bot: BotService): EventSubscriber<"message.created" | "conversation.assigned"> {
  return {
    name: "bot",
    events: ["message.created", "conversation.assigned"],
    isInterested: (event) =>
      event.name === "message.created"
        ? !event.data.message.isNote && (event.data.message.authorType === "customer" || event.data.message.authorType === "agent")
        : event.data.conversation.assignee !== null,
    retryLimit: 5,
    async handle(event) {
      if (event.name === "message.created") await bot.handleMessageCreated(event);
      else if (event.conversationId) await bot.markAssigned(event.accountId, event.conversationId);
    },
  };
}
