import { ImapFlow } from "imapflow";
import type { Database } from "../../platform/db/database.js";
import type { ChannelRow } from "../../platform/db/rows.js";
import type { Logger } from "../../platform/logging.js";
import * as emailStore from "../../modules/email/email.store.js";
import type { ImapSettings } from "./email-settings.js";
import { addressIn, headerValue, messageIdsIn, readHeaders } from "./raw-mail.js";

/** The keyword on mail Caredesk has stored (with \Seen), when processed mail is flagged rather than moved. */
export const PROCESSED_KEYWORD = "$CaredeskProcessed";

/** Mail fetched per round trip is bounded by size and count, so a mailbox of 10,000 waiting mails streams in steps. */
const BATCH_BYTES = 8 * 1024 * 1024;
const BATCH_MAILS = 200;
const MAX_BACKOFF_MS = 5 * 60_000;
/** Unrelated mails of a batch are stored at once, this many at a time. */
const INGEST_CONCURRENCY = 4;

export type MailboxIntake = {
  receive(channel: ChannelRow, raw: Buffer, source: { kind: "imap"; folder: string; uid: number }): Promise<void>;
  receiveTooLarge(channel: ChannelRow, mail: { dedupeKey: string; byteSize: number; folder: string; uid: number; from: string | null; subject: string | null }): Promise<void>;
};

/**
 * Polls one mailbox over IMAP: every configured folder, from the last UID seen (kept per folder
 * with UIDVALIDITY, so a restart resumes without a gap and downtime is backfilled); processed
 * mail is flagged or moved only after it is stored. Waits with IDLE where the server offers
 * it. Errors reconnect with backoff; one mailbox's trouble never touches another's poller.
 */
export class ImapPoller {
  private client: ImapFlow | null = null;
  private isStopped = false;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Set by the server's EXISTS; it may arrive while a poll is running and nobody waits yet. */
  private isMailPending = false;
  private currentFolder: string | null = null;

  constructor(
    private readonly channel: ChannelRow,
    private readonly settings: ImapSettings,
    private readonly deps: { db: Database; logger: Logger; intake: MailboxIntake; maxMessageBytes: number; ownAddresses: Set<string> },
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    this.wake?.();
    this.client?.close();
    await this.running;
  }

  /** Polls now instead of waiting for IDLE or the interval. */
  pollNow(): void {
    this.wake?.();
  }

