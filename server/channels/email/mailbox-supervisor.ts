import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import type { ServiceDeps } from "../../context.js";
import type { ChannelRow } from "../../platform/db/rows.js";
import type { EmailIntake } from "../../modules/email/email-intake.js";
import * as emailStore from "../../modules/email/email.store.js";
import { EmailChannelSettings, ownAddresses } from "./email-settings.js";
import { ImapPoller } from "./imap-poller.js";
import { SmtpListener } from "./smtp-listener.js";

/**
 * The mailbox workers of one Caredesk process: an IMAP poller for every mailbox whose lease
 * this process holds, and the SMTP listener. Runs only on processes that run jobs. Leases
 * live in PostgreSQL, so that with several processes each mailbox is polled by exactly one;
 * a process that dies loses its leases when they expire and another one takes over.
 */
export class MailboxSupervisor {
  /** Who holds a lease: unique per process start. */
  readonly holder = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  private readonly pollers = new Map<string, { key: string; poller: ImapPoller }>();
  private listener: SmtpListener | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> | null = null;
  private isStopped = false;

  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "logger" | "config">,
    private readonly intake: EmailIntake,
  ) {}

  /** A lease outlives a few missed checks, but not a dead process for long. */
  private get leaseSeconds(): number {
    return Math.max(2, Math.ceil(this.deps.config.email.mailboxCheckSeconds * 4));
  }

  async start(): Promise<void> {
    const listenerConfig = this.deps.config.email.smtpListener;
    if (listenerConfig) {
      this.listener = new SmtpListener(
        {
          host: listenerConfig.host,
          port: listenerConfig.port,
          hostname: listenerConfig.hostname,
          tls: listenerConfig.tls ? { key: fs.readFileSync(listenerConfig.tls.keyFile), cert: fs.readFileSync(listenerConfig.tls.certFile) } : null,
          maxMessageBytes: this.deps.config.email.maxMessageBytes,
        },
        {
          channelFor: (address) => emailStore.findInboundSmtpChannel(this.deps.db, address),
          receive: async (channel, raw, envelope) => {
            await this.intake.receiveRaw(channel, raw, { kind: "smtp", envelope });
          },
        },
        this.deps.logger.child({ component: "smtp-listener" }),
      );
      await this.listener.start();
    }
    await this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.deps.config.email.mailboxCheckSeconds * 1000);
    this.timer.unref();
  }

  /** The port the SMTP listener is bound to (EMAIL_SMTP_PORT=0 picks a free one), or null. */
  get smtpPort(): number | null {
    return this.listener?.port ?? null;
  }

  /** Channels whose mailbox this process polls right now. */
  get polledChannelIds(): string[] {
    return [...this.pollers.keys()];
  }

  /** Asks every poller to look for new mail now. */
  pollNow(): void {
    for (const { poller } of this.pollers.values()) poller.pollNow();
  }

  /**
   * Takes or renews the lease of every IMAP mailbox it can, starts pollers for those it
   * holds (restarting one whose settings changed) and stops the others.
   */
  reconcile(): Promise<void> {
    this.reconciling ??= this.reconcileOnce().finally(() => {
      this.reconciling = null;
    });
    return this.reconciling;
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.reconciling;
    await Promise.all([...this.pollers.entries()].map(([channelId, running]) => this.stopPoller(channelId, running.poller)));
    await this.listener?.stop();
  }

  private async reconcileOnce(): Promise<void> {
    if (this.isStopped) return;
    try {
      const wanted = new Set<string>();
      for (const channel of await emailStore.listMailboxChannels(this.deps.db)) {
        const parsed = EmailChannelSettings.safeParse(channel.settings);
        const imap = parsed.success ? parsed.data.imap : null;
        if (!parsed.success || !imap || this.isStopped) continue;
        const hasLease = await emailStore.acquireLease(this.deps.db, { channelId: channel.id, accountId: channel.accountId, holder: this.holder, ttlSeconds: this.leaseSeconds });
        if (!hasLease) continue;
        wanted.add(channel.id);
        const own = ownAddresses(parsed.data);
        const key = JSON.stringify([imap, [...own]]);
        const running = this.pollers.get(channel.id);
        if (running?.key === key) continue;
        if (running) await running.poller.stop();
        this.pollers.set(channel.id, { key, poller: this.startPoller(channel, imap, own) });
      }
      for (const [channelId, running] of this.pollers) {
        if (!wanted.has(channelId)) await this.stopPoller(channelId, running.poller);
      }
    } catch (error) {
      this.deps.logger.error({ err: error }, "could not check which mailboxes to poll; trying again shortly");
    }
  }

  private startPoller(channel: ChannelRow, imap: NonNullable<EmailChannelSettings["imap"]>, own: Set<string>): ImapPoller {
    const poller = new ImapPoller(channel, imap, {
      db: this.deps.db,
      ownAddresses: own,
      logger: this.deps.logger.child({ component: "imap-poller" }),
      maxMessageBytes: this.deps.config.email.maxMessageBytes,
      intake: {
        receive: async (target, raw, source) => {
          await this.intake.receiveRaw(target, raw, source);
        },
        receiveTooLarge: async (target, mail) => {
          await this.intake.receiveTooLarge(target, mail);
        },
      },
    });
    poller.start();
    return poller;
  }

  private async stopPoller(channelId: string, poller: ImapPoller): Promise<void> {
    this.pollers.delete(channelId);
    await poller.stop();
    await emailStore.releaseLease(this.deps.db, channelId, this.holder).catch(() => undefined);
  }
}
