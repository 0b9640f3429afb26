import type { Locale } from "../../common/domain.js";
import de from "./locales/de.json";
import en from "./locales/en.json";

export type MessageKey = keyof typeof en;
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, de };

/** The page's language (<html lang>), else the browser's; German or English. */
export function pickLocale(explicit: string | null | undefined): Locale {
  const candidates = [explicit, document.documentElement.lang, ...(navigator.languages ?? []), navigator.language];
  for (const candidate of candidates) {
    const language = candidate?.trim().toLowerCase().slice(0, 2);
    if (language === "de" || language === "en") return language;
  }
  return "en";
}

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, values = {}) => catalog[key].replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
