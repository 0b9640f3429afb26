import type { Locale } from "../../../common/domain.js";
import de from "./locales/de.json" with { type: "json" };
import en from "./locales/en.json" with { type: "json" };

export type HelpCenterTextKey = keyof typeof en;

const texts: Record<Locale, Record<HelpCenterTextKey, string>> = { en, de };

/** A help center text in the reader's language, with `{name}` placeholders filled in. */
export function helpText(locale: Locale, key: HelpCenterTextKey, values: Record<string, string | number> = {}): string {
  return texts[locale][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
