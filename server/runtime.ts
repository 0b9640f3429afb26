import { MailboxSupervisor } from "./channels/email/mailbox-supervisor.js";
import { closeSmtpTransports } from "./channels/email/smtp-transport.js";
import type { Config } from "./platform/config.js";
import type { DatabaseConnection } from "./platform/db/database.js";
import { EventBus } from "./platform/events/events.js";
import { JobQueue, type JobQueueOptions } from "./platform/jobs/jobs.js";
import type { Logger } from "./platform/logging.js";
import { RealtimeHub, type RealtimeOptions } from "./platform/realtime/realtime-hub.js";
import { FileStore } from "./platform/storage/file-store.js";
import { ChatSocketHub } from "./modules/chat/chat-socket.js";
import { createServices, type ServiceOptions, type Services } from "./services.js";

export type Runtime = {
  services: Services;
  realtime: RealtimeHub;
  /** The website chat visitors' sockets. */
  chatSockets: ChatSocketHub;
  jobs: JobQueue;
  events: EventBus;
  /** IMAP pollers and the SMTP listener; they run only where jobs run. */
  mailboxes: MailboxSupervisor;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** Knobs for tests (fast retries, short presence); production uses the defaults. */
export type RuntimeOptions = { jobs?: JobQueueOptions; realtime?: RealtimeOptions; services?: ServiceOptions };

/**
 * Everything but HTTP: services, the job queue, the event bus and realtime, on an open
 * and migrated database. main.ts and the tests compose it the same way.
 */
export function createRuntime(config: Config, logger: Logger, connection: DatabaseConnection, options: RuntimeOptions = {}): Runtime {
  const jobs = new JobQueue(connection, logger, options.jobs);
  const events = new EventBus(connection, jobs, logger);
  const files = new FileStore(config.dataDir);
  const services = createServices({ config, logger, connection, db: connection.db, events, jobs, files }, options.services);
  const realtime = new RealtimeHub(connection, events, logger, options.realtime);
  realtime.observeConnections(services.presence);
  const mailboxes = new MailboxSupervisor(services.deps, services.emailIntake);
  const chatSockets = new ChatSocketHub(connection, services.chat, realtime, logger);
  services.chat.useRealtime({
    agentConnections: (accountId) => realtime.hasAgentConnected(accountId),
    publishTyping: (accountId, conversationId, isTyping) => realtime.publishCustomerTyping(accountId, conversationId, isTyping),
  });
  return {
    services,
    realtime,
    chatSockets,
    jobs,
    events,
    mailboxes,
    async start() {
      await events.start();
      await jobs.start({ runWorkers: config.runJobs });
      await realtime.start();
      await chatSockets.start();
      if (config.runJobs) await mailboxes.start();
    },
    async stop() {
      await mailboxes.stop();
      await chatSockets.stop();
      await realtime.stop();
      await jobs.stop();
      closeSmtpTransports(); // after the last delivery job has finished
      await events.stop();
    },
  };
}