  private get logger(): Logger {
    return this.deps.logger.child({ channelId: this.channel.id, mailbox: `${this.settings.user}@${this.settings.host}` });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.isStopped) {
      try {
        await this.connect();
        failures = 0;
        while (!this.isStopped) {
          this.isMailPending = false;
          for (const folder of this.settings.folders) {
            if (this.isStopped) break;
            await this.pollFolder(folder);
          }
          await this.waitForMail();
        }
      } catch (error) {
        if (this.isStopped) break;
        failures += 1;
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn({ err: error, failures }, "IMAP polling failed; reconnecting");
        await this.recordError(reason).catch(() => undefined);
        this.client?.close();
        this.client = null;
        await this.sleep(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures, 10)));
      }
    }
    await this.disconnect();
  }

  private async connect(): Promise<void> {
    const client = new ImapFlow({
      host: this.settings.host,
      port: this.settings.port,
      secure: this.settings.secure,
      auth: { user: this.settings.user, pass: this.settings.password },
      tls: { rejectUnauthorized: !this.settings.allowInvalidCertificate },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 10 * 60_000,
      maxIdleTime: 20 * 60_000,
    });
    // Without a listener, an error on a stuck session would crash the process.
    client.on("error", (error: Error) => this.logger.warn({ err: error }, "IMAP connection error"));
    client.on("close", () => this.wake?.());
    client.on("exists", () => {
      this.isMailPending = true;
      this.wake?.();
    });
    this.client = client;
    await client.connect();
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    try {
      if (client.usable) await client.logout();
    } catch {
      client.close();
    }
  }

  private async pollFolder(folder: string): Promise<void> {
    const client = this.client!;
    this.currentFolder = folder;
    const mailbox = await client.mailboxOpen(folder);
    const uidValidity = String(mailbox.uidValidity);
    const state = await emailStore.findFolderState(this.deps.db, this.channel.id, folder);
    const isResuming = state?.uidValidity === uidValidity;
    const canFlag = this.settings.processedAction === "flag" && (!mailbox.permanentFlags || mailbox.permanentFlags.has("\\*") || mailbox.permanentFlags.has(PROCESSED_KEYWORD));
    let lastUid = isResuming ? state.lastUid : 0;

    let uids: number[] = [];
    if (isResuming) {
      if (mailbox.exists > 0 && mailbox.uidNext > lastUid + 1) {
        uids = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []).filter((uid) => uid > lastUid);
      }
    } else if (mailbox.exists > 0) {
      // First poll, or the server renumbered the folder: the backfill window, less what we marked.
      const since = new Date(Date.now() - this.settings.backfillDays * 24 * 60 * 60_000);
      uids = (await client.search(canFlag ? { since, unKeyword: PROCESSED_KEYWORD } : { since }, { uid: true })) || [];
    }
    uids.sort((a, b) => a - b);

    if (uids.length > 0) {
      const sizes = new Map<number, { size: number; from: string | null; subject: string | null; messageId: string | null }>();
      for await (const message of client.fetch(uidSet(uids), { uid: true, size: true, envelope: true }, { uid: true })) {
        sizes.set(message.uid, {
          size: message.size ?? 0,
          from: message.envelope?.from?.[0]?.address ?? null,
          subject: message.envelope?.subject ?? null,
          messageId: message.envelope?.messageId ?? null,
        });
      }
      for (const batch of batches(uids.filter((uid) => sizes.has(uid)), sizes)) {
        if (this.isStopped) return;
        await this.processBatch(folder, batch, sizes, canFlag);
        lastUid = Math.max(lastUid, ...batch);
        await emailStore.saveFolderState(this.deps.db, { accountId: this.channel.accountId, channelId: this.channel.id, folder, uidValidity, lastUid });
      }
    }
    // Every UID below UIDNEXT (as of SELECT) was either found above or is gone or outside the
    // backfill window: never look at it again.
    if (mailbox.uidNext > 0) lastUid = Math.max(lastUid, mailbox.uidNext - 1);
    await emailStore.saveFolderState(this.deps.db, {
      accountId: this.channel.accountId,
      channelId: this.channel.id,
      folder,
      uidValidity,
      lastUid,
      lastPolledAt: new Date(),
      lastError: null,
    });
  }

  /** Stores every mail of the batch, then marks the batch processed in the mailbox. */
  private async processBatch(
    folder: string,
    batch: number[],
    sizes: Map<number, { size: number; from: string | null; subject: string | null; messageId: string | null }>,
    canFlag: boolean,
  ): Promise<void> {
    const client = this.client!;
    const downloadable = batch.filter((uid) => sizes.get(uid)!.size <= this.deps.maxMessageBytes);
    const sources = new Map<number, Buffer>();
    if (downloadable.length > 0) {
      for await (const message of client.fetch(uidSet(downloadable), { uid: true, source: true }, { uid: true })) {
        if (message.source) sources.set(message.uid, message.source);
      }
    }
    const store = async (uid: number) => {
      const info = sizes.get(uid)!;
      const source = sources.get(uid);
      if (source) {
        await this.deps.intake.receive(this.channel, source, { kind: "imap", folder, uid });
      } else if (info.size > this.deps.maxMessageBytes) {
        await this.deps.intake.receiveTooLarge(this.channel, {
          dedupeKey: `too-large#${info.messageId ?? `${folder}/${uid}`}`,
          byteSize: info.size,
          folder,
          uid,
          from: info.from,
          subject: info.subject,
        });
      }
      // A mail expunged since the search has no source: nothing to store.
    };
    // Mails that may belong together (same people, one referring to another) are stored in
    // arrival order, so a reply never overtakes what it answers; unrelated ones in parallel.
    const groups = relatedGroups(batch, sources, this.deps.ownAddresses);
    const outcomes = await inParallel(groups, INGEST_CONCURRENCY, async (group) => {
      for (const uid of group) await store(uid);
    });
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    // Nothing is marked processed: the batch is fetched again and stored mail is recognised.
    if (failure) throw failure.reason;
    const processed = batch.filter((uid) => sources.has(uid) || sizes.get(uid)!.size > this.deps.maxMessageBytes);
    if (processed.length === 0) return;
    if (this.settings.processedAction === "move" && this.settings.processedFolder) {
      // A too-large mail stays where it is, so that somebody can still get at it.
      const movable = processed.filter((uid) => sources.has(uid));
      if (movable.length > 0) {
        await this.ensureFolder(this.settings.processedFolder);
        await client.messageMove(uidSet(movable), this.settings.processedFolder, { uid: true });
      }
    } else {
      await client.messageFlagsAdd(uidSet(processed), canFlag ? ["\\Seen", PROCESSED_KEYWORD] : ["\\Seen"], { uid: true });
    }
  }

  private async ensureFolder(folder: string): Promise<void> {
    try {
      await this.client!.mailboxCreate(folder);
    } catch (error) {
      // ALREADYEXISTS is the usual answer after the first time.
      if (!/exist/i.test(String((error as { responseText?: string }).responseText ?? (error as Error).message))) throw error;
    }
  }

  /** Until new mail (IDLE), the poll interval, a lost connection or stop. */
  private async waitForMail(): Promise<void> {
    if (this.isStopped) return;
    const client = this.client!;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, this.settings.pollIntervalSeconds * 1000);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = finish;
      if (this.isMailPending) return finish();
      if (this.settings.useIdle && client.capabilities.has("IDLE")) {
        const folder = this.settings.folders[0]!;
        const idle = async () => {
          if (client.mailbox === false || client.mailbox.path !== folder) await client.mailboxOpen(folder);
          // Mail that arrived during the last poll would otherwise wait for the interval.
          await client.noop();
          if (this.isMailPending) return finish();
          await client.idle();
        };
        idle().catch(() => finish());
      }
    });
    this.wake = null;
  }

  private async recordError(reason: string): Promise<void> {
    const folders = this.currentFolder ? [this.currentFolder] : this.settings.folders;
    for (const folder of folders) {
      await emailStore.saveFolderState(this.deps.db, {
        accountId: this.channel.accountId,
        channelId: this.channel.id,
        folder,
        lastError: reason.slice(0, 1000),
        lastErrorAt: new Date(),
      });
    }
  }

  private sleep(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(finish, milliseconds);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = finish;
    });
  }
}

