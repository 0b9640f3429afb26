import { activeStatusKinds, levels, priorities, statusKinds, type Level, type Priority, type StatusKind } from "../../../../common/domain";
import type { InboxCountsView } from "../../../../common/views";
import type { Query } from "../../api/client";

export const inboxSorts = ["last_activity_desc", "last_activity_asc", "created_desc", "created_asc", "priority_desc", "sla_due_asc"] as const;
export type InboxSort = (typeof inboxSorts)[number];

/** "active" is every kind that still needs work; "all" is no status filter. */
export type StatusFilter = "active" | "all" | StatusKind;
/** "me", "unassigned" or an agent's id; null is anyone. */
export type AssigneeFilter = "me" | "unassigned" | (string & {}) | null;

/** What the inbox shows: kept in the address (shareable, survives reloads). */
export type InboxFilters = {
  status: StatusFilter;
  assignee: AssigneeFilter;
  teamId: string | null;
  channelId: string | null;
  priority: Priority | null;
  /** Conversations at this level (escalated work waits in the level's queue). */
  level: Level | null;
  tag: string | null;
  query: string;
  sort: InboxSort;
};

export const defaultFilters: InboxFilters = {
  status: "active",
  assignee: null,
  teamId: null,
  channelId: null,
  priority: null,
  level: null,
  tag: null,
  query: "",
  sort: "last_activity_desc",
};

/** The views in the navigation: presets of status and assignee, each with its count. */
export const inboxViews = [
  { key: "mine", status: "active", assignee: "me" },
  { key: "unassigned", status: "active", assignee: "unassigned" },
  { key: "active", status: "active", assignee: null },
  ...statusKinds.map((kind) => ({ key: kind, status: kind, assignee: null })),
] as const satisfies ReadonlyArray<{ key: string; status: StatusFilter; assignee: AssigneeFilter }>;
export type InboxView = (typeof inboxViews)[number];

export function countOf(view: InboxView, counts: InboxCountsView | undefined): number | undefined {
  if (!counts) return undefined;
  switch (view.key) {
    case "mine":
      return counts.mine;
    case "unassigned":
      return counts.unassigned;
    case "active":
      return counts.active;
    default:
      return counts.byStatusKind[view.key];
  }
}

/** A view's count for display: finished views are counted only up to a limit, shown as "10,000+". */
export function countTextOf(view: InboxView, counts: InboxCountsView | undefined, locale: string): string | undefined {
  const count = countOf(view, counts);
  if (count === undefined || !counts) return undefined;
  const text = count.toLocaleString(locale);
  return count >= counts.finishedCountLimit ? `${text}+` : text;
}

export function isViewSelected(view: InboxView, filters: InboxFilters): boolean {
  return view.status === filters.status && view.assignee === filters.assignee && filters.level === null;
}

/** The queue of a level: active, unassigned conversations at that level, the most urgent SLA first. */
export function levelQueueFilters(level: Level): Pick<InboxFilters, "status" | "assignee" | "level" | "sort"> {
  return { status: "active", assignee: "unassigned", level, sort: "sla_due_asc" };
}

export function isLevelQueueSelected(level: Level, filters: InboxFilters): boolean {
  return filters.status === "active" && filters.assignee === "unassigned" && filters.level === level;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export function filtersFromSearch(search: URLSearchParams): InboxFilters {
  const assignee = search.get("assignee");
  const uuid = (value: string | null) => (value && uuidPattern.test(value) ? value : null);
  return {
    status: oneOf(search.get("status"), ["active", "all", ...statusKinds] as const) ?? defaultFilters.status,
    assignee: assignee === "me" || assignee === "unassigned" ? assignee : uuid(assignee),
    teamId: uuid(search.get("team")),
    channelId: uuid(search.get("channel")),
    priority: oneOf(search.get("priority"), priorities),
    level: (levels as readonly number[]).includes(Number(search.get("level"))) ? (Number(search.get("level")) as Level) : null,
    tag: search.get("tag")?.trim() || null,
    query: search.get("q")?.trim() ?? "",
    sort: oneOf(search.get("sort"), inboxSorts) ?? defaultFilters.sort,
  };
}

export function searchFromFilters(filters: InboxFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.status !== defaultFilters.status) search.set("status", filters.status);
  if (filters.assignee) search.set("assignee", filters.assignee);
  if (filters.teamId) search.set("team", filters.teamId);
  if (filters.channelId) search.set("channel", filters.channelId);
  if (filters.priority) search.set("priority", filters.priority);
  if (filters.level) search.set("level", String(filters.level));
  if (filters.tag) search.set("tag", filters.tag);
  if (filters.query) search.set("q", filters.query);
  if (filters.sort !== defaultFilters.sort) search.set("sort", filters.sort);
  return search;
}

/** The query of GET /api/conversations for these filters. */
export function apiQueryOf(filters: InboxFilters): Query {
  return {
    statusKind: filters.status === "all" ? undefined : filters.status === "active" ? activeStatusKinds : [filters.status],
    assignee: filters.assignee ?? undefined,
    teamId: filters.teamId ?? undefined,
    channelId: filters.channelId ?? undefined,
    priority: filters.priority ?? undefined,
    level: filters.level ?? undefined,
    tag: filters.tag ?? undefined,
    query: filters.query || undefined,
    sort: filters.sort,
  };
}

/** How many filters beyond the view narrow the list (shown on the filter button). */
export function refinementCount(filters: InboxFilters): number {
  return [filters.teamId, filters.channelId, filters.priority, filters.tag].filter(Boolean).length;
}
