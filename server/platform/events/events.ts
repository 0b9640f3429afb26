import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DomainEvent, DomainEventData, DomainEventName } from "../../../common/events.js";
import type { Actor } from "../actor.js";
import type { DatabaseConnection, Executor, SqlResult } from "../db/database.js";
import { defineJob, type JobDefinition, type JobQueue } from "../jobs/jobs.js";
import type { Logger } from "../logging.js";
import { domainEvents } from "./events.table.js";

export const EVENTS_CHANNEL = "caredesk_events";
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; bigger events travel by id. */
const MAX_NOTIFY_BYTES = 7000;

export type NewEvent<Name extends DomainEventName = DomainEventName> = {
  [K in Name]: { name: K; actor: Actor; conversationId?: string | null; data: DomainEventData[K] };
}[Name];

/**
 * A durable consumer of events: for each matching event a job is enqueued in the
 * transaction that records it, so the consumer runs (and retries) even after a crash.
 */
export type EventSubscriber<Name extends DomainEventName = DomainEventName> = {
  name: string;
  events: readonly Name[];
  /** Decides synchronously whether this event concerns the subscriber at all. */
  isInterested?: (event: NewEvent<Name>) => boolean;
  retryLimit?: number;
  handle(event: DomainEvent<Name>, context: { isLastAttempt: boolean; logger: Logger }): Promise<void>;
};

type Listener = (event: DomainEvent) => void;

/**
 * The one event bus. `record` writes the event in the caller's transaction; after commit,
 * PostgreSQL's NOTIFY hands it to every Caredesk process, whose listeners (realtime)
 * receive it. Durable subscribers get a job per event instead.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();
  private readonly subscriberJobs = new Map<string, { subscriber: EventSubscriber; job: JobDefinition<{ eventId: number }> }>();
  private stopListening: (() => Promise<void>) | null = null;
  /** Notifications are handed on one after another: an event sent by id must not be overtaken. */
  private deliveries: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: DatabaseConnection,
    private readonly jobs: JobQueue,
    private readonly logger: Logger,
  ) {}

  /** Registers durable subscribers; call before the job queue starts. */
  addSubscribers(...subscribers: Array<Omit<EventSubscriber<never>, "events"> & { events: readonly DomainEventName[] }>): void {
    for (const subscriber of subscribers as unknown as EventSubscriber[]) {
      const job = defineJob({
        name: `event.${subscriber.name}`,
        payload: z.object({ eventId: z.number().int() }),
        retryLimit: subscriber.retryLimit ?? 8,
        retryDelaySeconds: 5,
        retryBackoff: true,
      });
      this.subscriberJobs.set(subscriber.name, { subscriber, job });
      this.jobs.register(job, async ({ eventId }, context) => {
        const event = await this.find(eventId);
        if (!event) return; // pruned from the log: nothing left to do
        await subscriber.handle(event, { isLastAttempt: context.isLastAttempt, logger: context.logger });
      });
    }
  }

  async record<Name extends DomainEventName>(executor: Executor, accountId: string, input: NewEvent<Name>): Promise<DomainEvent<Name>> {
    const occurredAt = new Date();
    const rest = {
      name: input.name,
      accountId,
      conversationId: input.conversationId ?? null,
      actor: { type: input.actor.type, id: input.actor.id },
      data: input.data,
      occurredAt: occurredAt.toISOString(),
    };
    // The rest of the notification after `{"id":<id>,`; big events travel by id alone.
    const restJson = JSON.stringify(rest).slice(1);
    const notificationTail = Buffer.byteLength(restJson) < MAX_NOTIFY_BYTES ? `,${restJson}` : "}";
    // One round trip: insert the event and queue its notification (sent by PostgreSQL on commit).
    const result = await executor.execute(sql`
      with inserted as (
        insert into ${domainEvents} (account_id, name, conversation_id, actor_type, actor_id, data, created_at)
        values (${accountId}, ${input.name}, ${input.conversationId ?? null}, ${input.actor.type}, ${input.actor.id}, ${JSON.stringify(input.data)}::jsonb, ${occurredAt.toISOString()}::timestamptz)
        returning id
      )
      select id, pg_notify(${EVENTS_CHANNEL}, concat('{"id":', id, ${notificationTail}::text)) from inserted`);
    const row = (result as unknown as SqlResult).rows[0];
    if (!row) throw new Error("event insert returned nothing");
    const event = { id: Number(row.id), ...rest } as DomainEvent<Name>;
    for (const { subscriber, job } of this.subscriberJobs.values()) {
      if (!subscriber.events.includes(input.name)) continue;
      if (subscriber.isInterested && !subscriber.isInterested(input as NewEvent)) continue;
      await this.jobs.enqueue(executor, job, { eventId: event.id });
    }
    return event;
  }

  /** Listeners receive every committed event of every account; they filter for themselves. */
  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.stopListening = await this.connection.listen(EVENTS_CHANNEL, (payload) => {
      this.deliveries = this.deliveries.then(() => this.deliver(payload));
    });
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = null;
  }

  async find(eventId: number): Promise<DomainEvent | null> {
    const [row] = await this.connection.db.select().from(domainEvents).where(eq(domainEvents.id, eventId));
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      accountId: row.accountId,
      conversationId: row.conversationId,
      actor: { type: row.actorType, id: row.actorId },
      data: row.data,
      occurredAt: row.createdAt.toISOString(),
    } as DomainEvent;
  }

  private async deliver(payload: string): Promise<void> {
    try {
      const parsed = JSON.parse(payload) as DomainEvent | { id: number };
      const event = "name" in parsed ? parsed : await this.find(parsed.id);
      if (!event) return;
      for (const listener of this.listeners) listener(event);
    } catch (error) {
      this.logger.error({ err: error }, "could not deliver an event notification");
    }
  }
}
