import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { ConversationView, InboxCountsView } from "../../../../common/views";
import { api, type Envelope, type Page } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { apiQueryOf, filtersFromSearch, searchFromFilters, type InboxFilters } from "./inbox-filters";

const PAGE_SIZE = 30;

export function useConversationList(filters: InboxFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.conversationList(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<ConversationView>>("/api/conversations", { ...apiQueryOf(filters), limit: PAGE_SIZE, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // Changing a filter keeps the old rows on screen until the new ones arrive: no flashing.
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useInboxCounts() {
  return useQuery({
    queryKey: queryKeys.counts,
    queryFn: async ({ signal }) => (await api.get<Envelope<InboxCountsView>>("/api/conversations/counts", undefined, signal)).data,
    staleTime: 30_000,
  });
}

/** The inbox filters in the address bar; changing them replaces the history entry for search typing. */
export function useInboxFilters() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(searchParams), [searchParams]);
  const setFilters = useCallback(
    (change: Partial<InboxFilters>, options: { replace?: boolean } = {}) => {
      setSearchParams((current) => searchFromFilters({ ...filtersFromSearch(current), ...change }), { replace: options.replace });
    },
    [setSearchParams],
  );
  return { filters, setFilters, search: searchParams.toString() };
}
