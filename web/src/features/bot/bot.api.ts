import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BotConversationView, BotMode, BotSettingsView, BotTestResultView, IntentOutcome, IntentView, QualificationQuestion } from "../../../../common/bot-views";
import { api, type Envelope } from "../../api/client";
import { queryKeys } from "../../api/query-keys";

export type IntentInput = {
  name: string;
  description: string;
  examples: string[];
  articleId: string | null;
  questions: QualificationQuestion[];
  outcome: IntentOutcome;
};

export function useIntents() {
  return useQuery({
    queryKey: queryKeys.intents,
    queryFn: async ({ signal }) => (await api.get<Envelope<IntentView[]>>("/api/bot/intents", undefined, signal)).data,
  });
}

export function useSaveIntent(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: IntentInput) =>
      id ? (await api.patch<Envelope<IntentView>>(`/api/bot/intents/${id}`, input)).data : (await api.post<Envelope<IntentView>>("/api/bot/intents", input)).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.intents }),
  });
}

export function useDeleteIntent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/bot/intents/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.intents }),
  });
}

export function useBotSettings() {
  return useQuery({
    queryKey: queryKeys.botSettings,
    queryFn: async ({ signal }) => (await api.get<Envelope<BotSettingsView>>("/api/bot/settings", undefined, signal)).data,
  });
}

export type BotSettingsInput = {
  confidenceThreshold?: number | null;
  llm?: { isEnabled?: boolean; baseUrl?: string | null; model?: string | null; apiKey?: string | null };
  channels?: Array<{ channelId: string; mode: BotMode }>;
};

export function useUpdateBotSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: BotSettingsInput) => (await api.put<Envelope<BotSettingsView>>("/api/bot/settings", input)).data,
    onSuccess: (settings) => queryClient.setQueryData(queryKeys.botSettings, settings),
  });
}

export function useBotTest() {
  return useMutation({
    mutationFn: async (input: { text: string }) => (await api.post<Envelope<BotTestResultView>>("/api/bot/test", input)).data,
  });
}

export function useConversationBot(conversationId: string) {
  return useQuery({
    queryKey: queryKeys.conversationBot(conversationId),
    queryFn: async ({ signal }) => (await api.get<Envelope<BotConversationView | null>>(`/api/conversations/${conversationId}/bot`, undefined, signal)).data,
  });
}
