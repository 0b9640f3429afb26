import type { Locale } from "../../../common/domain.js";
import de from "./locales/de.json" with { type: "json" };
import en from "./locales/en.json" with { type: "json" };

export type BotTextKey = keyof typeof en;

const texts: Record<Locale, Record<BotTextKey, string>> = { en, de };

/** What the bot writes, in the customer's language, with `{name}` placeholders filled in. */
export function botText(locale: Locale, key: BotTextKey, values: Record<string, string | number> = {}): string {
  return texts[locale][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
