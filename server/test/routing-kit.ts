import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { AssignmentStrategy } from "../../common/routing.js";
import type { AgentRow, ChannelRow } from "../platform/db/rows.js";
import { buildAgent, buildConversation, type TestAccount } from "./factories.js";
import type { TestApp } from "./test-app.js";

/** Helpers for routing tests: teams with a strategy, agents online, conversations routed by hand. */
export function routingKit(test: TestApp, account: TestAccount) {
  const db = test.services.deps.db;
  return {
    async team(strategy: AssignmentStrategy, memberIds: string[], offerTimeoutSeconds = 30): Promise<string> {
      const team = await test.services.teams.create(account.adminActor, { name: `Team ${randomUUID().slice(0, 8)}`, description: "", memberIds });
      await test.services.assignment.updateTeamSettings(account.adminActor, team.id, { strategy, offerTimeoutSeconds });
      return team.id;
    },
    /** An agent with an open realtime connection (online), optionally with capacity, skills and languages. */
    async agent(options: { name?: string; level?: 1 | 2 | 3; languages?: string[]; skills?: string[]; maxOpenConversations?: number; maxChats?: number; isOnline?: boolean } = {}): Promise<AgentRow> {
      const { agent, actor } = await buildAgent(test, account, { name: options.name, level: options.level, languages: options.languages ?? ["en"] });
      await test.services.agents.update(account.adminActor, agent.id, {
        skills: options.skills ?? [],
        ...(options.maxOpenConversations === undefined ? {} : { maxOpenConversations: options.maxOpenConversations }),
        ...(options.maxChats === undefined ? {} : { maxChats: options.maxChats }),
      });
      if (options.isOnline !== false) await test.services.presence.opened(randomUUID(), actor);
      return agent;
    },
    /** A conversation through the real ingest path, then routed (jobs are driven by hand in these tests). */
    async conversation(channel: ChannelRow, options: { text?: string; subject?: string; language?: string; priority?: "low" | "normal" | "high" | "urgent"; teamId?: string; isRouted?: boolean } = {}) {
      const conversation = await buildConversation(test, channel, { text: options.text, subject: options.subject });
      const changes = {
        ...(options.language ? { language: options.language } : {}),
        ...(options.priority ? { priority: options.priority } : {}),
        ...(options.teamId ? { teamId: options.teamId } : {}),
      };
      if (Object.keys(changes).length > 0) await test.services.conversations.update(account.adminActor, conversation.id, changes);
      if (options.isRouted !== false) await test.services.assignment.route(account.accountId, conversation.id);
      return conversation;
    },
    async assigneeOf(conversationId: string): Promise<string | null> {
      return (await test.services.conversations.get(account.adminActor, conversationId)).assigneeId;
    },
    async decisionsOf(conversationId: string) {
      return test.services.assignment.listDecisions(account.adminActor, conversationId);
    },
    async pendingOffersOf(conversationId: string) {
      const result = await db.execute(sql`select id, agent_id, status, expires_at from assignment_offers where conversation_id = ${conversationId} order by created_at`);
      return (result as unknown as { rows: Array<{ id: string; agent_id: string; status: string; expires_at: string }> }).rows;
    },
    async eventsOf(conversationId: string, name: string) {
      const result = await db.execute(sql`select data, actor_type from domain_events where conversation_id = ${conversationId} and name = ${name} order by id`);
      return (result as unknown as { rows: Array<{ data: Record<string, unknown>; actor_type: string }> }).rows;
    },
  };
}
