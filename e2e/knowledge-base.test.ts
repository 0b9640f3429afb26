import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { type AgentPage, launchBrowser, logIn, openApp } from "./support/browser.js";

const baseUrl = inject("baseUrl");
let browser: Browser;
/** Clara (supervisor, works in German), logged in once: logins are rate-limited per address and all tests share 127.0.0.1. */
let clara: AgentPage;

beforeAll(async () => {
  browser = await launchBrowser();
  clara = await openApp(browser, baseUrl);
  await logIn(clara.page, "clara@demo.caredesk.local");
});

afterAll(async () => {
  await clara?.context.close();
  await browser?.close();
});

test("an agent publishes an article in the app; the help center shows it and finds it without JavaScript", async () => {
  const { page } = clara;
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

test("an agent inserts an article link into a reply, and the bot's test console explains its answer", async () => {
  // Clara works in German; other tests change the admin's language, so this one keeps to her.
  const { page } = clara;
  await page.goto("/inbox");
  await page.getByRole("list", { name: "Alle aktiven" }).getByRole("link", { name: /Password reset email not received/ }).click();
  await page.getByRole("heading", { name: "Password reset email not received" }).waitFor();
  await page.getByRole("button", { name: "Artikel einfügen" }).click();
  await page.getByRole("textbox", { name: "Artikel suchen" }).fill("password");
  await page.getByRole("button", { name: "Link zu „Resetting your password“ einfügen" }).click();
  const reply = page.getByRole("textbox", { name: /^Antwort an/ });
  await expect.poll(() => reply.inputValue()).toMatch(/^Resetting your password: http:\/\/127\.0\.0\.1:\d+\/help\/demo-shop\/en\/articles\/resetting-your-password$/);

  await page.getByRole("link", { name: "Bot" }).click();
  await page.getByRole("textbox", { name: "Kundennachricht" }).fill("I forgot my password and cannot log in");
  await page.getByRole("button", { name: "Testen", exact: true }).click();
  const result = page.getByTestId("bot-test-result");
  await result.getByText("Anliegen: password_reset").waitFor();
  await result.getByText("Antwortet", { exact: true }).waitFor();
  // The bot answers in the customer's language, whatever the agent's.
  await result.getByText(/Did this solve your question\?/).waitFor();
});
