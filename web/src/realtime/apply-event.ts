import type { QueryClient } from "@tanstack/react-query";
import type { DomainEvent } from "../../../common/events";
import type { AgentView } from "../../../common/views";
import { queryKeys } from "../api/query-keys";
import { scheduleInboxRefresh, storeConversation, storeMessage, updateMessage } from "../features/conversation/conversation-cache";

/** Brings the caches up to date with a committed domain event from the server. */
export function applyDomainEvent(queryClient: QueryClient, event: DomainEvent): void {
  if (isRoutingRelevant(event)) scheduleRoutingRefresh(queryClient);
  switch (event.name) {
    case "conversation.created":
    case "conversation.updated":
    case "conversation.status_changed":
    case "conversation.assigned":
    case "conversation.sla_changed":
    case "conversation.sla_warning":
    case "conversation.sla_breached":
      storeConversation(queryClient, event.data.conversation);
      scheduleInboxRefresh(queryClient);
      return;
    case "conversation.handed_off":
    case "conversation.contained":
    case "conversation.taken_over":
      storeConversation(queryClient, event.data.conversation);
      queryClient.setQueryData(queryKeys.conversationBot(event.data.bot.conversationId), event.data.bot);
      scheduleInboxRefresh(queryClient);
      return;
    case "conversation.escalated":
      storeConversation(queryClient, event.data.conversation);
      scheduleInboxRefresh(queryClient);
      void queryClient.invalidateQueries({ queryKey: queryKeys.escalations(event.data.conversation.id) });
      return;
    case "message.created":
      // The bot's state moves with the messages of its conversation (an answer, an agent's reply).
      if (event.data.message.authorType !== "customer") void queryClient.invalidateQueries({ queryKey: queryKeys.conversationBot(event.data.message.conversationId) });
      storeMessage(queryClient, event.data.message);
      storeConversation(queryClient, event.data.conversation);
      scheduleInboxRefresh(queryClient);
      return;
    case "message.updated":
      updateMessage(queryClient, event.data.message);
      return;
    case "customer.created":
      return;
    case "customer.updated":
      queryClient.setQueryData(queryKeys.customer(event.data.customer.id), event.data.customer);
      return;
    case "agent.presence_changed":
    case "agent.updated":
      queryClient.setQueryData<AgentView[]>(queryKeys.agents, (agents) => agents?.map((agent) => (agent.id === event.data.agent.id ? event.data.agent : agent)));
      return;
    case "conversation.routed":
    case "conversation.handed_over":
      storeConversation(queryClient, event.data.conversation);
      return;
    case "assignment.offered":
    case "assignment.offer_closed":
      return;
  }
}

/** Events that change a queue, an offer or an agent's load or presence. */
function isRoutingRelevant(event: DomainEvent): boolean {
  return event.name.startsWith("conversation.") || event.name.startsWith("assignment.") || event.name.startsWith("agent.");
}

let routingRefresh: ReturnType<typeof setTimeout> | null = null;

/** Board, queues and offers refetch once per burst of events rather than once per event. */
function scheduleRoutingRefresh(queryClient: QueryClient): void {
  if (routingRefresh) return;
  routingRefresh = setTimeout(() => {
    routingRefresh = null;
    void queryClient.invalidateQueries({ queryKey: queryKeys.routing });
  }, 150);
}
