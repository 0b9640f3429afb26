import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import type { AgentView } from "../../../../common/views";
import { api, isApiError, setCsrfToken, type Envelope } from "../../api/client";
import { queryKeys } from "../../api/query-keys";

export type Session = { agent: AgentView; account: { id: string; name: string }; csrfToken: string | null };

async function fetchSession(): Promise<Session | null> {
  try {
    const { data } = await api.get<Envelope<Session>>("/api/auth/session");
    setCsrfToken(data.csrfToken);
    return data;
  } catch (error) {
    if (isApiError(error, "unauthenticated")) return null;
    throw error;
  }
}

/** The logged-in agent, or null when nobody is logged in. */
export function useSessionQuery() {
  return useQuery({ queryKey: queryKeys.session, queryFn: fetchSession, staleTime: Infinity, retry: 1 });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: { email: string; password: string }) =>
      (await api.post<Envelope<Session>>("/api/auth/login", credentials)).data,
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      forgetEverythingButTheSession(queryClient);
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>("/api/auth/logout"),
    onSettled: () => {
      setCsrfToken(null);
      // The session goes first: the app switches to the login page while the rest is dropped.
      queryClient.setQueryData(queryKeys.session, null);
      forgetEverythingButTheSession(queryClient);
    },
  });
}

/** Nothing one agent saw may show up for the next one in this browser. */
function forgetEverythingButTheSession(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.session[0] });
  queryClient.getMutationCache().clear();
}

const SessionContext = createContext<Session | null>(null);
export const SessionProvider = SessionContext.Provider;

/** The session inside the logged-in part of the app. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession is used outside the logged-in app");
  return session;
}

export function useCurrentAgent(): AgentView {
  return useSession().agent;
}

/** Analysts read; everybody else works conversations. */
export function canWork(agent: AgentView): boolean {
  return agent.role !== "analyst";
}
