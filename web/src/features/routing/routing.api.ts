import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AssignmentOfferView, QueuedConversationView, RoutingRuleActions, RoutingRuleConditions, RoutingRuleView, SupervisorBoardView, TeamAssignmentView } from "../../../../common/routing";
import type { AgentView, ConversationView } from "../../../../common/views";
import { api, type Envelope } from "../../api/client";
import { queryKeys } from "../../api/query-keys";

export function useSupervisorBoard() {
  return useQuery({
    queryKey: queryKeys.board,
    queryFn: async ({ signal }) => (await api.get<Envelope<SupervisorBoardView>>("/api/routing/board", undefined, signal)).data,
  });
}

export function useTeamQueue(teamId: string | null) {
  return useQuery({
    queryKey: queryKeys.teamQueue(teamId ?? ""),
    queryFn: async ({ signal }) => (await api.get<Envelope<QueuedConversationView[]>>(`/api/teams/${teamId}/queue`, { limit: 100 }, signal)).data,
    enabled: teamId !== null,
  });
}

export function useTakeNext() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (teamId: string) => (await api.post<Envelope<ConversationView | null>>(`/api/teams/${teamId}/queue/take`)).data,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.routing }),
  });
}

export function useMyOffers() {
  return useQuery({
    queryKey: queryKeys.offers,
    queryFn: async ({ signal }) => (await api.get<Envelope<AssignmentOfferView[]>>("/api/offers", undefined, signal)).data,
  });
}

export function useAnswerOffer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ offerId, answer }: { offerId: string; answer: "accept" | "decline" }) =>
      answer === "accept" ? (await api.post<Envelope<ConversationView>>(`/api/offers/${offerId}/accept`)).data : (await api.post<void>(`/api/offers/${offerId}/decline`), null),
    onMutate: ({ offerId }) => {
      // The popup closes at once; the server's answer reconciles.
      queryClient.setQueryData<AssignmentOfferView[]>(queryKeys.offers, (offers) => offers?.filter((offer) => offer.id !== offerId));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.routing }),
  });
}

export function useSetPresence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (presence: "online" | "away") => (await api.put<Envelope<AgentView>>("/api/presence", { presence })).data,
    onSuccess: (agent) => queryClient.setQueryData<AgentView[]>(queryKeys.agents, (agents) => agents?.map((other) => (other.id === agent.id ? agent : other))),
  });
}

export function useRoutingRules() {
  return useQuery({
    queryKey: queryKeys.routingRules,
    queryFn: async ({ signal }) => (await api.get<Envelope<RoutingRuleView[]>>("/api/routing-rules", undefined, signal)).data,
  });
}

export type RuleInput = { name: string; isEnabled: boolean; conditions: RoutingRuleConditions; actions: RoutingRuleActions };

export function useSaveRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: string | null; input: RuleInput }) =>
      id ? (await api.patch<Envelope<RoutingRuleView>>(`/api/routing-rules/${id}`, input)).data : (await api.post<Envelope<RoutingRuleView>>("/api/routing-rules", input)).data,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.routingRules }),
  });
}

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/routing-rules/${id}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.routingRules }),
  });
}

export function useReorderRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (ruleIds: string[]) => (await api.post<Envelope<RoutingRuleView[]>>("/api/routing-rules/reorder", { ruleIds })).data,
    onMutate: (ruleIds) => {
      queryClient.setQueryData<RoutingRuleView[]>(queryKeys.routingRules, (rules) =>
        rules ? ruleIds.map((id, position) => ({ ...rules.find((rule) => rule.id === id)!, position })) : rules,
      );
    },
    onSuccess: (rules) => queryClient.setQueryData(queryKeys.routingRules, rules),
    onError: () => queryClient.invalidateQueries({ queryKey: queryKeys.routingRules }),
  });
}

export function useTeamAssignment(teamId: string) {
  return useQuery({
    queryKey: queryKeys.teamAssignment(teamId),
    queryFn: async ({ signal }) => (await api.get<Envelope<TeamAssignmentView>>(`/api/teams/${teamId}/assignment`, undefined, signal)).data,
  });
}

export function useSaveTeamAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: TeamAssignmentView) => (await api.put<Envelope<TeamAssignmentView>>(`/api/teams/${input.teamId}/assignment`, { strategy: input.strategy, offerTimeoutSeconds: input.offerTimeoutSeconds })).data,
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.teamAssignment(saved.teamId), saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.routing });
    },
  });
}
