import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { startDovecot, type TestImapServer } from "../server/test/email/dovecot.js";
import { databaseUrl, withAdminClient } from "../server/test/postgres-admin.js";
import { randomUUID } from "node:crypto";
import { CaredeskClient } from "./lib/caredesk-client.js";
import { load } from "./lib/load.js";
import { freePort, type RunningServer, startCaredesk, startScript } from "./lib/processes.js";
import { formatNumber, percentile, printTable } from "./lib/table.js";
import { measureRawInsert } from "./floors/raw-insert.js";

/**
 * Email intake figures: mails per second from an SMTP client to a stored conversation
 * (Caredesk answers 250 only once the mail is stored and processed), and how fast IMAP
 * polling works off 10,000 waiting mails. Floors measured in the same run: a bare
 * smtp-server that discards mail, a bare IMAP fetch of the same 10,000 mails, raw
 * single-row INSERTs per backend, and the API channel's inbound route on the same server
 * (the shared ingest path without mail: what email adds on top of it).
 *
 *   npm run bench:email                                                        PGlite
 *   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:email   also PostgreSQL
 *   BENCH_SECONDS=8  BENCH_IMAP_MAILS=10000  BENCH_SMTP_CONNECTIONS=8
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const imapMails = Number(process.env.BENCH_IMAP_MAILS ?? 10_000);
const smtpConnections = Number(process.env.BENCH_SMTP_CONNECTIONS ?? 8);
const admin = { email: "bench@caredesk.local", password: "bench-password-123" };
const customers = 2000;

type Backend = { name: "PGlite" | "PostgreSQL"; environment: Record<string, string>; floorTarget: Parameters<typeof measureRawInsert>[0]; cleanup(): Promise<void> };
type SmtpResult = { mailsPerSecond: number; p50Ms: number; p99Ms: number; sent: number; errors: number };

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(import.meta.dirname, "../dist/server/main.js"))) throw new Error("Run `npm run build:server` first (npm run bench:email does).");

  // Floor: a bare smtp-server discarding every mail.
  const floorPort = await freePort();
  const floor = await startScript("bench/floors/smtp-devnull.ts", { SMTP_PORT: String(floorPort) });
  const smtpFloor = await sendFor(floorPort, seconds, "floor");
  await floor.stop();
  console.log(`floor: bare smtp-server ${formatNumber(smtpFloor.mailsPerSecond)} mails/s (p50 ${formatNumber(smtpFloor.p50Ms, 1)} ms)`);

  const backends: Backend[] = [pgliteBackend()];
  if (process.env.BENCH_POSTGRES_URL) backends.push(await postgresBackend(process.env.BENCH_POSTGRES_URL));

  const smtpRows: Array<Array<string | number>> = [];
  const imapRows: Array<Array<string | number>> = [];
  for (const backend of backends) {
    const insertFloor = await measureRawInsert(backend.floorTarget, seconds, backend.name === "PGlite" ? 1 : 16);
    console.log(`floor: ${backend.name} raw INSERT ${formatNumber(insertFloor.opsPerSecond)}/s`);
    const smtpPort = await freePort();
    let server: RunningServer | null = null;
    let imap: TestImapServer | null = null;
    try {
      server = await startCaredesk({ ...backend.environment, EMAIL_SMTP_PORT: String(smtpPort), EMAIL_SMTP_HOST: "127.0.0.1", EMAIL_MAILBOX_CHECK_SECONDS: "1" });
      const client = new CaredeskClient(server.url);
      await client.login(admin.email, admin.password);
      await client.request("POST", "/api/channels", { type: "email", name: "Bench SMTP", settings: { address: "bench@shop.example", inboundSmtp: true } });

      // SMTP intake: every 250 is a stored, processed mail.
      const smtp = await sendFor(smtpPort, seconds, "caredesk");
      const stored = await activeConversations(client);

      // Floor: the same ingest path through the API channel (new customer and conversation each time, like the mails).
      const api = await client.request<{ data: { channel: { id: string }; credentials: { inboundToken: string } } }>("POST", "/api/channels", { type: "api", name: "Bench API", settings: { webhookUrl: null } });
      let apiSent = 0;
      const apiInbound = await load({
        url: `${server.url}/api/channels/${api.data.channel.id}/messages`,
        method: "POST",
        connections: smtpConnections,
        durationSeconds: seconds,
        headers: { "content-type": "application/json", authorization: `Bearer ${api.data.credentials.inboundToken}` },
        body: () => {
          apiSent += 1;
          const mail = benchMail(apiSent, "api");
          return JSON.stringify({ externalId: randomUUID(), customer: { email: `api-${apiSent % customers}@customer.example`, name: "Bench Customer" }, subject: mail.subject, text: mail.text, html: mail.html });
        },
      });
      smtpRows.push([
        backend.name,
        formatNumber(smtp.mailsPerSecond, 1),
        formatNumber(smtp.mailsPerSecond / smtpFloor.mailsPerSecond, 3),
        formatNumber(smtp.mailsPerSecond / insertFloor.opsPerSecond, 3),
        `${formatNumber(smtp.mailsPerSecond / apiInbound.requestsPerSecond, 3)} (API ${formatNumber(apiInbound.requestsPerSecond, 1)}/s)`,
        `${formatNumber(smtp.p50Ms, 1)} / ${formatNumber(smtp.p99Ms, 1)}`,
        `${formatNumber(smtp.sent)} sent, ${formatNumber(stored)} stored`,
        String(smtp.errors),
      ]);
      console.log(`${backend.name}: SMTP intake ${formatNumber(smtp.mailsPerSecond, 1)} mails/s, ${smtp.sent} sent, ${stored} conversations`);

      // IMAP intake of mails waiting in a mailbox; the floor fetches the same mails from a twin mailbox.
      imap = startDovecot();
      writeWaitingMails(imap, "bench", imapMails);
      writeWaitingMails(imap, "customer", imapMails);
      const imapFloor = await bareImapFetch(imap.port, "customer");
      const started = performance.now();
      const created = await client.request<{ data: { channel: { id: string } } }>("POST", "/api/channels", {
        type: "email",
        name: "Bench IMAP",
        settings: { address: "imap-bench@shop.example", imap: { host: "127.0.0.1", port: imap.port, secure: false, user: "bench", password: "bench", backfillDays: 30, pollIntervalSeconds: 5 } },
      });
      const imapChannelId = created.data.channel.id;
      // The poller saves its position after each stored batch: the last UID means every mail is in.
      let lastUid = 0;
      let lastReport = performance.now();
      while (lastUid < imapMails) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const status = await client.request<{ data: { imap: { folders: Array<{ lastUid: number }> } } }>("GET", `/api/channels/${imapChannelId}/email/status`);
        lastUid = status.data.imap.folders[0]?.lastUid ?? 0;
        if (performance.now() - lastReport > 30_000) {
          console.log(`  … ${lastUid} of ${imapMails} mails after ${formatNumber((performance.now() - started) / 1000)} s`);
          lastReport = performance.now();
        }
        if (performance.now() - started > 60 * 60_000) throw new Error(`IMAP intake stalled at ${lastUid} of ${imapMails} mails`);
      }
      const elapsed = (performance.now() - started) / 1000;
      const imapRate = imapMails / elapsed;
      const storedMessages = await messagesOfChannel(client, imapChannelId);
      imapRows.push([
        backend.name,
        formatNumber(imapMails),
        formatNumber(elapsed, 1),
        formatNumber(imapRate, 1),
        formatNumber(imapRate / imapFloor.mailsPerSecond, 3),
        formatNumber(imapRate / insertFloor.opsPerSecond, 3),
        formatNumber(storedMessages),
      ]);
      console.log(`${backend.name}: IMAP intake of ${imapMails} mails in ${formatNumber(elapsed, 1)} s (${formatNumber(imapRate, 1)}/s); bare fetch ${formatNumber(imapFloor.mailsPerSecond)}/s`);
    } finally {
      await server?.stop();
      imap?.stop();
      await backend.cleanup();
    }
  }

  printTable(
    `SMTP intake: mail sent to Caredesk's listener until stored as a conversation (${smtpConnections} connections, ${seconds} s; floors: bare smtp-server ${formatNumber(smtpFloor.mailsPerSecond)} mails/s, raw INSERT per backend)`,
    ["backend", "mails/s", "÷ bare smtp-server", "÷ raw insert", "÷ API-channel ingest", "p50 / p99 ms", "mails", "errors"],
    smtpRows,
  );
  printTable(
    `IMAP intake: ${formatNumber(imapMails)} mails waiting in a dovecot mailbox until all are stored (every fifth is a reply and threads into an earlier conversation; floor: a bare imapflow fetch of the same mails)`,
    ["backend", "mails", "seconds", "mails/s", "÷ bare IMAP fetch", "÷ raw insert", "messages stored"],
    imapRows,
  );
}

/** A realistic small mail (text and HTML alternative, about 3 KB); every fifth one answers an earlier mail of its sender. */
function benchMail(index: number, tag: string) {
  const sender = index % customers;
  const html = `<p>Hello,</p><p>my order ${10_000 + index} has not arrived yet. ${"The tracking page shows nothing new since Monday. ".repeat(20)}</p><p>Best regards<br>Customer ${sender}</p>`;
  return {
    from: `Customer ${sender} <customer-${sender}@customer.example>`,
    to: "bench@shop.example",
    subject: `Order ${10_000 + index} has not arrived`,
    messageId: `<${tag}-${index}@customer.example>`,
    ...(index >= customers && index % 5 === 0 ? { inReplyTo: `<${tag}-${index - customers}@customer.example>` } : {}),
    text: `Hello,\n\nmy order ${10_000 + index} has not arrived yet. ${"The tracking page shows nothing new since Monday. ".repeat(20)}\n\nBest regards\nCustomer ${sender}`,
    html,
  };
}

