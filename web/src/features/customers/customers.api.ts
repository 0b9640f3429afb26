import { useQuery } from "@tanstack/react-query";
import type { ConversationView, CustomerView } from "../../../../common/views";
import { api, type Envelope } from "../../api/client";
import { queryKeys } from "../../api/query-keys";

export function useCustomer(id: string) {
  return useQuery({
    queryKey: queryKeys.customer(id),
    queryFn: async ({ signal }) => (await api.get<Envelope<CustomerView>>(`/api/customers/${id}`, undefined, signal)).data,
    staleTime: 60_000,
  });
}

/** The customer's conversations, newest first. */
export function useCustomerConversations(id: string) {
  return useQuery({
    queryKey: queryKeys.customerConversations(id),
    queryFn: async ({ signal }) => (await api.get<Envelope<ConversationView[]>>(`/api/customers/${id}/conversations`, undefined, signal)).data,
    staleTime: 60_000,
  });
}
