import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildAgent, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

describe("knowledge base API", () => {
  let test: TestApp;
  let account: TestAccount;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test, "Knowledge Shop");
  });
  afterAll(() => test?.close());

  it("creates, renders, searches, publishes and deletes an article", async () => {
    const as = account.adminSession;
    const category = await test.api.post("/api/knowledge/categories", { as, body: { locale: "en", name: "Orders & Delivery", description: "Shipping questions" } });
    expect(category.status).toBe(201);
    expect(category.body.data).toMatchObject({ slug: "orders-delivery", articleCount: 0 });

    const created = await test.api.post("/api/knowledge/articles", {
      as,
      body: {
        title: "How long does delivery take?",
        locale: "en",
        categoryId: category.body.data.id,
        bodyMarkdown: "Parcels arrive in **2–3 business days**.\n\n<script>alert(1)</script>\n\n[Track it](https://track.example/)",
        exampleQuestions: ["When will my parcel arrive?"],
      },
    });
    expect(created.status).toBe(201);
    const article = created.body.data;
    expect(article).toMatchObject({ slug: "how-long-does-delivery-take", status: "draft", publishedAt: null, categoryId: category.body.data.id });
    expect(article.bodyHtml).toContain("<strong>2–3 business days</strong>");
    expect(article.bodyHtml).toContain('href="https://track.example/"');
    expect(article.bodyHtml).not.toContain("<script");
    expect(article.bodyText).toContain("Parcels arrive in 2–3 business days.");
    expect(article.publicUrl).toMatch(/\/help\/knowledge-shop\/en\/articles\/how-long-does-delivery-take$/);

    // Full-text search over title, body and example questions, with English stemming.
    const byBody = await test.api.get("/api/knowledge/articles?query=parcels", { as });
    expect(byBody.body.data.map((row: { id: string }) => row.id)).toEqual([article.id]);
    const byQuestion = await test.api.get("/api/knowledge/articles?query=arrive&status=draft", { as });
    expect(byQuestion.body.data).toHaveLength(1);
    expect(byQuestion.body.data[0].excerpt).toContain("Parcels arrive");
    expect((await test.api.get("/api/knowledge/articles?query=parcels&status=published", { as })).body.data).toEqual([]);

    const published = await test.api.patch(`/api/knowledge/articles/${article.id}`, { as, body: { status: "published", bodyMarkdown: "Parcels arrive in *two days*." } });
    expect(published.status).toBe(200);
    expect(published.body.data.status).toBe("published");
    expect(published.body.data.publishedAt).not.toBeNull();
    expect(published.body.data.bodyHtml).toContain("<em>two days</em>");
    const categories = await test.api.get("/api/knowledge/categories?locale=en", { as });
    expect(categories.body.data[0].articleCount).toBe(1);

    const preview = await test.api.post("/api/knowledge/articles/preview", { as, body: { bodyMarkdown: "# Title\n<img src=x onerror=alert(1)>" } });
    expect(preview.body.data.html).toContain("<h1>Title</h1>");
    expect(preview.body.data.html).not.toContain("onerror");

    expect((await test.api.delete(`/api/knowledge/articles/${article.id}`, { as })).status).toBe(204);
    expect((await test.api.get(`/api/knowledge/articles/${article.id}`, { as })).status).toBe(404);
  });

  it("keeps slugs unique per language and refuses a category of another language", async () => {
    const as = account.adminSession;
    const first = await test.api.post("/api/knowledge/articles", { as, body: { title: "Rückgabe", locale: "de" } });
    expect(first.body.data.slug).toBe("rueckgabe");
    const second = await test.api.post("/api/knowledge/articles", { as, body: { title: "Rückgabe", locale: "de" } });
    expect(second.body.data.slug).toBe("rueckgabe-2");
    const english = await test.api.post("/api/knowledge/articles", { as, body: { title: "Rückgabe", locale: "en" } });
    expect(english.body.data.slug).toBe("rueckgabe");
    const taken = await test.api.patch(`/api/knowledge/articles/${second.body.data.id}`, { as, body: { slug: "rueckgabe" } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("knowledge_article_slug_taken");
    const englishCategory = await test.api.post("/api/knowledge/categories", { as, body: { locale: "en", name: "Returns" } });
    const mismatch = await test.api.post("/api/knowledge/articles", { as, body: { title: "Umtausch", locale: "de", categoryId: englishCategory.body.data.id } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.code).toBe("knowledge_category_locale_mismatch");
  });

  it("lets analysts read but not write", async () => {
    const analyst = await buildAgent(test, account, { role: "analyst" });
    expect((await test.api.get("/api/knowledge/articles", { as: analyst.session })).status).toBe(200);
    const refused = await test.api.post("/api/knowledge/articles", { as: analyst.session, body: { title: "Nope", locale: "en" } });
    expect(refused.status).toBe(403);
  });
});
