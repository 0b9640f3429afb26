import { describe, expect, test } from "vitest";
import {
  apiQueryOf,
  countOf,
  countTextOf,
  defaultFilters,
  filtersFromSearch,
  inboxViews,
  isLevelQueueSelected,
  isViewSelected,
  levelQueueFilters,
  searchFromFilters,
} from "./inbox-filters";

const counts = { mine: 2, unassigned: 4, active: 7, byStatusKind: { new: 3, open: 3, pending: 1, on_hold: 0, solved: 2, closed: 5 }, finishedCountLimit: 10_000 };

describe("inbox filters", () => {
  test("the default inbox is every active conversation, newest activity first, with a clean address", () => {
    expect(filtersFromSearch(new URLSearchParams())).toEqual(defaultFilters);
    expect(searchFromFilters(defaultFilters).toString()).toBe("");
    expect(apiQueryOf(defaultFilters)).toMatchObject({ statusKind: ["new", "open", "pending", "on_hold"], sort: "last_activity_desc" });
  });

  test("filters survive the round trip through the address bar", () => {
    const filters = {
      ...defaultFilters,
      status: "pending" as const,
      assignee: "01a2089f-5d33-773e-a00d-23047a20061b",
      teamId: "01a2089f-5c99-757d-9063-aea3baeb0169",
      priority: "urgent" as const,
      tag: "refund",
      query: "order 20117",
      sort: "priority_desc" as const,
    };
    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
    expect(apiQueryOf(filters)).toEqual({
      statusKind: ["pending"],
      assignee: filters.assignee,
      teamId: filters.teamId,
      channelId: undefined,
      priority: "urgent",
      tag: "refund",
      query: "order 20117",
      sort: "priority_desc",
    });
  });

  test("values the server would refuse are dropped instead of breaking the list", () => {
    const filters = filtersFromSearch(new URLSearchParams("status=archived&assignee=robert&team=1&priority=asap&sort=random"));
    expect(filters).toEqual(defaultFilters);
  });

  test("a level's queue is its unassigned active conversations, the most urgent SLA first, and no other view", () => {
    const queue = { ...defaultFilters, ...levelQueueFilters(2) };
    expect(searchFromFilters(queue).toString()).toBe("assignee=unassigned&level=2&sort=sla_due_asc");
    expect(filtersFromSearch(searchFromFilters(queue))).toEqual(queue);
    expect(apiQueryOf(queue)).toMatchObject({ assignee: "unassigned", level: 2, sort: "sla_due_asc", statusKind: ["new", "open", "pending", "on_hold"] });
    expect(isLevelQueueSelected(2, queue)).toBe(true);
    expect(isLevelQueueSelected(3, queue)).toBe(false);
    expect(inboxViews.filter((view) => isViewSelected(view, queue))).toEqual([]);
    expect(filtersFromSearch(new URLSearchParams("level=7")).level).toBeNull();
  });

  test("'all' asks for every status", () => {
    expect(apiQueryOf({ ...defaultFilters, status: "all" }).statusKind).toBeUndefined();
  });

  test("each view has its count and is selected by its status and assignee", () => {
    expect(inboxViews.map((view) => [view.key, countOf(view, counts)])).toEqual([
      ["mine", 2],
      ["unassigned", 4],
      ["active", 7],
      ["new", 3],
      ["open", 3],
      ["pending", 1],
      ["on_hold", 0],
      ["solved", 2],
      ["closed", 5],
    ]);
    const closed = inboxViews.find((view) => view.key === "closed")!;
    expect(countTextOf(closed, { ...counts, byStatusKind: { ...counts.byStatusKind, closed: 10_000 } }, "en")).toBe("10,000+");
    expect(countTextOf(closed, counts, "de")).toBe("5");
    const unassigned = inboxViews.find((view) => view.key === "unassigned")!;
    expect(isViewSelected(unassigned, { ...defaultFilters, assignee: "unassigned", priority: "high" })).toBe(true);
    expect(isViewSelected(unassigned, { ...defaultFilters, assignee: "me" })).toBe(false);
  });
});
