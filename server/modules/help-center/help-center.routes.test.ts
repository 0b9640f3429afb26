import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

describe("public help center", () => {
  let test: TestApp;
  let account: TestAccount;
  let base: string;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test, "Alpen Outfitters");
    base = `/help/${(await test.services.knowledge.helpCenterOf(account.accountId)).slug}`;
    const as = account.adminSession;
    const delivery = await test.api.post("/api/knowledge/categories", { as, body: { locale: "en", name: "Delivery", description: "Parcels and shipping" } });
    const versand = await test.api.post("/api/knowledge/categories", { as, body: { locale: "de", name: "Versand" } });
    await test.api.post("/api/knowledge/articles", {
      as,
      body: { title: "Tracking your parcel", locale: "en", categoryId: delivery.body.data.id, status: "published", bodyMarkdown: "Use the **tracking link** in your shipping email.\n\n<script>alert('x')</script>" },
    });
    await test.api.post("/api/knowledge/articles", { as, body: { title: "Secret draft about parcels", locale: "en", status: "draft", bodyMarkdown: "Not yet." } });
    await test.api.post("/api/knowledge/articles", {
      as,
      body: { title: "Lieferzeiten", locale: "de", categoryId: versand.body.data.id, status: "published", bodyMarkdown: "Pakete werden innerhalb von zwei Tagen geliefert." },
    });
  });
  afterAll(() => test?.close());

  const page = (url: string, headers: Record<string, string> = {}) => test.api.get(url, { headers });

  it("redirects to the reader's language and renders the home page without scripts", async () => {
    const redirect = await page(base, { "accept-language": "de-DE,de;q=0.9,en;q=0.5" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe(`${base}/de`);
    const home = await page(`${base}/en`);
    expect(home.status).toBe(200);
    expect(String(home.headers["content-type"])).toContain("text/html");
    expect(home.body).toContain("<h2");
    expect(home.body).toContain("Delivery");
    expect(home.body).toContain("Tracking your parcel");
    expect(home.body).not.toContain("Secret draft");
    expect(home.body).not.toContain("<script");
    expect(home.body).not.toContain("Lieferzeiten");
    const german = await page(`${base}/de`);
    expect(german.body).toContain("Lieferzeiten");
    expect(german.body).toContain("Hilfe-Center");
    expect(german.body).toContain('lang="de"');
  });

  it("renders an article, its category, and a 404 page for drafts and unknown slugs", async () => {
    const article = await page(`${base}/en/articles/tracking-your-parcel`);
    expect(article.status).toBe(200);
    expect(article.body).toContain("<strong>tracking link</strong>");
    expect(article.body).not.toContain("<script");
    expect(article.body).toContain('method="post"');
    expect(article.body).toContain("Did this help?");
    const category = await page(`${base}/en/categories/delivery`);
    expect(category.status).toBe(200);
    expect(category.body).toContain("Tracking your parcel");
    const draft = await page(`${base}/en/articles/secret-draft-about-parcels`);
    expect(draft.status).toBe(404);
    expect(String(draft.headers["content-type"])).toContain("text/html");
    expect((await page("/help/no-such-account/en")).status).toBe(404);
    // Another account's help center shows none of this account's articles.
    const other = await buildAccount(test, "Other Outfitters");
    const otherSlug = (await test.services.knowledge.helpCenterOf(other.accountId)).slug;
    expect((await page(`/help/${otherSlug}/en/articles/tracking-your-parcel`)).status).toBe(404);
    expect((await page(`/help/${otherSlug}/en/search?q=parcel`)).body).not.toContain("Tracking your parcel");
  });

  it("searches published articles with stemming, in English and German", async () => {
    const english = await page(`${base}/en/search?q=parcels`);
    expect(english.status).toBe(200);
    expect(english.body).toContain("Tracking your parcel");
    expect(english.body).not.toContain("Secret draft");
    const german = await page(`${base}/de/search?q=${encodeURIComponent("Paket geliefert")}`);
    expect(german.body).toContain("Lieferzeiten");
    const nothing = await page(`${base}/en/search?q=${encodeURIComponent("<b>unicorn</b>")}`);
    expect(nothing.body).toContain("No articles match");
    expect(nothing.body).toContain("&lt;b&gt;unicorn&lt;/b&gt;");
  });

  it("counts votes from a plain form post and limits votes per address", async () => {
    const vote = (helpful: string, remoteAddress: string) =>
      test.api.post(`${base}/en/articles/tracking-your-parcel/vote`, { body: `helpful=${helpful}`, headers: { "content-type": "application/x-www-form-urlencoded" }, remoteAddress });
    const yes = await vote("yes", "10.1.0.1");
    expect(yes.status).toBe(303);
    expect(yes.headers.location).toBe(`${base}/en/articles/tracking-your-parcel?voted=yes`);
    expect((await vote("no", "10.1.0.2")).status).toBe(303);
    const thanks = await page(`${base}/en/articles/tracking-your-parcel?voted=yes`);
    expect(thanks.body).toContain("Thank you for your feedback!");
    expect(thanks.body).toContain("1 of 2 found this helpful");
    const [article] = (await test.api.get("/api/knowledge/articles?query=tracking", { as: account.adminSession })).body.data;
    expect(article).toMatchObject({ helpfulCount: 1, notHelpfulCount: 1 });

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) statuses.push((await vote("yes", "10.1.0.3")).status);
    expect(statuses.filter((status) => status === 303)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect((await vote("yes", "10.1.0.4")).status).toBe(303);
    expect((await test.api.post(`${base}/en/articles/secret-draft-about-parcels/vote`, { body: "helpful=yes", headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(404);
  });
});
