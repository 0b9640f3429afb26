import { z } from "zod";

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "is not a colour like #1c7ed6");
const origin = z
  .string()
  .trim()
  .transform((value, context) => {
    try {
      const url = new URL(value);
      if ((url.protocol === "http:" || url.protocol === "https:") && url.origin !== "null") return url.origin;
    } catch {
      // reported below
    }
    context.addIssue({ code: "custom", message: "is not an origin like https://shop.example" });
    return z.NEVER;
  });

/**
 * A website chat channel: how the widget looks and greets, which sites may embed it, how
 * visitors prove who they are, when it is staffed and how fast visitors may open conversations.
 */
export const ChatChannelSettings = z.object({
  colors: z.object({ primary: color.default("#1c7ed6"), onPrimary: color.default("#ffffff") }).prefault({}),
  greeting: z
    .object({
      en: z.string().trim().max(500).default("Hi! How can we help you today?"),
      de: z.string().trim().max(500).default("Hallo! Wie können wir Ihnen helfen?"),
    })
    .prefault({}),
  /** Sites allowed to embed the widget (their origins). Empty: any site. Caredesk's own pages always may. */
  allowedOrigins: z.array(origin).max(50).default([]),
  identityVerification: z
    .object({
      /** Key of the HMAC-SHA256 signatures (and HS256 JWTs) the site creates; at least 32 characters. */
      secret: z.string().min(32).max(200).nullable().default(null),
      /** Refuse visitors without a valid signature. Needs a secret. */
      isRequired: z.boolean().default(false),
    })
    .prefault({})
    .refine((verification) => !verification.isRequired || verification.secret !== null, { message: "needs a secret to be required", path: ["isRequired"] }),
  /** The business hours the widget follows; null: the ones that apply to this channel (or the account's default). */
  businessHoursId: z.uuid().nullable().default(null),
  /** Ask for an email address outside business hours or when no agent is online. */
  askForEmailWhenUnavailable: z.boolean().default(true),
  rateLimits: z
    .object({
      conversationsPerVisitorPerHour: z.number().int().min(1).max(1000).default(5),
      conversationsPerIpPerHour: z.number().int().min(1).max(10_000).default(30),
    })
    .prefault({}),
});
export type ChatChannelSettings = z.infer<typeof ChatChannelSettings>;

/** Secret settings of a chat channel (redacted in every view). */
export const chatSecretSettings = [["identityVerification", "secret"]] as const;

/** A stored channel's settings with every default filled in. */
export function chatSettingsOf(settings: Record<string, unknown>): ChatChannelSettings {
  return ChatChannelSettings.parse(settings);
}
