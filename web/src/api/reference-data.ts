import { useQuery } from "@tanstack/react-query";
import type { AgentView, ChannelView, StatusView, TeamView } from "../../../common/views";
import { api, type Envelope } from "./client";
import { queryKeys } from "./query-keys";

// Reference data changes rarely; it is kept for the whole session and refreshed on reconnect.
const referenceOptions = { staleTime: 5 * 60_000, gcTime: Infinity } as const;

export function useStatuses() {
  return useQuery({
    queryKey: queryKeys.statuses,
    queryFn: async ({ signal }) => (await api.get<Envelope<StatusView[]>>("/api/statuses", undefined, signal)).data,
    ...referenceOptions,
  });
}

export function useAgents() {
  return useQuery({
    queryKey: queryKeys.agents,
    queryFn: async ({ signal }) => (await api.get<Envelope<AgentView[]>>("/api/agents", undefined, signal)).data,
    ...referenceOptions,
  });
}

export function useTeams() {
  return useQuery({
    queryKey: queryKeys.teams,
    queryFn: async ({ signal }) => (await api.get<Envelope<TeamView[]>>("/api/teams", undefined, signal)).data,
    ...referenceOptions,
  });
}

export function useChannels() {
  return useQuery({
    queryKey: queryKeys.channels,
    queryFn: async ({ signal }) => (await api.get<Envelope<ChannelView[]>>("/api/channels", undefined, signal)).data,
    ...referenceOptions,
  });
}

/** Agents who can work conversations: active and not analysts (who only read). */
export function assignableAgents(agents: AgentView[] | undefined): AgentView[] {
  return (agents ?? []).filter((agent) => agent.isActive && agent.role !== "analyst").sort((a, b) => a.name.localeCompare(b.name));
}
