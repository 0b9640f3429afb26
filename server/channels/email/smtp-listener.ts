import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { ChannelRow } from "../../platform/db/rows.js";
import type { Logger } from "../../platform/logging.js";

export type SmtpListenerOptions = {
  host: string;
  port: number;
  hostname: string;
  tls: { key: Buffer; cert: Buffer } | null;
  maxMessageBytes: number;
};

export type SmtpRouting = {
  /** The channel that receives mail for this address at the listener, or null. */
  channelFor(address: string): Promise<ChannelRow | null>;
  /** Stores and processes the mail; throws when it could not even be stored. */
  receive(channel: ChannelRow, raw: Buffer, envelope: { mailFrom: string | null; rcptTo: string[] }): Promise<void>;
};

const CHANNEL_CACHE_MS = 5_000;

type SmtpError = Error & { responseCode: number };

function smtpError(responseCode: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * Receives mail over SMTP for forwarding and MX setups. Recipients are accepted only for
 * addresses of email channels that enabled it, so it relays nothing and stores no strangers'
 * mail. The sender gets 250 only once the raw mail is stored; any failure before that is a
 * temporary 451, so the sending server tries again and nothing is lost.
 */
export class SmtpListener {
  private readonly server: SMTPServer;
  private readonly channelCache = new Map<string, { channel: ChannelRow | null; until: number }>();
  private boundPort: number | null = null;

  constructor(
    private readonly options: SmtpListenerOptions,
    private readonly routing: SmtpRouting,
    private readonly logger: Logger,
  ) {
    this.server = new SMTPServer({
      name: options.hostname,
      banner: "Caredesk",
      size: options.maxMessageBytes,
      authOptional: true,
      disabledCommands: options.tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
      hideSTARTTLS: !options.tls,
      ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
      logger: false,
      // Each client may hold up to the size limit in memory while its mail is stored.
      maxClients: 50,
      socketTimeout: 60_000,
      closeTimeout: 5_000,
      onRcptTo: (address, _session, callback) => {
        this.routeOf(address.address).then(
          (channel) => callback(channel ? undefined : smtpError(550, "5.1.1 There is no mailbox here by that name")),
          (error: unknown) => {
            this.logger.error({ err: error }, "SMTP listener could not look up a recipient");
            callback(smtpError(451, "4.3.0 Temporary failure, please try again later"));
          },
        );
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          (reply) => callback(null, reply),
          (error: unknown) => callback(error instanceof Error && "responseCode" in error ? (error as SmtpError) : smtpError(451, "4.3.0 Temporary failure, please try again later")),
        );
      },
    });
    this.server.on("error", (error) => this.logger.warn({ err: error }, "SMTP listener connection error"));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.server.off("error", reject);
        resolve();
      });
    });
    this.boundPort = (this.server.server.address() as { port: number }).port;
    this.logger.info({ port: this.boundPort, tls: Boolean(this.options.tls) }, "SMTP listener is accepting mail");
    return this.boundPort;
  }

  get port(): number | null {
    return this.boundPort;
  }

  async stop(): Promise<void> {
    if (this.boundPort === null) return;
    this.boundPort = null;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      // The `size` option only announces the limit; refusing is up to us (the rest is drained).
      if (size <= this.options.maxMessageBytes) chunks.push(chunk);
    }
    if (stream.sizeExceeded || size > this.options.maxMessageBytes) {
      throw smtpError(552, `5.3.4 The message is larger than the ${this.options.maxMessageBytes} bytes accepted here`);
    }
    const raw = Buffer.concat(chunks);
    const rcptTo = session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase());
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() || null : null;
    const channels = new Map<string, ChannelRow>();
    for (const address of rcptTo) {
      const channel = await this.routeOf(address);
      if (channel) channels.set(channel.id, channel);
    }
    try {
      for (const channel of channels.values()) await this.routing.receive(channel, raw, { mailFrom, rcptTo });
    } catch (error) {
      this.logger.error({ err: error }, "SMTP listener could not store a mail; the sender will retry");
      throw smtpError(451, "4.3.0 The mail could not be stored, please try again later");
    }
    return "2.0.0 Stored";
  }

  /** The channel for a recipient; `support+anything@` reaches `support@`. Cached briefly. */
  private async routeOf(address: string): Promise<ChannelRow | null> {
    const normalized = address.trim().toLowerCase();
    const base = normalized.replace(/\+[^@]*@/, "@");
    const cached = this.channelCache.get(base);
    if (cached && cached.until > Date.now()) return cached.channel;
    const channel = await this.routing.channelFor(base);
    this.channelCache.set(base, { channel, until: Date.now() + CHANNEL_CACHE_MS });
    return channel;
  }
}
