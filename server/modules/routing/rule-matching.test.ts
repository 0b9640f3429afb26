import { describe, expect, it } from "vitest";
import { RoutingRuleActions, RoutingRuleConditions } from "../../../common/routing.js";
import { firstMatchingRule, matches, primaryLanguage, type RoutingFacts } from "./rule-matching.js";

const facts = (overrides: Partial<RoutingFacts> = {}): RoutingFacts => ({
  channelType: "email",
  topic: null,
  category: null,
  language: "de-DE",
  priority: "normal",
  subject: "Rechnung",
  firstMessageText: "Meine Kreditkarte wurde doppelt belastet.",
  customer: { tags: ["VIP"], attributes: { plan: "enterprise", seats: 40 }, language: null },
  ...overrides,
});
const when = (conditions: Partial<RoutingRuleConditions>) => RoutingRuleConditions.parse(conditions);
const rule = (id: string, conditions: Partial<RoutingRuleConditions>, isEnabled = true) => ({ id, name: id, isEnabled, conditions: when(conditions), actions: RoutingRuleActions.parse({}) });

describe("routing rule matching", () => {
  it("matches a rule without conditions on everything", () => {
    expect(matches(when({}), facts())).toBe(true);
  });

  it("needs every condition, and any value within one", () => {
    expect(matches(when({ channelTypes: ["chat", "email"], priorities: ["normal"] }), facts())).toBe(true);
    expect(matches(when({ channelTypes: ["chat", "email"], priorities: ["urgent"] }), facts())).toBe(false);
    expect(matches(when({ categories: ["complaint"] }), facts({ category: null }))).toBe(false);
    expect(matches(when({ categories: ["complaint"] }), facts({ category: "complaint" }))).toBe(true);
    expect(matches(when({ topics: ["Billing"] }), facts({ topic: "billing" }))).toBe(true);
  });

  it("compares languages by their primary subtag, falling back to the customer's", () => {
    expect(matches(when({ languages: ["de"] }), facts())).toBe(true);
    expect(matches(when({ languages: ["DE-at"] }), facts())).toBe(true);
    expect(matches(when({ languages: ["en"] }), facts())).toBe(false);
    expect(matches(when({ languages: ["fr"] }), facts({ language: null, customer: { tags: [], attributes: {}, language: "fr-CA" } }))).toBe(true);
    expect(primaryLanguage(" pt_BR ")).toBe("pt");
  });

  it("matches the customer's segment by tag and attributes", () => {
    expect(matches(when({ customerTags: ["vip", "gold"] }), facts())).toBe(true);
    expect(matches(when({ customerTags: ["gold"] }), facts())).toBe(false);
    expect(matches(when({ customerAttributes: [{ key: "plan", value: "enterprise" }, { key: "seats", value: "40" }] }), facts())).toBe(true);
    expect(matches(when({ customerAttributes: [{ key: "plan", value: "free" }] }), facts())).toBe(false);
    expect(matches(when({ customerAttributes: [{ key: "missing", value: "" }] }), facts())).toBe(false);
  });

  it("finds keywords as whole words in the subject or first message, in any case", () => {
    expect(matches(when({ keywords: ["kreditkarte"] }), facts())).toBe(true);
    expect(matches(when({ keywords: ["RECHNUNG"] }), facts())).toBe(true);
    expect(matches(when({ keywords: ["karte"] }), facts())).toBe(false); // part of a word
    expect(matches(when({ keywords: ["doppelt belastet"] }), facts())).toBe(true);
    expect(matches(when({ keywords: ["c++"] }), facts({ firstMessageText: "Is c++ supported?" }))).toBe(true);
  });

  it("takes the first enabled matching rule in order", () => {
    const rules = [rule("disabled", {}, false), rule("chat only", { channelTypes: ["chat"] }), rule("german", { languages: ["de"] }), rule("catch-all", {})];
    expect(firstMatchingRule(rules, facts())?.id).toBe("german");
    expect(firstMatchingRule(rules, facts({ language: "en" }))?.id).toBe("catch-all");
    expect(firstMatchingRule([rule("chat only", { channelTypes: ["chat"] })], facts())).toBeNull();
  });
});
