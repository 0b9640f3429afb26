import { and, asc, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Priority, StatusKind } from "../../../common/domain.js";
import { statusKinds } from "../../../common/domain.js";
import type { ConversationView } from "../../../common/views.js";
import { domainEvents } from "../../platform/events/events.table.js";
import type { Credentials } from "../../test/api-client.js";
import { buildAccount, buildAgent, buildApiChannel, buildChannel, buildConversation, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

const CONVERSATION_COUNT = 30;
const statusCycle = ["new", "open", "pending", "waiting_for_parts", "solved", "closed"] as const;
const kindOfStatus: Record<(typeof statusCycle)[number], StatusKind> = {
  new: "new",
  open: "open",
  pending: "pending",
  waiting_for_parts: "on_hold",
  solved: "solved",
  closed: "closed",
};
const priorityCycle: Priority[] = ["low", "normal", "high", "urgent"];
const activeKinds: StatusKind[] = ["new", "open", "pending", "on_hold"];

/** What the test set on each conversation: the expectations are computed from this, not from the API. */
type Intended = {
  id: string;
  channelId: string;
  customerId: string;
  status: (typeof statusCycle)[number];
  statusKind: StatusKind;
  priority: Priority;
  assigneeId: string | null;
  teamId: string | null;
  tags: string[];
};

describe("conversations inbox", () => {
  let test: TestApp;
  let account: TestAccount;
  let agent: { agent: { id: string }; session: Credentials };
  let teamIds: [string, string];
  let channelIds: [string, string];
  const intended: Intended[] = [];

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
    agent = await buildAgent(test, account);
    const as = account.adminSession;
    const team = async (name: string) => (await test.api.post("/api/teams", { as, body: { name } })).body.data.id as string;
    teamIds = [await team("First level"), await team("Second level")];
    const status = await test.api.post("/api/statuses", { as, body: { key: "waiting_for_parts", name: "Waiting for parts", kind: "on_hold" } });
    expect(status.status).toBe(201);
    const channels = [(await buildApiChannel(test, account)).channel, await buildChannel(test, account, "email")];
    channelIds = [channels[0]!.id, channels[1]!.id];

    for (let index = 0; index < CONVERSATION_COUNT; index += 1) {
      const channel = channels[index % 2]!;
      const conversation = await buildConversation(test, channel, { subject: `Case ${index}`, text: `Message ${index}` });
      const status = statusCycle[index % statusCycle.length]!;
      // A new conversation that gets an assignee is opened, so new ones stay unassigned here.
      const assigneeId = status === "new" ? null : [account.admin.id, agent.agent.id, null][index % 3]!;
      const teamId = [teamIds[0], teamIds[1], null, null, null][index % 5]!;
      const tags = [["vip"], ["vip", "refund"], [], []][index % 4]!;
      const priority = priorityCycle[index % priorityCycle.length]!;
      const response = await test.api.patch(`/api/conversations/${conversation.id}`, { as, body: { status, assigneeId, teamId, tags, priority } });
      expect(response.status).toBe(200);
      intended.push({ id: conversation.id, channelId: channel.id, customerId: conversation.customerId, status, statusKind: kindOfStatus[status], priority, assigneeId, teamId, tags });
    }
  });
  afterAll(() => test.close());

  async function list(query: string, as: Credentials = account.adminSession): Promise<ConversationView[]> {
    const response = await test.api.get(`/api/conversations?limit=100&${query}`, { as });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.nextCursor).toBeNull();
    return response.body.data;
  }
  const idsOf = (rows: Array<{ id: string }>) => rows.map((row) => row.id).sort();
  const expectedIds = (where: (conversation: Intended) => boolean) => intended.filter(where).map((conversation) => conversation.id).sort();

  it("shows each conversation as it was set", async () => {
    const rows = await list("");
    expect(rows).toHaveLength(CONVERSATION_COUNT);
    for (const conversation of intended) {
      const row = rows.find((candidate) => candidate.id === conversation.id)!;
      expect(row).toMatchObject({
        status: conversation.status,
        statusKind: conversation.statusKind,
        priority: conversation.priority,
        teamId: conversation.teamId,
        tags: conversation.tags,
        channel: { id: conversation.channelId },
        customer: { id: conversation.customerId },
      });
      expect(row.assignee?.id ?? null).toBe(conversation.assigneeId);
    }
  });

  describe("filters", () => {
    it("by status kind, one or several, comma-separated or repeated", async () => {
      for (const kind of statusKinds) expect(idsOf(await list(`statusKind=${kind}`)), kind).toEqual(expectedIds((row) => row.statusKind === kind));
      const newOrOpen = expectedIds((row) => row.statusKind === "new" || row.statusKind === "open");
      expect(idsOf(await list("statusKind=new,open"))).toEqual(newOrOpen);
      expect(idsOf(await list("statusKind=new&statusKind=open"))).toEqual(newOrOpen);
    });

    it("by the account's own status, apart from the built-in one of the same kind", async () => {
      expect(idsOf(await list("status=waiting_for_parts"))).toEqual(expectedIds((row) => row.status === "waiting_for_parts"));
      expect(await list("status=on_hold")).toEqual([]);
      expect(idsOf(await list("statusKind=on_hold"))).toEqual(expectedIds((row) => row.status === "waiting_for_parts"));
    });

    it("by assignee: me, unassigned, or an agent", async () => {
      expect(idsOf(await list("assignee=me"))).toEqual(expectedIds((row) => row.assigneeId === account.admin.id));
      expect(idsOf(await list("assignee=me", agent.session))).toEqual(expectedIds((row) => row.assigneeId === agent.agent.id));
      expect(idsOf(await list("assignee=unassigned"))).toEqual(expectedIds((row) => row.assigneeId === null));
      expect(idsOf(await list(`assignee=${agent.agent.id}`))).toEqual(expectedIds((row) => row.assigneeId === agent.agent.id));
    });

    it("by team, channel, customer, priority and tag", async () => {
      expect(idsOf(await list(`teamId=${teamIds[1]}`))).toEqual(expectedIds((row) => row.teamId === teamIds[1]));
      expect(idsOf(await list(`channelId=${channelIds[0]}`))).toEqual(expectedIds((row) => row.channelId === channelIds[0]));
      expect(idsOf(await list(`customerId=${intended[7]!.customerId}`))).toEqual([intended[7]!.id]);
      expect(idsOf(await list("priority=urgent"))).toEqual(expectedIds((row) => row.priority === "urgent"));
      expect(idsOf(await list("priority=high,urgent"))).toEqual(expectedIds((row) => row.priority === "high" || row.priority === "urgent"));
      expect(idsOf(await list("tag=refund"))).toEqual(expectedIds((row) => row.tags.includes("refund")));
      expect(idsOf(await list("tag=vip"))).toEqual(expectedIds((row) => row.tags.includes("vip")));
      expect(await list("tag=unknown")).toEqual([]);
    });

    it("combined", async () => {
      const rows = await list(`statusKind=open,pending,on_hold&assignee=unassigned&channelId=${channelIds[1]}&priority=low,high`);
      expect(idsOf(rows)).toEqual(
        expectedIds(
          (row) =>
            ["open", "pending", "on_hold"].includes(row.statusKind) && row.assigneeId === null && row.channelId === channelIds[1] && ["low", "high"].includes(row.priority),
        ),
      );
    });
  });

  describe("sorting and keyset pagination", () => {
    type Sort = "last_activity_desc" | "last_activity_asc" | "created_desc" | "created_asc" | "priority_desc";
    const priorityRank: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
    /** The visible sort key of a row; ties (same millisecond) fall back to the id in the server. */
    const keyOf: Record<Sort, (row: ConversationView) => [number, number]> = {
      last_activity_desc: (row) => [0, -Date.parse(row.lastActivityAt)],
      last_activity_asc: (row) => [0, Date.parse(row.lastActivityAt)],
      created_desc: (row) => [0, -Date.parse(row.createdAt)],
      created_asc: (row) => [0, Date.parse(row.createdAt)],
      priority_desc: (row) => [-priorityRank[row.priority], -Date.parse(row.lastActivityAt)],
    };

    async function walk(query: string, limit: number): Promise<{ rows: ConversationView[]; pages: number }> {
      const rows: ConversationView[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response: { status: number; body: { data: ConversationView[]; nextCursor: string | null } } = await test.api.get(
          `/api/conversations?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
          { as: account.adminSession },
        );
        expect(response.status).toBe(200);
        expect(response.body.data.length).toBeLessThanOrEqual(limit);
        rows.push(...response.body.data);
        cursor = response.body.nextCursor;
        pages += 1;
        expect(pages).toBeLessThan(50);
      } while (cursor);
      return { rows, pages };
    }

    for (const sort of ["last_activity_desc", "last_activity_asc", "created_desc", "created_asc", "priority_desc"] as const) {
      it(`${sort}: walks every page without duplicates or gaps, in order`, async () => {
        const { rows, pages } = await walk(`sort=${sort}`, 7);
        expect(pages).toBe(Math.ceil(CONVERSATION_COUNT / 7));
        const ids = rows.map((row) => row.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual(intended.map((row) => row.id).sort());
        expect(ids).toEqual((await list(`sort=${sort}`)).map((row) => row.id));
        for (let index = 1; index < rows.length; index += 1) {
          const [previous, current] = [keyOf[sort](rows[index - 1]!), keyOf[sort](rows[index]!)];
          expect(previous[0] < current[0] || (previous[0] === current[0] && previous[1] <= current[1]), `${sort} at ${index}`).toBe(true);
        }
      });
    }

    it("pages a filtered list too", async () => {
      const { rows } = await walk("statusKind=open,pending,on_hold&sort=created_asc", 2);
      expect(rows.map((row) => row.id).sort()).toEqual(expectedIds((row) => ["open", "pending", "on_hold"].includes(row.statusKind)));
    });

    it("ends with a null cursor exactly on the last page", async () => {
      const page = await test.api.get(`/api/conversations?limit=${CONVERSATION_COUNT}`, { as: account.adminSession });
      expect(page.body.data).toHaveLength(CONVERSATION_COUNT);
      expect(page.body.nextCursor).toBeNull();
      const almost = await test.api.get(`/api/conversations?limit=${CONVERSATION_COUNT - 1}`, { as: account.adminSession });
      expect(almost.body.nextCursor).toEqual(expect.any(String));
    });
  });

  describe("counts", () => {
    it("match the data for each view and each agent", async () => {
      for (const [as, agentId] of [
        [account.adminSession, account.admin.id],
        [agent.session, agent.agent.id],
      ] as const) {
        const response = await test.api.get("/api/conversations/counts", { as });
        expect(response.status).toBe(200);
        const isActive = (row: Intended) => activeKinds.includes(row.statusKind);
        expect(response.body.data).toMatchObject({
          mine: intended.filter((row) => isActive(row) && row.assigneeId === agentId).length,
          unassigned: intended.filter((row) => isActive(row) && row.assigneeId === null).length,
          active: intended.filter(isActive).length,
          byStatusKind: Object.fromEntries(statusKinds.map((kind) => [kind, intended.filter((row) => row.statusKind === kind).length])),
        });
        expect(response.body.data.mine).toBe((await list("assignee=me&statusKind=new,open,pending,on_hold", as)).length);
      }
    });
  });
});

describe("conversation search", () => {
  let test: TestApp;
  let account: TestAccount;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
    const { channel } = await buildApiChannel(test, account);
    const open = async (name: string, subject: string, text: string) => {
      ids[name] = (await buildConversation(test, channel, { subject, text })).id;
    };
    await open("invoice", "Question", "I never received the invoice for my order.");
    await open("rechnung", "Frage", "Wo ist meine Rechnung? Ich warte seit Tagen.");
    await open("kettle", "Refund for a broken kettle", "It stopped working after a week.");
    await open("noted", "Something else", "Please call me back.");
    await open("unrelated", "Hello", "Just saying thanks.");
    const note = await test.api.post(`/api/conversations/${ids.noted}/messages`, {
      as: account.adminSession,
      body: { text: "The customer is a reseller with special conditions.", isNote: true },
    });
    expect(note.status).toBe(201);
  });
  afterAll(() => test.close());

  const search = async (query: string, extra = "") => {
    const response = await test.api.get(`/api/conversations?query=${encodeURIComponent(query)}${extra}`, { as: account.adminSession });
    expect(response.status).toBe(200);
    return (response.body.data as ConversationView[]).map((row) => row.id).sort();
  };

  it("finds English words by their stem", async () => {
    expect(await search("invoices")).toEqual([ids.invoice]);
    expect(await search("INVOICE")).toEqual([ids.invoice]);
    expect(await search("receiving invoices")).toEqual([ids.invoice]);
  });

  it("treats a blank search as no search", async () => {
    const everything = await test.api.get("/api/conversations?limit=100", { as: account.adminSession });
    expect(await search("   ", "&limit=100")).toEqual((everything.body.data as ConversationView[]).map((row) => row.id).sort());
  });

  it("finds German words by their stem", async () => {
    expect(await search("Rechnungen")).toEqual([ids.rechnung]);
    expect(await search("rechnung")).toEqual([ids.rechnung]);
  });

  it("searches subjects as well as message bodies", async () => {
    expect(await search("kettles")).toEqual([ids.kettle]);
    expect(await search("refunds")).toEqual([ids.kettle]);
    expect(await search("working")).toEqual([ids.kettle]);
  });

  it("searches internal notes", async () => {
    expect(await search("resellers")).toEqual([ids.noted]);
  });

  it("finds nothing for words no conversation contains, and combines with filters", async () => {
    expect(await search("banana")).toEqual([]);
    expect(await search("invoice", "&statusKind=solved")).toEqual([]);
    expect(await search("invoice", "&statusKind=new")).toEqual([ids.invoice]);
    expect(await search('"invoice" -order')).toEqual([]);
  });
});

describe("conversation changes and their events", () => {
  let test: TestApp;
  let account: TestAccount;
  let agentId: string;
  let teamId: string;
  let channel: Awaited<ReturnType<typeof buildApiChannel>>["channel"];

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
    agentId = (await buildAgent(test, account)).agent.id;
    teamId = (await test.api.post("/api/teams", { as: account.adminSession, body: { name: "Escalations" } })).body.data.id;
    channel = (await buildApiChannel(test, account)).channel;
    // Without SLA policies no clock records events of its own (sla.routes.test.ts covers those).
    for (const policy of (await test.api.get("/api/sla-policies", { as: account.adminSession })).body.data) {
      await test.api.delete(`/api/sla-policies/${policy.id}`, { as: account.adminSession });
    }
  });
  afterAll(() => test.close());

  const patch = (id: string, body: object) => test.api.patch(`/api/conversations/${id}`, { as: account.adminSession, body });
  // Routing records `conversation.routed` from a job, at a moment of its own: left out here.
  const eventsOf = (conversationId: string) =>
    test.services.deps.db
      .select()
      .from(domainEvents)
      .where(and(eq(domainEvents.conversationId, conversationId), ne(domainEvents.name, "conversation.routed")))
      .orderBy(asc(domainEvents.id));
  /** Events recorded after the ones already seen. */
  async function newEvents(conversationId: string, seen: number) {
    return (await eventsOf(conversationId)).slice(seen);
  }

  it("records status_changed, assigned and updated with what changed, and nothing when nothing changed", async () => {
    const conversation = await buildConversation(test, channel);
    let seen = (await eventsOf(conversation.id)).length;
    expect((await eventsOf(conversation.id)).map((event) => event.name)).toEqual(["conversation.created", "message.created"]);

    const pending = await patch(conversation.id, { status: "pending" });
    expect(pending.status).toBe(200);
    let events = await newEvents(conversation.id, seen);
    expect(events.map((event) => event.name)).toEqual(["conversation.status_changed"]);
    expect(events[0]!.data).toMatchObject({ from: "new", to: "pending", conversation: pending.body.data });
    expect(events[0]).toMatchObject({ accountId: account.accountId, actorType: "agent", actorId: account.admin.id });
    seen += events.length;

    const assigned = await patch(conversation.id, { assigneeId: agentId });
    events = await newEvents(conversation.id, seen);
    expect(events.map((event) => event.name)).toEqual(["conversation.assigned", "conversation.handed_over"]);
    expect(events[0]!.data).toMatchObject({ previousAssigneeId: null, conversation: { assignee: { id: agentId }, statusKind: "pending" } });
    expect(events[1]!.data).toMatchObject({ kind: "assignment", from: { agentId: null, teamId: null }, to: { agentId, teamId: null } });
    expect(assigned.body.data.statusKind).toBe("pending");
    seen += events.length;

    const updated = await patch(conversation.id, { priority: "high", tags: ["vip", "vip", "refund"], topic: "billing" });
    events = await newEvents(conversation.id, seen);
    expect(events.map((event) => event.name)).toEqual(["conversation.updated"]);
    expect((events[0]!.data as { changes: string[] }).changes.sort()).toEqual(["priority", "tags", "topic"]);
    expect(updated.body.data.tags).toEqual(["vip", "refund"]);
    seen += events.length;

    const unchanged = await patch(conversation.id, { priority: "high", tags: ["vip", "refund"], topic: "billing", status: "pending", assigneeId: agentId });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.data).toEqual(updated.body.data);
    expect(await newEvents(conversation.id, seen)).toEqual([]);

    const solved = await patch(conversation.id, { status: "solved", assigneeId: null, teamId });
    events = await newEvents(conversation.id, seen);
    expect(events.map((event) => event.name).sort()).toEqual(["conversation.assigned", "conversation.handed_over", "conversation.status_changed", "conversation.updated"]);
    expect(events.find((event) => event.name === "conversation.handed_over")!.data).toMatchObject({ kind: "transfer", from: { agentId, teamId: null }, to: { agentId: null, teamId } });
    expect(events.find((event) => event.name === "conversation.status_changed")!.data).toMatchObject({ from: "pending", to: "solved" });
    expect(events.find((event) => event.name === "conversation.assigned")!.data).toMatchObject({ previousAssigneeId: agentId });
    expect(events.find((event) => event.name === "conversation.updated")!.data).toMatchObject({ changes: ["teamId"] });
    expect(solved.body.data).toMatchObject({ statusKind: "solved", assignee: null, teamId, solvedAt: expect.any(String) });

    const reopened = await patch(conversation.id, { status: "open" });
    expect(reopened.body.data.solvedAt).toBeNull();
  });

  it("opens a new conversation when someone takes it", async () => {
    const conversation = await buildConversation(test, channel);
    const seen = (await eventsOf(conversation.id)).length;
    const taken = await patch(conversation.id, { assigneeId: account.admin.id });
    expect(taken.body.data).toMatchObject({ statusKind: "open", assignee: { id: account.admin.id } });
    const events = await newEvents(conversation.id, seen);
    expect(events.map((event) => event.name).sort()).toEqual(["conversation.assigned", "conversation.handed_over", "conversation.status_changed"]);
    expect(events.find((event) => event.name === "conversation.status_changed")!.data).toMatchObject({ from: "new", to: "open" });
  });

  it("records the events in the transaction of the change: a failing event undoes the change", async () => {
    const conversation = await buildConversation(test, channel);
    const before = (await test.api.get(`/api/conversations/${conversation.id}`, { as: account.adminSession })).body.data;
    const seen = (await eventsOf(conversation.id)).length;
    await test.connection.executeSql(`
      create function refuse_updated_event_for_test() returns trigger language plpgsql as $$
      begin if new.name = 'conversation.updated' then raise exception 'event refused'; end if; return new; end $$;
      create trigger refuse_updated_event_for_test before insert on domain_events for each row execute function refuse_updated_event_for_test();
    `);
    try {
      const response = await patch(conversation.id, { status: "pending", priority: "urgent" });
      expect(response.status).toBe(500);
      expect(response.body.error.code).toBe("internal_error");
    } finally {
      await test.connection.executeSql("drop trigger refuse_updated_event_for_test on domain_events; drop function refuse_updated_event_for_test();");
    }
    expect((await test.api.get(`/api/conversations/${conversation.id}`, { as: account.adminSession })).body.data).toEqual(before);
    expect(await newEvents(conversation.id, seen)).toEqual([]);
  });

  it("keeps events of other conversations and accounts apart", async () => {
    const conversation = await buildConversation(test, channel);
    await patch(conversation.id, { priority: "low" });
    const rows = await test.services.deps.db
      .select()
      .from(domainEvents)
      .where(and(eq(domainEvents.conversationId, conversation.id), eq(domainEvents.name, "conversation.updated")));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.accountId).toBe(account.accountId);
  });
});
