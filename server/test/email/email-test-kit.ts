import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { ChannelRow } from "../../platform/db/rows.js";
import type { TestAccount } from "../factories.js";
import type { TestApp } from "../test-app.js";

const fixturesFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../channels/email/fixtures");

export function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(fixturesFolder, name));
}

export const unique = () => randomBytes(4).toString("hex");

/** An email channel with the given settings (address defaults to a unique support address). */
export async function buildEmailChannel(test: TestApp, account: TestAccount, settings: Record<string, unknown> = {}): Promise<ChannelRow> {
  const { channel } = await test.services.channels.create(account.adminActor, {
    type: "email",
    name: `Support ${unique()}`,
    isEnabled: true,
    settings: { address: `support-${unique()}@shop.example`, ...settings },
  });
  return channel;
}

/** Builds a raw mail; headers in order, CRLF line ends. */
export function rawMail(options: {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string[];
  cc?: string;
  headers?: Record<string, string>;
}): Buffer {
  const lines = [
    `From: ${options.from}`,
    `To: ${options.to}`,
    ...(options.cc ? [`Cc: ${options.cc}`] : []),
    `Subject: ${options.subject}`,
    `Date: ${new Date().toUTCString()}`,
    ...(options.messageId === null ? [] : [`Message-ID: <${options.messageId ?? `${unique()}.${Date.now()}@customer.example`}>`]),
    ...(options.inReplyTo ? [`In-Reply-To: <${options.inReplyTo}>`] : []),
    ...(options.references?.length ? [`References: ${options.references.map((id) => `<${id}>`).join(" ")}`] : []),
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    options.text,
    "",
  ];
  return Buffer.from(lines.join("\r\n"), "utf8");
}

export type CapturedMail = { envelope: { from: string; to: string[] }; raw: Buffer; parsed: Awaited<ReturnType<typeof simpleParser>> };

/**
 * A loopback SMTP server standing in for the mailbox provider's outgoing server: it keeps
 * every mail it accepts, and can be told to refuse (permanently or for now).
 */
export class MailSink {
  readonly mails: CapturedMail[] = [];
  /** null: accept; otherwise the SMTP reply code to refuse the next mails with. */
  refuseWith: { code: number; message: string } | null = null;
  private server: SMTPServer | null = null;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      // The sending side keeps pooled connections open; stopping should not wait 30 s for them.
      closeTimeout: 500,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          if (this.refuseWith) {
            const error = new Error(this.refuseWith.message) as Error & { responseCode: number };
            error.responseCode = this.refuseWith.code;
            callback(error);
            return;
          }
          const raw = Buffer.concat(chunks);
          void simpleParser(raw).then((parsed) => {
            this.mails.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((recipient) => recipient.address),
              },
              raw,
              parsed,
            });
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  /** SMTP settings of a channel sending through this sink. */
  get smtpSettings() {
    return { host: "127.0.0.1", port: this.port, secure: false, allowInsecure: true, user: null, password: null };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
