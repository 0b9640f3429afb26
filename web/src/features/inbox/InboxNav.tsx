import { Badge, Box, NavLink, ScrollArea, Text } from "@mantine/core";
import {
  IconCircleCheck,
  IconCircleDashed,
  IconClockPause,
  IconHandStop,
  IconInbox,
  IconStairsUp,
  IconLock,
  IconSparkles,
  IconUser,
  IconUserQuestion,
  type Icon,
} from "@tabler/icons-react";
import { Link, useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import { useInboxCounts } from "./inbox.api";
import { useCurrentAgent } from "../auth/session";
import {
  countOf,
  countTextOf,
  defaultFilters,
  filtersFromSearch,
  inboxViews,
  isLevelQueueSelected,
  isViewSelected,
  levelQueueFilters,
  searchFromFilters,
  type InboxView,
} from "./inbox-filters";

const viewIcons: Record<InboxView["key"], Icon> = {
  mine: IconUser,
  unassigned: IconUserQuestion,
  active: IconInbox,
  new: IconSparkles,
  open: IconCircleDashed,
  pending: IconClockPause,
  on_hold: IconHandStop,
  solved: IconCircleCheck,
  closed: IconLock,
};

/** The inbox views with their live counts. */
export function InboxNav({ onNavigate }: { onNavigate?: () => void }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const counts = useInboxCounts();
  const isInbox = location.pathname.startsWith("/inbox");
  const current = isInbox ? filtersFromSearch(new URLSearchParams(location.search)) : null;

  const agent = useCurrentAgent();
  const linkTo = (view: InboxView) => {
    // A view keeps the other refinements (team, channel, priority…) and the sort.
    const base = current ?? defaultFilters;
    const search = searchFromFilters({ ...base, status: view.status, assignee: view.assignee, level: null }).toString();
    return `/inbox${search ? `?${search}` : ""}`;
  };
  const levelQueueSearch = searchFromFilters({ ...(current ?? defaultFilters), ...levelQueueFilters(agent.level) }).toString();
  const isLevelQueueActive = current !== null && isLevelQueueSelected(agent.level, current);

  const renderView = (view: InboxView) => {
    const ViewIcon = viewIcons[view.key];
    const count = countOf(view, counts.data);
    const countText = countTextOf(view, counts.data, i18n.language);
    const isActive = current !== null && isViewSelected(view, current);
    const label = t(`inbox.views.${view.key}`);
    return (
      <NavLink
        key={view.key}
        component={Link}
        to={linkTo(view)}
        onClick={onNavigate}
        active={isActive}
        aria-current={isActive ? "page" : undefined}
        label={label}
        leftSection={<ViewIcon size={18} stroke={1.75} aria-hidden />}
        rightSection={
          count !== undefined ? (
            <Badge size="sm" variant={isActive ? "filled" : "light"} color={isActive ? "indigo" : "gray"} aria-label={t("inbox.countLabel", { count, countText })}>
              {countText}
            </Badge>
          ) : null
        }
        styles={{ label: { fontWeight: isActive ? 600 : 500 } }}
      />
    );
  };

  return (
    <ScrollArea type="auto" style={{ flex: 1 }}>
      <Box component="nav" aria-label={t("inbox.views.label")} p="xs">
        {inboxViews.slice(0, 2).map(renderView)}
        <NavLink
          component={Link}
          to={`/inbox?${levelQueueSearch}`}
          onClick={onNavigate}
          active={isLevelQueueActive}
          aria-current={isLevelQueueActive ? "page" : undefined}
          label={t("inbox.views.levelQueue", { level: agent.level })}
          leftSection={<IconStairsUp size={18} stroke={1.75} aria-hidden />}
          styles={{ label: { fontWeight: isLevelQueueActive ? 600 : 500 } }}
        />
        {inboxViews.slice(2, 3).map(renderView)}
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4} id="status-views">
          {t("inbox.views.byStatus")}
        </Text>
        <div role="group" aria-labelledby="status-views">
          {inboxViews.slice(3).map(renderView)}
        </div>
      </Box>
    </ScrollArea>
  );
}
