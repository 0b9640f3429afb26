import { z } from "zod";
import { locales } from "../../../common/domain.js";

const host = z.string().trim().min(1).max(255);
const port = z.number().int().min(1).max(65535);
const address = z.email().max(254).transform((value) => value.toLowerCase());

/** Texts a channel may override per language; `{{customerName}}`, `{{agentName}}`, `{{number}}`, `{{subject}}`, `{{channelName}}` are replaced. */
export const EmailTemplateOverrides = z
  .object({
    greeting: z.string().max(500),
    greetingWithoutName: z.string().max(500),
    closing: z.string().max(2000),
    footer: z.string().max(2000),
    acknowledgementSubject: z.string().max(300),
    acknowledgementBody: z.string().max(5000),
    forwardIntro: z.string().max(500),
  })
  .partial();
export type EmailTemplateOverrides = z.infer<typeof EmailTemplateOverrides>;

export const ImapSettings = z.object({
  host,
  port: port.default(993),
  /** TLS from the start (port 993); otherwise STARTTLS is used when the server offers it. */
  secure: z.boolean().default(true),
  user: z.string().min(1).max(320),
  password: z.string().max(1000),
  folders: z.array(z.string().trim().min(1).max(200)).min(1).max(20).default(["INBOX"]),
  /** What happens to a mail once it is stored: flagged (\Seen and $CaredeskProcessed) or moved. */
  processedAction: z.enum(["flag", "move"]).default("flag"),
  processedFolder: z.string().trim().min(1).max(200).nullable().default(null),
  /** On the first poll, and when the server renumbers a folder, mail this many days old is fetched. */
  backfillDays: z.number().int().min(0).max(365).default(7),
  pollIntervalSeconds: z.number().int().min(1).max(3600).default(60),
  useIdle: z.boolean().default(true),
  allowInvalidCertificate: z.boolean().default(false),
});
export type ImapSettings = z.infer<typeof ImapSettings>;

export const SmtpSettings = z.object({
  host,
  port: port.default(587),
  /** TLS from the start (port 465); otherwise STARTTLS is required unless `allowInsecure`. */
  secure: z.boolean().default(false),
  user: z.string().max(320).nullable().default(null),
  password: z.string().max(1000).nullable().default(null),
  allowInsecure: z.boolean().default(false),
  allowInvalidCertificate: z.boolean().default(false),
});
export type SmtpSettings = z.infer<typeof SmtpSettings>;

/**
 * An email channel: its address, one or both ways in (IMAP polling, the Caredesk SMTP
 * listener for forwarding and MX setups) and the SMTP server replies go out through.
 */
export const EmailChannelSettings = z
  .object({
    address: address.nullable().default(null),
    /** Other addresses that deliver into this channel (never treated as participants). */
    aliases: z.array(address).max(50).default([]),
    senderName: z.string().trim().max(200).nullable().default(null),
    imap: ImapSettings.nullable().default(null),
    smtp: SmtpSettings.nullable().default(null),
    /** Accept mail for `address` and `aliases` at the Caredesk SMTP listener (EMAIL_SMTP_PORT). */
    inboundSmtp: z.boolean().default(false),
    /** Reply-To carries a token (support+cd-…@), so replies thread even without headers; needs plus addressing. */
    replyAddressTokens: z.boolean().default(false),
    signature: z.string().max(5000).default(""),
    language: z.enum(locales).default("en"),
    templates: z.object({ en: EmailTemplateOverrides.optional(), de: EmailTemplateOverrides.optional() }).default({}),
    autoAcknowledgement: z.boolean().default(false),
    /** More mail than this from one sender within the window joins their latest conversation and is never answered automatically. */
    senderRateLimit: z
      .object({ maxMails: z.number().int().min(1).max(10_000).default(20), windowMinutes: z.number().int().min(1).max(24 * 60).default(60) })
      .default({ maxMails: 20, windowMinutes: 60 }),
  })
  .refine((settings) => !settings.inboundSmtp || settings.address, { message: "needs an address to receive mail at", path: ["address"] })
  .refine((settings) => !settings.imap || settings.imap.processedAction !== "move" || settings.imap.processedFolder, {
    message: "needs a folder to move processed mail to",
    path: ["imap", "processedFolder"],
  });
export type EmailChannelSettings = z.infer<typeof EmailChannelSettings>;

/** Paths of settings that are secret: redacted in every view, kept when an update leaves them out. */
export const emailSecretSettings = [
  ["imap", "password"],
  ["smtp", "password"],
] as const;

export function emailSettingsOf(settings: unknown): EmailChannelSettings {
  return EmailChannelSettings.parse(settings ?? {});
}

/** All addresses that belong to the channel itself, lower-case. */
export function ownAddresses(settings: EmailChannelSettings): Set<string> {
  return new Set([settings.address, ...settings.aliases].filter((value): value is string => Boolean(value)));
}
