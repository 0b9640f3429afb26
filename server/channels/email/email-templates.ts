import type { Locale } from "../../../common/domain.js";
import type { EmailChannelSettings } from "./email-settings.js";
import de from "./templates/de.json" with { type: "json" };
import en from "./templates/en.json" with { type: "json" };

/** The texts of outgoing mail in one language: the locale file, then the channel's overrides. */
export type EmailTexts = typeof en;

const defaults: Record<Locale, EmailTexts> = { en, de };

export type TemplateValues = { customerName: string; agentName: string; number: string; subject: string; channelName: string };

/** The customer's language if Caredesk speaks it, else the conversation's, else the channel's. */
export function localeFor(candidates: Array<string | null | undefined>, fallback: Locale): Locale {
  for (const candidate of candidates) {
    const language = candidate?.trim().toLowerCase() ?? "";
    if (language.startsWith("de")) return "de";
    if (language.startsWith("en")) return "en";
  }
  return fallback;
}

export function textsFor(settings: EmailChannelSettings, locale: Locale): EmailTexts {
  const overrides = Object.fromEntries(Object.entries(settings.templates[locale] ?? {}).filter(([, value]) => value !== undefined));
  return { ...defaults[locale], ...overrides };
}

/** Replaces `{{name}}` placeholders; `{{greeting}}` is the greeting with or without the customer's name. */
export function fill(template: string, values: TemplateValues, texts: EmailTexts): string {
  const greeting = values.customerName.trim() ? texts.greeting : texts.greetingWithoutName;
  const all: Record<string, string> = { ...values, greeting: greeting.replace(/\{\{customerName\}\}/g, values.customerName) };
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => all[name] ?? match);
}
