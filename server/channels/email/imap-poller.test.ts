import net from "node:net";
import type { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelRow } from "../../platform/db/rows.js";
import * as emailStore from "../../modules/email/email.store.js";
import { openImap, startDovecot, type TestImapServer } from "../../test/email/dovecot.js";
import { buildEmailChannel, type CapturedMail, MailSink, rawMail, unique } from "../../test/email/email-test-kit.js";
import { buildAccount, eventually, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";
import { MailboxSupervisor } from "./mailbox-supervisor.js";
import { PROCESSED_KEYWORD } from "./imap-poller.js";

/** IMAP intake against a real dovecot on 127.0.0.1 (scripts/dovecot-test-server.sh). */
describe("IMAP intake", () => {
  let imap: TestImapServer;
  let sink: MailSink;
  let test: TestApp;
  let account: TestAccount;
  let provider: ImapFlow;

  beforeAll(async () => {
    imap = startDovecot();
    sink = await new MailSink().start();
    // Tests call reconcile() themselves; a longer check keeps leases (4 checks) safe on a loaded machine.
    test = await createTestApp({ environment: { EMAIL_MAILBOX_CHECK_SECONDS: "5", EMAIL_MAX_MESSAGE_BYTES: String(1_000_000) } });
    account = await buildAccount(test);
    // The mail provider delivering into Caredesk's mailbox.
    provider = await openImap(imap.port, "caredesk");
  });
  afterAll(async () => {
    await provider?.logout().catch(() => undefined);
    await test?.close();
    await sink?.stop();
    imap?.stop();
  });

  /** A channel polling its own folder of the test mailbox (IDLE only: the poll interval is an hour). */
  const buildImapChannel = async (imapSettings: Record<string, unknown> = {}, user = "caredesk") => {
    const folder = `Inbox-${unique()}`;
    const client = user === "caredesk" ? provider : await openImap(imap.port, user);
    await client.mailboxCreate(folder);
    const channel = await buildEmailChannel(test, account, {
      smtp: sink.smtpSettings,
      imap: { host: "127.0.0.1", port: imap.port, secure: false, user, password: user, folders: [folder], pollIntervalSeconds: 3600, ...imapSettings },
    });
    await test.runtime.mailboxes.reconcile();
    return { channel, folder, client };
  };
  const deliver = async (folder: string, raw: Buffer, client: ImapFlow = provider) => {
    const result = await client.append(folder, raw);
    return result ? result.uid! : 0;
  };
  const conversationsOf = async (channel: ChannelRow) =>
    (await test.api.get("/api/conversations", { as: account.adminSession, query: { channelId: channel.id, limit: 100 } })).body.data as any[];
  const messagesOf = async (conversationId: string) => (await test.api.get(`/api/conversations/${conversationId}/messages`, { as: account.adminSession })).body.data as any[];
  const flagsOf = async (folder: string, client: ImapFlow = provider) => {
    const lock = await client.getMailboxLock(folder);
    try {
      const flags = new Map<number, Set<string>>();
      for await (const message of client.fetch("1:*", { uid: true, flags: true }, { uid: true })) flags.set(message.uid, message.flags ?? new Set());
      return flags;
    } finally {
      lock.release();
    }
  };

  it("turns mail in the mailbox into conversations and flags it as processed", async () => {
    const { channel, folder } = await buildImapChannel();
    const uids: number[] = [];
    for (const index of [1, 2, 3]) {
      uids.push(await deliver(folder, rawMail({ from: `sender${index}-${unique()}@customer.example`, to: "support@shop.example", subject: `Question ${index}`, text: `Text ${index}` })));
    }
    const conversations = await eventually(async () => {
      const found = await conversationsOf(channel);
      return found.length === 3 ? found : null;
    });
    expect(conversations.map((conversation) => conversation.subject).sort()).toEqual(["Question 1", "Question 2", "Question 3"]);
    const flags = await eventually(async () => {
      const current = await flagsOf(folder);
      return uids.every((uid) => current.get(uid)?.has(PROCESSED_KEYWORD)) ? current : null;
    });
    for (const uid of uids) expect([...flags.get(uid)!]).toEqual(expect.arrayContaining(["\\Seen", PROCESSED_KEYWORD]));
    // The position is saved right after the flags: a restart resumes behind the last mail.
    const state = await eventually(async () => {
      const current = await emailStore.findFolderState(test.services.deps.db, channel.id, folder);
      return current && current.lastUid === Math.max(...uids) ? current : null;
    });
    expect(state.lastError).toBeNull();
    expect(state!.uidValidity).toMatch(/^\d+$/);
  });

  it("threads the customer's reply to our reply into the conversation; another sender's mail with the same subject stays apart", async () => {
    const { channel, folder } = await buildImapChannel();
    const kim = `kim-${unique()}@customer.example`;
    const firstId = `first-${unique()}@customer.example`;
    await deliver(folder, rawMail({ from: `Kim Lee <${kim}>`, to: "support@shop.example", subject: "Broken zipper", text: "The zipper broke.", messageId: firstId }));
    const [conversation] = await eventually(async () => {
      const found = await conversationsOf(channel);
      return found.length === 1 ? found : null;
    });
    const reply = await test.api.post(`/api/conversations/${conversation.id}/email/reply`, { as: account.adminSession, body: { text: "Please send us a photo." } });
    const sent: CapturedMail = await eventually(() => sink.mails.find((mail) => mail.parsed.messageId === `<${reply.body.data.email.messageId}>`));
    expect(sent.parsed.inReplyTo).toBe(`<${firstId}>`);

    const sentId = sent.parsed.messageId!.slice(1, -1);
    await deliver(folder, rawMail({ from: `Kim Lee <${kim}>`, to: "support@shop.example", subject: `Re: ${sent.parsed.subject}`, text: "Here it is.", inReplyTo: sentId, references: [firstId, sentId] }));
    await deliver(folder, rawMail({ from: `other-${unique()}@customer.example`, to: "support@shop.example", subject: `Re: ${sent.parsed.subject}`, text: "My zipper broke too." }));

    const conversations = await eventually(async () => {
      const found = await conversationsOf(channel);
      return found.length === 2 ? found : null;
    });
    const threaded = await eventually(async () => {
      const messages = await messagesOf(conversation.id);
      return messages.length === 3 ? messages : null;
    });
    expect(threaded.map((message) => message.text.trim().split("\n")[0])).toEqual(["The zipper broke.", expect.stringContaining("Please send us a photo."), "Here it is."]);
    const stranger = conversations.find((candidate) => candidate.id !== conversation.id)!;
    expect((await messagesOf(stranger.id))[0].text).toContain("My zipper broke too.");
  });

  it("picks up mail that arrived while the mailbox was not polled, and nothing twice", async () => {
    const { channel, folder } = await buildImapChannel();
    await deliver(folder, rawMail({ from: `before-${unique()}@customer.example`, to: "support@shop.example", subject: "Before", text: "x" }));
    await eventually(async () => (await conversationsOf(channel)).length === 1);

    // Downtime: the channel is switched off, its poller stops, mail keeps arriving.
    await test.services.channels.update(account.adminActor, channel.id, { isEnabled: false });
    await test.runtime.mailboxes.reconcile();
    expect(test.runtime.mailboxes.polledChannelIds).not.toContain(channel.id);
    for (const index of [1, 2]) await deliver(folder, rawMail({ from: `during-${unique()}@customer.example`, to: "support@shop.example", subject: `During ${index}`, text: "y" }));
    expect(await conversationsOf(channel)).toHaveLength(1);

    await test.services.channels.update(account.adminActor, channel.id, { isEnabled: true });
    await test.runtime.mailboxes.reconcile();
    const conversations = await eventually(async () => {
      const found = await conversationsOf(channel);
      return found.length === 3 ? found : null;
    });
    expect(conversations.map((conversation) => conversation.subject).sort()).toEqual(["Before", "During 1", "During 2"]);
  });

  it("starts over when the server renumbered the folder (another UIDVALIDITY), skipping mail it already marked", async () => {
    const { channel, folder } = await buildImapChannel({ pollIntervalSeconds: 1 });
    for (const index of [1, 2, 3]) await deliver(folder, rawMail({ from: `old-${unique()}@customer.example`, to: "support@shop.example", subject: `Old ${index}`, text: "x" }));
    await eventually(async () => (await conversationsOf(channel)).length === 3);
    const before = await eventually(async () => {
      const state = await emailStore.findFolderState(test.services.deps.db, channel.id, folder);
      return state?.lastUid === 3 ? state : null;
    });

    // What Caredesk remembers no longer matches the server (a restored or migrated mailbox):
    // a position far beyond the mail that is about to arrive, under another UIDVALIDITY.
    await test.services.channels.update(account.adminActor, channel.id, { isEnabled: false });
    await test.runtime.mailboxes.reconcile();
    await emailStore.saveFolderState(test.services.deps.db, { accountId: account.accountId, channelId: channel.id, folder, uidValidity: "1", lastUid: 1000 });
    for (const index of [1, 2]) await deliver(folder, rawMail({ from: `new-${unique()}@customer.example`, to: "support@shop.example", subject: `New ${index}`, text: "y" }));
    await test.services.channels.update(account.adminActor, channel.id, { isEnabled: true });
    await test.runtime.mailboxes.reconcile();

    const conversations = await eventually(async () => {
      const found = await conversationsOf(channel);
      return found.length === 5 ? found : null;
    });
    expect(conversations.map((conversation) => conversation.subject).sort()).toEqual(["New 1", "New 2", "Old 1", "Old 2", "Old 3"]);
    const after = await eventually(async () => {
      const state = await emailStore.findFolderState(test.services.deps.db, channel.id, folder);
      return state?.uidValidity === before.uidValidity ? state : null;
    });
    expect(after.lastUid).toBe(5);
  });

  it("moves processed mail to a folder when asked to", async () => {
    const { channel, folder, client } = await buildImapChannel({ processedAction: "move", processedFolder: `Done-${unique()}` }, "bench");
    const settings = (channel.settings as { imap: { processedFolder: string } }).imap;
    await deliver(folder, rawMail({ from: `moved-${unique()}@customer.example`, to: "support@shop.example", subject: "Move me", text: "z" }), client);
    await eventually(async () => (await conversationsOf(channel)).length === 1);
    const count = async (path: string) => {
      const status = await client.status(path, { messages: true });
      return status ? status.messages : null;
    };
    await eventually(async () => (await count(folder)) === 0);
    expect(await count(settings.processedFolder)).toBe(1);
    await client.logout();
  });

  it("makes a mail too large to download a conversation that says so", async () => {
    const { channel, folder } = await buildImapChannel();
    const big = rawMail({ from: `huge-${unique()}@customer.example`, to: "support@shop.example", subject: "Huge scan", text: "x".repeat(1_200_000) });
    await deliver(folder, big);
    const [conversation] = await eventually(async () => {
      const found = await conversationsOf(channel);
      return found.length === 1 ? found : null;
    });
    expect(conversation.subject).toBe("Huge scan");
    const [message] = await messagesOf(conversation.id);
    expect(message.email.parseError).toMatch(/more than the 1\.0 MB Caredesk downloads\. It stays in the mailbox/);
  });

  it("keeps polling other mailboxes while one mailbox hangs", async () => {
    // A server that accepts connections and never says a word.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const hanging = await buildEmailChannel(test, account, {
        imap: { host: "127.0.0.1", port: (silent.address() as net.AddressInfo).port, secure: false, user: "x", password: "x", pollIntervalSeconds: 3600 },
      });
      const { channel, folder } = await buildImapChannel();
      await test.runtime.mailboxes.reconcile();
      expect(test.runtime.mailboxes.polledChannelIds).toEqual(expect.arrayContaining([hanging.id, channel.id]));
      await deliver(folder, rawMail({ from: `fine-${unique()}@customer.example`, to: "support@shop.example", subject: "Still flowing", text: "ok" }));
      await eventually(async () => (await conversationsOf(channel)).length === 1);
      await test.services.channels.update(account.adminActor, hanging.id, { isEnabled: false });
      await test.runtime.mailboxes.reconcile();
    } finally {
      silent.close();
    }
  });

  it("lets exactly one process poll a mailbox, and another take over when it stops", async () => {
    const { channel } = await buildImapChannel();
    const other = new MailboxSupervisor(test.services.deps, test.services.emailIntake);
    try {
      await other.reconcile();
      expect(test.runtime.mailboxes.polledChannelIds).toContain(channel.id);
      expect(other.polledChannelIds).not.toContain(channel.id);
      expect(await emailStore.findLease(test.services.deps.db, account.accountId, channel.id)).toMatchObject({ holder: test.runtime.mailboxes.holder });

      // The first process gives the mailbox up (its channel moves away from it), the other takes it.
      await emailStore.releaseLease(test.services.deps.db, channel.id, test.runtime.mailboxes.holder);
      await other.reconcile();
      expect(other.polledChannelIds).toContain(channel.id);
      await test.runtime.mailboxes.reconcile();
      expect(test.runtime.mailboxes.polledChannelIds).not.toContain(channel.id);
    } finally {
      await other.stop();
    }
  });

  it("takes over a mailbox whose holder stopped renewing its lease only once the lease expired", async () => {
    const db = test.services.deps.db;
    const channelId = (await buildEmailChannel(test, account)).id;
    expect(await emailStore.acquireLease(db, { channelId, accountId: account.accountId, holder: "process-a", ttlSeconds: 1 })).toBe(true);
    expect(await emailStore.acquireLease(db, { channelId, accountId: account.accountId, holder: "process-b", ttlSeconds: 1 })).toBe(false);
    expect(await emailStore.acquireLease(db, { channelId, accountId: account.accountId, holder: "process-a", ttlSeconds: 1 })).toBe(true);
    await eventually(() => emailStore.acquireLease(db, { channelId, accountId: account.accountId, holder: "process-b", ttlSeconds: 60 }));
    expect(await emailStore.findLease(db, account.accountId, channelId)).toMatchObject({ holder: "process-b" });
    expect(await emailStore.acquireLease(db, { channelId, accountId: account.accountId, holder: "process-a", ttlSeconds: 1 })).toBe(false);
  });
});
