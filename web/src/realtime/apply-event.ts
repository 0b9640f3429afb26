import type { QueryClient } from "@tanstack/react-query";
import type { DomainEvent } from "../../../common/events";
import { queryKeys } from "../api/query-keys";
import { scheduleInboxRefresh, storeConversation, storeMessage, updateMessage } from "../features/conversation/conversation-cache";

/** Brings the caches up to date with a committed domain event from the server. */
export function applyDomainEvent(queryClient: QueryClient, event: DomainEvent): void {
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
    case "conversation.escalated":
      storeConversation(queryClient, event.data.conversation);
      scheduleInboxRefresh(queryClient);
      void queryClient.invalidateQueries({ queryKey: queryKeys.escalations(event.data.conversation.id) });
      return;
    case "message.created":
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
  }
}
