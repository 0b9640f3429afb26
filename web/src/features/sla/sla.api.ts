import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BusinessHoursView, ConversationView, EscalationView, SlaPolicyView } from "../../../../common/views";
import { api, type Envelope } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { storeConversation, scheduleInboxRefresh } from "../conversation/conversation-cache";

export type SlaPolicyInput = Omit<SlaPolicyView, "id" | "createdAt" | "updatedAt">;
export type BusinessHoursInput = Pick<BusinessHoursView, "name" | "timeZone" | "weeklyHours" | "holidayCalendar" | "customHolidays" | "isDefault">;
export type EscalationInput = { to: "next_level"; reason: string } | { to: "team"; teamId: string; reason: string };

export function useSlaPolicies() {
  return useQuery({
    queryKey: queryKeys.slaPolicies,
    queryFn: async ({ signal }) => (await api.get<Envelope<SlaPolicyView[]>>("/api/sla-policies", undefined, signal)).data,
  });
}

export function useSaveSlaPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: string | null; input: Partial<SlaPolicyInput> }) =>
      (id ? await api.patch<Envelope<SlaPolicyView>>(`/api/sla-policies/${id}`, input) : await api.post<Envelope<SlaPolicyView>>("/api/sla-policies", input)).data,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.slaPolicies }),
  });
}

export function useDeleteSlaPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/sla-policies/${id}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.slaPolicies }),
  });
}

export function useBusinessHours() {
  return useQuery({
    queryKey: queryKeys.businessHours,
    queryFn: async ({ signal }) => (await api.get<Envelope<BusinessHoursView[]>>("/api/business-hours", undefined, signal)).data,
  });
}

export function useSaveBusinessHours() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: string | null; input: Partial<BusinessHoursInput> }) =>
      (id ? await api.patch<Envelope<BusinessHoursView>>(`/api/business-hours/${id}`, input) : await api.post<Envelope<BusinessHoursView>>("/api/business-hours", input)).data,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.businessHours }),
  });
}

export function useDeleteBusinessHours() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/business-hours/${id}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.businessHours }),
  });
}

export type HolidayCalendarOption = { country: string; name: string; states: Array<{ state: string; name: string }> };

export function useHolidayCalendars(language: string) {
  return useQuery({
    queryKey: ["holiday-calendars", language],
    queryFn: async ({ signal }) => (await api.get<Envelope<HolidayCalendarOption[]>>("/api/holiday-calendars", { language }, signal)).data,
    staleTime: Infinity,
  });
}

export function useEscalations(conversationId: string) {
  return useQuery({
    queryKey: queryKeys.escalations(conversationId),
    queryFn: async ({ signal }) => (await api.get<Envelope<EscalationView[]>>(`/api/conversations/${conversationId}/escalations`, undefined, signal)).data,
    staleTime: 30_000,
  });
}

export function useEscalate(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: EscalationInput) => (await api.post<Envelope<EscalationView>>(`/api/conversations/${conversationId}/escalations`, input)).data,
    onSuccess: async () => {
      const conversation = (await api.get<Envelope<ConversationView>>(`/api/conversations/${conversationId}`)).data;
      storeConversation(queryClient, conversation);
      scheduleInboxRefresh(queryClient);
      void queryClient.invalidateQueries({ queryKey: queryKeys.escalations(conversationId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.messages(conversationId) });
    },
  });
}
