import type { Category, ChannelType, Priority } from "../../../common/domain.js";
import type { RoutingRuleActions, RoutingRuleConditions } from "../../../common/routing.js";

/** What routing rules look at: the conversation, its customer and its first message. */
export type RoutingFacts = {
  channelType: ChannelType;
  topic: string | null;
  category: Category | null;
  language: string | null;
  priority: Priority;
  subject: string;
  firstMessageText: string;
  customer: { tags: string[]; attributes: Record<string, unknown>; language: string | null };
};

export type MatchableRule = { id: string; name: string; isEnabled: boolean; conditions: RoutingRuleConditions; actions: RoutingRuleActions };

/** The first enabled rule (in the given order) whose conditions all hold. */
export function firstMatchingRule<Rule extends MatchableRule>(rules: readonly Rule[], facts: RoutingFacts): Rule | null {
  return rules.find((rule) => rule.isEnabled && matches(rule.conditions, facts)) ?? null;
}

/** Every non-empty condition must hold; within one condition, any listed value is enough. */
export function matches(conditions: RoutingRuleConditions, facts: RoutingFacts): boolean {
  const language = primaryLanguage(facts.language ?? facts.customer.language);
  return (
    isAnyOf(conditions.channelTypes, facts.channelType) &&
    isAnyOf(conditions.topics.map(lowerCase), facts.topic === null ? null : lowerCase(facts.topic)) &&
    isAnyOf(conditions.categories, facts.category) &&
    isAnyOf(conditions.languages.map(primaryLanguage), language) &&
    isAnyOf(conditions.priorities, facts.priority) &&
    (conditions.customerTags.length === 0 || conditions.customerTags.some((tag) => facts.customer.tags.some((own) => lowerCase(own) === lowerCase(tag)))) &&
    conditions.customerAttributes.every(({ key, value }) => attributeText(facts.customer.attributes[key]) === value) &&
    (conditions.keywords.length === 0 || containsAnyKeyword(`${facts.subject}\n${facts.firstMessageText}`, conditions.keywords))
  );
}

/** "de-AT" and "DE" are both German: rules and agents speak of languages, not locales. */
export function primaryLanguage(language: string | null | undefined): string | null {
  if (!language) return null;
  return language.trim().split(/[-_]/)[0]!.toLowerCase() || null;
}

function isAnyOf<T>(allowed: readonly T[], value: T | null): boolean {
  return allowed.length === 0 || (value !== null && allowed.includes(value));
}

/** Whole-word matching, so that "card" does not fire on "discard"; Unicode-aware for German. */
function containsAnyKeyword(text: string, keywords: readonly string[]): boolean {
  const normalized = text.normalize("NFC").toLocaleLowerCase();
  return keywords.some((keyword) => {
    const escaped = keyword.normalize("NFC").toLocaleLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "u").test(normalized);
  });
}

function attributeText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function lowerCase(text: string): string {
  return text.toLowerCase();
}
