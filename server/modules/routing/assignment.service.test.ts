import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorOf } from "../auth/auth.service.js";
import { buildAccount, buildChannel, type TestAccount } from "../../test/factories.js";
import { routingKit } from "../../test/routing-kit.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

/**
 * Assignment with the job workers off: routing, draining and offer expiry are called the
 * way their jobs call them, so every step is deterministic.
 */
describe("assignment", () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ runJobs: false });
  });
  afterAll(() => test?.close());

  async function setUp() {
    const account = await buildAccount(test);
    return { account, kit: routingKit(test, account), email: await buildChannel(test, account, "email"), chat: await buildChannel(test, account, "chat") };
  }

  const rule = (account: TestAccount, name: string, conditions: object, actions: object) =>
    test.services.routingRules.create(account.adminActor, { name, isEnabled: true, conditions: { channelTypes: [], topics: [], categories: [], languages: [], priorities: [], customerTags: [], customerAttributes: [], keywords: [], ...conditions }, actions: { teamId: null, level: null, priority: null, tags: [], skills: [], ...actions } });

  describe("strategies", () => {
    it("round robin deals conversations out in turn", async () => {
      const { account, kit, email } = await setUp();
      const agents = [await kit.agent({ name: "Ann" }), await kit.agent({ name: "Ben" }), await kit.agent({ name: "Cid" })];
      const teamId = await kit.team("round_robin", agents.map((agent) => agent.id));
      await rule(account, "All to support", {}, { teamId });
      const assignees = [];
      for (let index = 0; index < 6; index += 1) assignees.push(await kit.assigneeOf((await kit.conversation(email)).id));
      expect(new Set(assignees.slice(0, 3)).size).toBe(3);
      expect(assignees.slice(3)).toEqual(assignees.slice(0, 3));
    });

    it("least loaded gives work to the agent with the smallest share of their capacity", async () => {
      const { kit, email } = await setUp();
      const busy = await kit.agent({ name: "Busy", maxOpenConversations: 4 });
      const free = await kit.agent({ name: "Free", maxOpenConversations: 4 });
      const teamId = await kit.team("least_loaded", [busy.id, free.id]);
      for (let index = 0; index < 2; index += 1) {
        const existing = await kit.conversation(email, { isRouted: false });
        await test.services.conversations.update(actorOf(busy), existing.id, { assigneeId: busy.id });
      }
      const first = await kit.conversation(email, { teamId });
      const second = await kit.conversation(email, { teamId });
      const third = await kit.conversation(email, { teamId });
      expect([await kit.assigneeOf(first.id), await kit.assigneeOf(second.id)]).toEqual([free.id, free.id]);
      // 2 of 4 each now: the one whose turn it is (longest since their last) gets it.
      expect(await kit.assigneeOf(third.id)).toBe(busy.id);
      const [decision] = await kit.decisionsOf(first.id);
      expect(decision).toMatchObject({ outcome: "assigned", agentId: free.id });
      expect(decision!.explanation).toMatchObject({ reason: "least_loaded", strategy: "least_loaded", openConversations: 0, maxOpenConversations: 4, summary: "least loaded, level 1, speaks en, 0 of 4 open conversations" });
    });

    it("a manual team's work waits in its queue, by priority then age, until someone takes it", async () => {
      const { account, kit, email } = await setUp();
      const agent = await kit.agent();
      const teamId = await kit.team("manual", [agent.id]);
      const old = await kit.conversation(email, { teamId });
      const urgent = await kit.conversation(email, { teamId, priority: "urgent" });
      const newer = await kit.conversation(email, { teamId });
      expect(await kit.assigneeOf(old.id)).toBeNull();
      expect((await kit.decisionsOf(old.id)).map((decision) => [decision.outcome, decision.explanation.reason])).toEqual([["queued", "manual_queue"]]);
      const queue = await test.services.assignment.listQueue(account.adminActor, teamId, 10);
      expect(queue.map((item) => item.conversation.id)).toEqual([urgent.id, old.id, newer.id]);
      const taken = await test.services.assignment.takeNext(actorOf(agent), teamId);
      expect(taken?.id).toBe(urgent.id);
      expect(await kit.assigneeOf(urgent.id)).toBe(agent.id);
      expect((await kit.eventsOf(urgent.id, "conversation.handed_over")).at(-1)!.data).toMatchObject({ kind: "assignment", from: { agentId: null, teamId }, to: { agentId: agent.id, teamId } });
    });
    it("within a priority, the earliest SLA due time goes first, then the longest waiting", async () => {
      const { account, kit, email } = await setUp();
      const agent = await kit.agent();
      const teamId = await kit.team("manual", [agent.id]);
      // The shop app promises an answer within a minute; email within a business day.
      const api = await buildChannel(test, account, "api");
      await test.services.sla.createPolicy(account.adminActor, {
        name: "Shop app: one minute",
        channelType: "api",
        priority: null,
        firstResponseSeconds: 60,
        nextResponseSeconds: null,
        resolutionSeconds: null,
        measure: "calendar",
        businessHoursId: null,
        warningPercent: 75,
        autoEscalation: "off",
      });
      const byMail = await kit.conversation(email, { teamId });
      const byApp = await kit.conversation(api, { teamId });
      const unclocked = await kit.conversation(email, { teamId });
      const urgent = await kit.conversation(email, { teamId, priority: "urgent" });
      // Clocks run from durable subscribers; with the job workers off, reconcile as they would.
      for (const conversation of [byMail, byApp, urgent]) await test.services.sla.reconcile(account.accountId, conversation.id);
      const queue = await test.services.assignment.listQueue(account.adminActor, teamId, 10);
      expect(queue.map((item) => item.conversation.id)).toEqual([urgent.id, byApp.id, byMail.id, unclocked.id]);
    });
  });

  describe("capacity", () => {
    it("never assigns beyond an agent's open conversations; the queue drains as capacity frees up", async () => {
      const { account, kit, email } = await setUp();
      const agent = await kit.agent({ maxOpenConversations: 1 });
      const teamId = await kit.team("round_robin", [agent.id]);
      const first = await kit.conversation(email, { teamId });
      const second = await kit.conversation(email, { teamId });
      expect(await kit.assigneeOf(first.id)).toBe(agent.id);
      expect(await kit.assigneeOf(second.id)).toBeNull();
      expect((await kit.decisionsOf(second.id)).map((decision) => decision.explanation.reason)).toEqual(["no_agent_available"]);
      await test.services.conversations.update(actorOf(agent), first.id, { status: "solved" });
      expect(await test.services.assignment.drain(account.accountId, teamId)).toBe(1);
      expect(await kit.assigneeOf(second.id)).toBe(agent.id);
    });

    it("drains when an agent comes online or gets more capacity", async () => {
      const { account, kit, email } = await setUp();
      const agent = await kit.agent({ maxOpenConversations: 0, isOnline: false });
      const teamId = await kit.team("round_robin", [agent.id]);
      const waiting = await kit.conversation(email, { teamId });
      await test.services.presence.opened(randomUUID(), actorOf(agent));
      await test.services.assignment.drainTeamsOf(account.accountId, agent.id);
      expect(await kit.assigneeOf(waiting.id)).toBeNull(); // online, but no room
      await test.services.agents.update(account.adminActor, agent.id, { maxOpenConversations: 3 });
      await test.services.assignment.drainTeamsOf(account.accountId, agent.id);
      expect(await kit.assigneeOf(waiting.id)).toBe(agent.id);
    });

    it("skips agents who are away or offline", async () => {
      const { kit, email } = await setUp();
      const away = await kit.agent({ name: "Away" });
      const offline = await kit.agent({ name: "Offline", isOnline: false });
      await test.services.presence.choose(actorOf(away), "away");
      const teamId = await kit.team("round_robin", [away.id, offline.id]);
      const conversation = await kit.conversation(email, { teamId });
      expect(await kit.assigneeOf(conversation.id)).toBeNull();
    });

    it("keeps to capacity when two conversations arrive at once", async () => {
      const { account, kit, email } = await setUp();
      const agent = await kit.agent({ maxOpenConversations: 1 });
      const teamId = await kit.team("round_robin", [agent.id]);
      const first = await kit.conversation(email, { teamId, isRouted: false });
      const second = await kit.conversation(email, { teamId, isRouted: false });
      await Promise.all([test.services.assignment.route(account.accountId, first.id), test.services.assignment.route(account.accountId, second.id)]);
      const assignees = [await kit.assigneeOf(first.id), await kit.assigneeOf(second.id)];
      expect(assignees.filter((assignee) => assignee === agent.id)).toHaveLength(1);
      expect(assignees).toContain(null);
    });

    it("fills every agent exactly to capacity when many conversations arrive at once", async () => {
      const { account, kit, email } = await setUp();
      const agents = [await kit.agent({ maxOpenConversations: 2 }), await kit.agent({ maxOpenConversations: 2 }), await kit.agent({ maxOpenConversations: 2 })];
      const teamId = await kit.team("least_loaded", agents.map((agent) => agent.id));
      const conversations = [];
      for (let index = 0; index < 10; index += 1) conversations.push(await kit.conversation(email, { teamId, isRouted: false }));
      await Promise.all(conversations.map((conversation) => test.services.assignment.route(account.accountId, conversation.id)));
      const assignees = await Promise.all(conversations.map((conversation) => kit.assigneeOf(conversation.id)));
      for (const agent of agents) expect(assignees.filter((assignee) => assignee === agent.id)).toHaveLength(2);
      expect(assignees.filter((assignee) => assignee === null)).toHaveLength(4);
    });

    it("keeps to capacity when two teams sharing an agent drain at once", async () => {
      const { account, kit, email } = await setUp();
      const shared = await kit.agent({ maxOpenConversations: 1 });
      const teamA = await kit.team("manual", [shared.id]);
      const teamB = await kit.team("manual", [shared.id]);
      const inA = await kit.conversation(email, { teamId: teamA });
      const inB = await kit.conversation(email, { teamId: teamB });
      for (const teamId of [teamA, teamB]) await test.services.deps.db.execute(sql`update team_assignment_settings set strategy = 'round_robin' where team_id = ${teamId}`);
      await Promise.all([test.services.assignment.drain(account.accountId, teamA), test.services.assignment.drain(account.accountId, teamB)]);
      const assignees = [await kit.assigneeOf(inA.id), await kit.assigneeOf(inB.id)];
      expect(assignees.filter((assignee) => assignee === shared.id)).toHaveLength(1);
    });
  });

  describe("matching", () => {
    it("matches level, language and skills, and explains the choice", async () => {
      const { account, kit, email } = await setUp();
      const firstLevel = await kit.agent({ name: "First level", level: 1, languages: ["en", "de"] });
      const german = await kit.agent({ name: "German expert", level: 2, languages: ["de"] });
      const billing = await kit.agent({ name: "Billing expert", level: 2, languages: ["en"], skills: ["billing"] });
      const teamId = await kit.team("round_robin", [firstLevel.id, german.id, billing.id]);
      await rule(account, "Invoices need billing", { keywords: ["invoice"] }, { teamId, level: 2, skills: ["billing"] });
      await rule(account, "German needs level 2", { languages: ["de"] }, { teamId, level: 2 });
      await rule(account, "The rest", {}, { teamId });
      const invoice = await kit.conversation(email, { text: "My invoice is wrong" });
      const germanConversation = await kit.conversation(email, { language: "de-AT", text: "Hallo" });
      const simple = await kit.conversation(email, { text: "Where is my parcel?" });
      expect(await kit.assigneeOf(invoice.id)).toBe(billing.id);
      expect(await kit.assigneeOf(germanConversation.id)).toBe(german.id);
      expect(await kit.assigneeOf(simple.id)).toBe(firstLevel.id); // the closest level first
      const [decision] = await kit.decisionsOf(germanConversation.id);
      expect(decision!.explanation.summary).toBe("round robin, level 2, speaks de, 0 of 25 open conversations");
      expect((await kit.decisionsOf(invoice.id))[0]!.explanation).toMatchObject({ skills: ["billing"], requiredLevel: 2, agent: { id: billing.id, level: 2 } });
    });

    it("leaves work in the queue when nobody qualifies", async () => {
      const { kit, email } = await setUp();
      const agent = await kit.agent({ languages: ["en"] });
      const teamId = await kit.team("round_robin", [agent.id]);
      const french = await kit.conversation(email, { teamId, language: "fr" });
      expect(await kit.assigneeOf(french.id)).toBeNull();
      expect((await kit.decisionsOf(french.id))[0]!.explanation.summary).toBe("waits in the team queue: no agent available, needs fr");
    });

    it("gives a key account's conversation to the account manager first", async () => {
      const { account, kit, email } = await setUp();
      const manager = await kit.agent({ name: "Manager" });
      const member = await kit.agent({ name: "Member" });
      const teamId = await kit.team("round_robin", [member.id]);
      await rule(account, "Support", {}, { teamId });
      const first = await kit.conversation(email, { isRouted: false });
      const customerId = first.customerId;
      await test.services.customers.update(account.adminActor, customerId, { accountManagerId: manager.id });
      await test.services.assignment.route(account.accountId, first.id);
      expect(await kit.assigneeOf(first.id)).toBe(manager.id);
      expect((await kit.decisionsOf(first.id))[0]!.explanation.reason).toBe("account_manager");
      // The manager away: the team takes it.
      await test.services.presence.choose(actorOf(manager), "away");
      const second = await test.services.deps.db.transaction((tx) =>
        test.services.conversations.open(tx, account.adminActor, { channelId: email.id, customerId, subject: "Again" }),
      );
      await test.services.assignment.route(account.accountId, second.id);
      expect(await kit.assigneeOf(second.id)).toBe(member.id);
    });
  });

  describe("offers of real-time conversations", () => {
    it("offers to one agent at a time with a durable timer, and moves on when it expires or is declined", async () => {
      const { account, kit, chat } = await setUp();
      const ann = await kit.agent({ name: "Ann" });
      const ben = await kit.agent({ name: "Ben" });
      const teamId = await kit.team("round_robin", [ann.id, ben.id], 45);
      const conversation = await kit.conversation(chat, { teamId });
      const [first] = await kit.pendingOffersOf(conversation.id);
      expect(first).toMatchObject({ status: "pending" });
      expect(await kit.assigneeOf(conversation.id)).toBeNull();
      const job = await test.connection.executeSql("select name, start_after, singleton_key, state from pgboss.job where singleton_key = $1", [first!.id]);
      expect(job.rows).toEqual([expect.objectContaining({ name: "expire-assignment-offer", state: "created" })]);
      expect(new Date(job.rows[0]!.start_after as string).getTime()).toBe(new Date(first!.expires_at).getTime());

      await test.services.assignment.expire(first!.id); // what the job does when it fires
      await test.services.assignment.expire(first!.id); // a second run changes nothing
      const afterExpiry = await kit.pendingOffersOf(conversation.id);
      expect(afterExpiry.map((offer) => [offer.agent_id, offer.status])).toEqual([
        [first!.agent_id, "expired"],
        [first!.agent_id === ann.id ? ben.id : ann.id, "pending"],
      ]);
      const second = afterExpiry[1]!;
      const secondAgent = second.agent_id === ann.id ? ann : ben;
      await test.services.assignment.decline(actorOf(secondAgent), second.id);
      // Both passed: it waits in the queue instead of bouncing between them.
      expect((await kit.pendingOffersOf(conversation.id)).map((offer) => offer.status)).toEqual(["expired", "declined"]);
      expect((await test.services.assignment.listQueue(account.adminActor, teamId, 10)).map((item) => item.conversation.id)).toEqual([conversation.id]);
    });

    it("assigns on accept, records the hand-over, and refuses a second answer", async () => {
      const { account, kit, chat } = await setUp();
      const agent = await kit.agent();
      const teamId = await kit.team("least_loaded", [agent.id]);
      const conversation = await kit.conversation(chat, { teamId });
      const [offer] = await kit.pendingOffersOf(conversation.id);
      await expect(test.services.assignment.accept(account.adminActor, offer!.id)).rejects.toMatchObject({ code: "offer_not_found" });
      await test.services.assignment.accept(actorOf(agent), offer!.id);
      const accepted = await test.services.conversations.get(account.adminActor, conversation.id);
      expect(accepted).toMatchObject({ assigneeId: agent.id, statusKind: "open" });
      await expect(test.services.assignment.accept(actorOf(agent), offer!.id)).rejects.toMatchObject({ code: "offer_closed", status: 409 });
      await expect(test.services.assignment.decline(actorOf(agent), offer!.id)).rejects.toMatchObject({ code: "offer_closed" });
      const handOver = (await kit.eventsOf(conversation.id, "conversation.handed_over")).at(-1)!.data;
      expect(handOver).toMatchObject({ kind: "routing", from: { agentId: null, teamId }, to: { agentId: agent.id, teamId }, explanation: { reason: "offer_accepted" } });
      expect((await kit.decisionsOf(conversation.id)).map((decision) => decision.outcome)).toEqual(["offered", "assigned"]);
      // The timer still fires later: it must leave the accepted offer alone.
      await test.services.assignment.expire(offer!.id);
      expect((await kit.pendingOffersOf(conversation.id)).map((row) => row.status)).toEqual(["accepted"]);
    });

    it("holds a chat slot while an offer awaits an answer", async () => {
      const { kit, chat } = await setUp();
      const agent = await kit.agent({ maxChats: 1 });
      const teamId = await kit.team("round_robin", [agent.id]);
      const first = await kit.conversation(chat, { teamId });
      const second = await kit.conversation(chat, { teamId });
      expect((await kit.pendingOffersOf(first.id)).map((offer) => offer.status)).toEqual(["pending"]);
      expect(await kit.pendingOffersOf(second.id)).toEqual([]);
    });
  });
});
