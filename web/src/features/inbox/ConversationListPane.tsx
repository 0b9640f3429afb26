import { ActionIcon, Badge, Button, Center, Collapse, Group, Loader, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconAdjustmentsHorizontal, IconInbox, IconRefresh } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ConversationView } from "../../../../common/views";
import { useStatuses } from "../../api/reference-data";
import { errorMessage } from "../../i18n/errors";
import { useShortcuts } from "../../shortcuts/use-shortcuts";
import { prefetchConversation } from "../conversation/conversation.api";
import { useDocumentTitle } from "../../ui/use-document-title";
import { ConversationRow } from "./ConversationRow";
import { InboxFiltersPanel } from "./InboxFiltersPanel";
import { useConversationList, useInboxFilters } from "./inbox.api";
import { InboxSearch } from "./InboxSearch";
import { inboxViews, isLevelQueueSelected, isViewSelected, refinementCount } from "./inbox-filters";
import { LoadMore } from "./LoadMore";
import { SortMenu } from "./SortMenu";
import classes from "./Inbox.module.css";

/** The inbox list: title, search, filters, sort and the conversations, loaded page by page. */
export function ConversationListPane({ selectedId }: { selectedId: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { filters, setFilters, search: searchString } = useInboxFilters();
  const list = useConversationList(filters);
  const statuses = useStatuses();
  const [areFiltersOpen, setFiltersOpen] = useState(() => refinementCount(filters) > 0);
  const searchInput = useRef<HTMLInputElement>(null);
  const listElement = useRef<HTMLUListElement>(null);
  const conversations = list.data?.pages.flatMap((page) => page.data) ?? [];
  const view = inboxViews.find((candidate) => isViewSelected(candidate, filters));
  const isLevelQueue = filters.level !== null && isLevelQueueSelected(filters.level, filters);
  const title = view ? t(`inbox.views.${view.key}`) : isLevelQueue ? t("inbox.views.levelQueue", { level: filters.level }) : t("inbox.filtered");
  const refinements = refinementCount(filters);
  useDocumentTitle(selectedId ? null : title);

  const search = useCallback((query: string) => setFilters({ query }, { replace: true }), [setFilters]);
  const prefetch = useCallback((conversation: ConversationView) => prefetchConversation(queryClient, conversation), [queryClient]);

  const moveFocus = useCallback((step: 1 | -1) => {
    const rows = [...(listElement.current?.querySelectorAll<HTMLAnchorElement>("[data-conversation-row]") ?? [])];
    if (rows.length === 0) return;
    const focused = rows.indexOf(document.activeElement as HTMLAnchorElement);
    const selected = rows.findIndex((row) => row.dataset.selected !== undefined);
    const from = focused >= 0 ? focused : selected;
    const next = from < 0 ? (step === 1 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, from + step));
    rows[next]?.focus();
    rows[next]?.scrollIntoView({ block: "nearest" });
  }, []);

  useShortcuts({
    j: () => moveFocus(1),
    k: () => moveFocus(-1),
    "/": () => searchInput.current?.focus(),
  });

  const onListKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      moveFocus(event.key === "ArrowDown" ? 1 : -1);
    }
  };

  const hrefOf = (conversation: ConversationView) => `/inbox/${conversation.id}${searchString ? `?${searchString}` : ""}`;

  return (
    <section className={classes.listPane} aria-labelledby="inbox-title">
      <div className={classes.listHeader}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Title order={1} size="h4" id="inbox-title" className={classes.listTitle}>
            {title}
          </Title>
          <Group gap={4} wrap="nowrap">
            <SortMenu sort={filters.sort} onChange={(sort) => setFilters({ sort })} />
            <Tooltip label={t("inbox.filters.toggle")}>
              <ActionIcon
                variant={areFiltersOpen || refinements > 0 ? "light" : "subtle"}
                color={refinements > 0 ? "indigo" : "gray"}
                size="lg"
                aria-label={refinements > 0 ? t("inbox.filters.toggleWithCount", { count: refinements }) : t("inbox.filters.toggle")}
                aria-expanded={areFiltersOpen}
                aria-controls="inbox-filters"
                onClick={() => setFiltersOpen((open) => !open)}
              >
                <IconAdjustmentsHorizontal size={18} aria-hidden />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        <InboxSearch ref={searchInput} query={filters.query} onSearch={search} onLeaveDown={() => moveFocus(1)} />
        <Collapse expanded={areFiltersOpen} id="inbox-filters">
          <InboxFiltersPanel filters={filters} onChange={setFilters} />
        </Collapse>
      </div>

      <div className={classes.listScroll} aria-busy={list.isFetching && !list.isFetchingNextPage}>
        {list.isPending ? (
          <Center p="xl">
            <Loader size="sm" aria-label={t("common.loading")} />
          </Center>
        ) : list.isError && conversations.length === 0 ? (
          <Stack align="center" p="xl" gap="xs" role="alert">
            <Text size="sm">{errorMessage(t, list.error)}</Text>
            <Button size="xs" variant="light" leftSection={<IconRefresh size={14} aria-hidden />} onClick={() => void list.refetch()}>
              {t("common.retry")}
            </Button>
          </Stack>
        ) : conversations.length === 0 ? (
          <Stack align="center" p="xl" gap={6} c="dimmed">
            <IconInbox size={32} stroke={1.5} aria-hidden />
            <Text size="sm" fw={500}>
              {filters.query ? t("inbox.empty.search", { query: filters.query }) : t("inbox.empty.view")}
            </Text>
          </Stack>
        ) : (
          <>
            {filters.query && (
              <Text size="xs" c="dimmed" px="md" pt="xs" role="status">
                {t("inbox.search.results", { query: filters.query })}
              </Text>
            )}
            <ul className={classes.list} ref={listElement} aria-label={title} onKeyDown={onListKeyDown}>
              {conversations.map((conversation) => (
                <ConversationRow
                  key={conversation.id}
                  conversation={conversation}
                  href={hrefOf(conversation)}
                  isSelected={conversation.id === selectedId}
                  statuses={statuses.data}
                  onPrefetch={prefetch}
                />
              ))}
            </ul>
            <LoadMore
              hasMore={list.hasNextPage}
              isLoading={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
            />
          </>
        )}
      </div>
      {refinements > 0 && !areFiltersOpen && (
        <Group className={classes.refinementBar} gap="xs" justify="space-between">
          <Badge variant="light" color="indigo">
            {t("inbox.filters.active", { count: refinements })}
          </Badge>
          <Button size="compact-xs" variant="subtle" onClick={() => setFilters({ teamId: null, channelId: null, priority: null, tag: null })}>
            {t("inbox.filters.clear")}
          </Button>
        </Group>
      )}
    </section>
  );
}