/**
 * Splits a batch into groups of mails that might thread together: linked by an address (other
 * than the channel's own), a Message-ID one of them refers to, or a `[#number]` marker. Each
 * group keeps UID order.
 */
export function relatedGroups(uids: number[], sources: Map<number, Buffer>, ownAddresses: Set<string>): number[][] {
  // Union-find over the keys that link mails.
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    if (!parent.has(key)) parent.set(key, key);
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(key, root);
    return root;
  };
  const union = (keys: string[]) => {
    const root = find(keys[0]!);
    for (const key of keys.slice(1)) parent.set(find(key), root);
  };
  for (const uid of uids) {
    const keys = [`uid:${uid}`];
    const source = sources.get(uid);
    if (source) {
      const headers = readHeaders(source);
      for (const name of ["from", "reply-to", "to", "cc", "sender"]) {
        for (const part of (headerValue(headers, name) ?? "").split(",")) {
          const address = addressIn(part)?.replace(/\+[^@]*@/, "@");
          if (address && !ownAddresses.has(address)) keys.push(`address:${address}`);
        }
      }
      for (const name of ["message-id", "in-reply-to", "references"]) for (const id of messageIdsIn(headerValue(headers, name))) keys.push(`id:${id}`);
      for (const marker of (headerValue(headers, "subject") ?? "").matchAll(/\[#(\d+)\]/g)) keys.push(`marker:${marker[1]}`);
    }
    union(keys);
  }
  const groups = new Map<string, number[]>();
  for (const uid of uids) {
    const root = find(`uid:${uid}`);
    groups.set(root, [...(groups.get(root) ?? []), uid]);
  }
  return [...groups.values()];
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<PromiseSettledResult<void>[]> {
  const outcomes: PromiseSettledResult<void>[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        try {
          await work(item);
          outcomes.push({ status: "fulfilled", value: undefined });
        } catch (error) {
          outcomes.push({ status: "rejected", reason: error });
        }
      }
    }),
  );
  return outcomes;
}

/** `1:5,7,9:12`: a compact UID set for IMAP commands. */
export function uidSet(uids: number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = sorted[0]!;
  let previous = start;
  for (const uid of sorted.slice(1).concat(Number.NaN)) {
    if (uid === previous + 1) {
      previous = uid;
      continue;
    }
    ranges.push(start === previous ? String(start) : `${start}:${previous}`);
    start = uid;
    previous = uid;
  }
  return ranges.join(",");
}

function* batches(uids: number[], sizes: Map<number, { size: number }>): Generator<number[]> {
  let batch: number[] = [];
  let bytes = 0;
  for (const uid of uids) {
    const size = sizes.get(uid)?.size ?? 0;
    if (batch.length > 0 && (bytes + size > BATCH_BYTES || batch.length >= BATCH_MAILS)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(uid);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
