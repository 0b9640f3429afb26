import { describe, expect, it } from "vitest";
import webDe from "../../../web/src/locales/de.json" with { type: "json" };
import webEn from "../../../web/src/locales/en.json" with { type: "json" };
import helpDe from "../help-center/locales/de.json" with { type: "json" };
import helpEn from "../help-center/locales/en.json" with { type: "json" };
import botDe from "./locales/de.json" with { type: "json" };
import botEn from "./locales/en.json" with { type: "json" };

/** Every key path of a nested locale object ("bot.test.title"), plural suffixes kept. */
function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe("locales", () => {
  it.each([
    ["bot", botEn, botDe],
    ["help center", helpEn, helpDe],
    ["agent app: knowledge base and bot", { knowledge: webEn.knowledge, bot: webEn.bot }, { knowledge: webDe.knowledge, bot: webDe.bot }],
  ])("%s texts exist in English and German alike, none empty", (_name, english, german) => {
    expect(keysOf(german).sort()).toEqual(keysOf(english).sort());
    for (const locale of [english, german]) {
      const values = JSON.stringify(locale);
      expect(values).not.toContain('""');
    }
  });
});
