import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiTokenView } from "../../../../common/views";
import { api, type Envelope } from "../../api/client";
import { queryKeys } from "../../api/query-keys";

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api.post<void>("/api/auth/password", input),
  });
}

export function useApiTokens() {
  return useQuery({
    queryKey: queryKeys.apiTokens,
    queryFn: async ({ signal }) => (await api.get<Envelope<ApiTokenView[]>>("/api/auth/tokens", undefined, signal)).data,
  });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) => (await api.post<Envelope<{ token: string; apiToken: ApiTokenView }>>("/api/auth/tokens", { name })).data,
    onSuccess: ({ apiToken }) => {
      queryClient.setQueryData<ApiTokenView[]>(queryKeys.apiTokens, (tokens) => (tokens ? [apiToken, ...tokens] : tokens));
      void queryClient.invalidateQueries({ queryKey: queryKeys.apiTokens });
    },
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/auth/tokens/${id}`),
    onSuccess: (_result, id) => {
      queryClient.setQueryData<ApiTokenView[]>(queryKeys.apiTokens, (tokens) => tokens?.filter((token) => token.id !== id));
    },
  });
}