async function sendFor(port: number, durationSeconds: number, tag: string): Promise<SmtpResult> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, pool: true, maxConnections: smtpConnections, maxMessages: Infinity });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const runTag = `${tag}-${Date.now()}`;
  const deadline = Date.now() + durationSeconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: smtpConnections }, async () => {
      while (Date.now() < deadline) {
        const mail = benchMail(next++, runTag);
        const begin = performance.now();
        try {
          await transport.sendMail(mail);
          latencies.push(performance.now() - begin);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  transport.close();
  latencies.sort((a, b) => a - b);
  return { mailsPerSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), sent: latencies.length, errors };
}

/** Puts mails straight into a Maildir, as a mail server delivering while Caredesk was away would. */
function writeWaitingMails(imap: TestImapServer, user: string, count: number): void {
  const folder = path.join(imap.folder, "mail", user, "Maildir", "new");
  const owner = fs.statSync(folder);
  const date = new Date().toUTCString();
  for (let index = 0; index < count; index += 1) {
    const mail = benchMail(index, `imap-${user}`);
    const raw = [
      `From: ${mail.from}`,
      `To: ${mail.to}`,
      `Subject: ${mail.subject}`,
      `Date: ${date}`,
      `Message-ID: ${mail.messageId}`,
      ...(mail.inReplyTo ? [`In-Reply-To: ${mail.inReplyTo}`] : []),
      "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain; charset=utf-8",
      "",
      mail.text,
      "--b",
      "Content-Type: text/html; charset=utf-8",
      "",
      mail.html,
      "--b--",
      "",
    ].join("\r\n");
    const file = path.join(folder, `${Math.floor(Date.now() / 1000)}.M${index}P${process.pid}.bench`);
    fs.writeFileSync(file, raw);
    fs.chownSync(file, owner.uid, owner.gid);
  }
}

async function bareImapFetch(port: number, user: string): Promise<{ mailsPerSecond: number }> {
  const client = new ImapFlow({ host: "127.0.0.1", port, secure: false, auth: { user, pass: user }, logger: false });
  client.on("error", () => undefined);
  const started = performance.now();
  await client.connect();
  await client.mailboxOpen("INBOX");
  let count = 0;
  for await (const message of client.fetch("1:*", { uid: true, source: true })) if (message.source) count += 1;
  const elapsed = (performance.now() - started) / 1000;
  await client.logout();
  return { mailsPerSecond: count / elapsed };
}

/** Messages in the channel's conversations (every fifth bench mail is a reply and threads into an earlier one). */
async function messagesOfChannel(client: CaredeskClient, channelId: string): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  do {
    const page: { data: Array<{ messageCount: number }>; nextCursor: string | null } = await client.request("GET", `/api/conversations?channelId=${channelId}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    total += page.data.reduce((sum, conversation) => sum + conversation.messageCount, 0);
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}

async function activeConversations(client: CaredeskClient): Promise<number> {
  return (await client.request<{ data: { active: number } }>("GET", "/api/conversations/counts")).data.active;
}

function pgliteBackend(): Backend {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-bench-email-"));
  const floorDir = fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-floor-"));
  return {
    name: "PGlite",
    environment: { DATA_DIR: dataDir, SEED_DEMO: "false", CAREDESK_ADMIN_EMAIL: admin.email, CAREDESK_ADMIN_PASSWORD: admin.password },
    floorTarget: { pgliteDataDir: path.join(floorDir, "pglite") },
    cleanup: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(floorDir, { recursive: true, force: true });
    },
  };
}

async function postgresBackend(serverUrl: string): Promise<Backend> {
  const name = `caredesk_bench_email_${Date.now()}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`));
  const url = databaseUrl(serverUrl, name);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-bench-email-"));
  return {
    name: "PostgreSQL",
    environment: { DATABASE_URL: url, DATA_DIR: dataDir, SEED_DEMO: "false", CAREDESK_ADMIN_EMAIL: admin.email, CAREDESK_ADMIN_PASSWORD: admin.password },
    floorTarget: { postgresUrl: url },
    cleanup: async () => {
      await withAdminClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

await main();
