import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launchBrowser, logIn, openApp } from "./support/browser.js";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

test("an agent publishes an article in the app; the help center shows it and finds it without JavaScript", async () => {
  const agent = await openApp(browser, baseUrl);
  const { page } = agent;
  await logIn(page, "anna@demo.caredesk.local");
  await page.getByRole("link", { name: /^(Knowledge base|Wissensdatenbank)$/ }).click();
  await page.getByRole("button", { name: /^(New article|Neuer Artikel)$/ }).click();
  await page.getByRole("textbox", { name: /^(Title|Titel)/ }).fill("Gift wrapping for presents");
  await page.getByRole("textbox", { name: /^(Body \(Markdown\)|Text \(Markdown\))/ }).fill("We wrap every present in **recycled paper**, free of charge.\n\n- Choose *gift wrap* at checkout");
  await page.getByRole("tab", { name: /^(Preview|Vorschau)$/ }).click();
  await page.getByRole("tabpanel").locator("strong", { hasText: "recycled paper" }).waitFor();
  await page.getByRole("button", { name: /^(Publish|Veröffentlichen)$/ }).click();
  const helpCenterLink = page.getByRole("link", { name: /^(View in the help center|Im Hilfe-Center ansehen)$/ });
  await helpCenterLink.waitFor();
  const articleUrl = await helpCenterLink.getAttribute("href");
  expect(articleUrl).toMatch(/\/help\/demo-shop\/(en|de)\/articles\/gift-wrapping-for-presents$/);
  await agent.context.close();

  // A reader without JavaScript: the help center is plain server-rendered HTML.
  const reader = await browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false, locale: "en-US" });
  const readerPage = await reader.newPage();
  await readerPage.goto(articleUrl!);
  await readerPage.getByRole("heading", { name: "Gift wrapping for presents" }).waitFor();
  await readerPage.locator("article strong", { hasText: "recycled paper" }).waitFor();
  expect(await readerPage.locator("script").count()).toBe(0);

  await readerPage.goto("/help/demo-shop/en");
  await readerPage.getByRole("searchbox", { name: "Search the help center" }).fill("wrapping presents");
  await readerPage.getByRole("button", { name: "Search" }).click();
  await readerPage.getByRole("heading", { name: /Results for/ }).waitFor();
  await readerPage.getByRole("link", { name: "Gift wrapping for presents" }).click();
  await readerPage.getByRole("button", { name: "Yes" }).click();
  await readerPage.getByRole("status").filter({ hasText: "Thank you for your feedback!" }).waitFor();
  await readerPage.getByText("1 of 1 found this helpful").waitFor();
  await reader.close();
});
