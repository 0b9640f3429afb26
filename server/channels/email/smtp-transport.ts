import nodemailer, { type Transporter } from "nodemailer";
import { DeliveryError } from "../../platform/errors.js";
import type { SmtpSettings } from "./email-settings.js";

/**
 * One pooled SMTP connection set per channel (later mails go out in a few milliseconds), made
 * again when the channel's SMTP settings change.
 */
const transports = new Map<string, { key: string; transport: Transporter }>();

function transportFor(channelId: string, smtp: SmtpSettings): Transporter {
  const key = JSON.stringify(smtp);
  const cached = transports.get(channelId);
  if (cached?.key === key) return cached.transport;
  cached?.transport.close();
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: !smtp.secure && !smtp.allowInsecure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    tls: { rejectUnauthorized: !smtp.allowInvalidCertificate },
    pool: true,
    maxConnections: 3,
    maxMessages: 100,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  transports.set(channelId, { key, transport });
  return transport;
}

/**
 * Sends a composed mail as it is. A 5xx answer (the server refuses the mail, the login or a
 * recipient for good) is permanent; a 4xx answer, a timeout or no connection is retried.
 */
export async function sendRawMail(channelId: string, smtp: SmtpSettings, envelope: { from: string; to: string[] }, raw: Buffer): Promise<void> {
  try {
    await transportFor(channelId, smtp).sendMail({ envelope, raw });
  } catch (error) {
    const failure = error as { responseCode?: number; response?: string; code?: string; message?: string };
    const detail = (failure.response ?? failure.message ?? String(error)).slice(0, 300);
    const isPermanent = typeof failure.responseCode === "number" && failure.responseCode >= 500;
    if (failure.code === "EAUTH") throw new DeliveryError(`The SMTP server refused the login: ${detail}`, isPermanent);
    if (isPermanent) throw new DeliveryError(`The SMTP server refused the mail: ${detail}`, true);
    throw new DeliveryError(`The mail could not be handed to the SMTP server: ${detail}`, false);
  }
}

/** Closes every pooled connection (on shutdown). */
export function closeSmtpTransports(): void {
  for (const { transport } of transports.values()) transport.close();
  transports.clear();
}
