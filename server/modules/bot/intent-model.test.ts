import { describe, expect, it } from "vitest";
import type { BotIntentRow, KnowledgeArticleRow } from "../../platform/db/rows.js";
import { trainingDataOf } from "./intent-model.js";

const article = (id: string, overrides: Partial<KnowledgeArticleRow> = {}) =>
  ({ id, title: `Title ${id}`, exampleQuestions: [`Question ${id}?`], status: "published", locale: "en", slug: `slug-${id}`, ...overrides }) as KnowledgeArticleRow;
const intent = (name: string, overrides: Partial<BotIntentRow> = {}) => ({ id: name, name, examples: [`${name} example`], articleId: null, questions: [], ...overrides }) as unknown as BotIntentRow;

describe("the bot's training data", () => {
  it("trains an intent from its examples and its article's title and questions; other published articles become their own targets", () => {
    const { examples, targets } = trainingDataOf(
      [intent("password_reset", { articleId: "a1" }), intent("order_status")],
      [article("a1"), article("a2", { locale: "de" }), article("a3", { status: "draft" })],
    );
    expect([...targets.keys()].sort()).toEqual(["article:de/slug-a2", "order_status", "password_reset"]);
    expect(targets.get("password_reset")!.article!.id).toBe("a1");
    expect(targets.get("article:de/slug-a2")).toMatchObject({ intent: null, article: { id: "a2" } });
    expect(examples.filter((example) => example.intent === "password_reset").map((example) => example.text)).toEqual(["password_reset example", "Title a1", "Question a1?"]);
    expect(examples.find((example) => example.text === "Title a2")).toEqual({ text: "Title a2", intent: "article:de/slug-a2", language: "de" });
    expect(examples.some((example) => example.text === "Title a3")).toBe(false);
  });

  it("leaves out intents without any example", () => {
    const { targets } = trainingDataOf([intent("empty", { examples: [] }), intent("order_status")], []);
    expect([...targets.keys()]).toEqual(["order_status"]);
  });
});
