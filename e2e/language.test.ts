import type { Browser } from "playwright-core";
import { afterAll, beforeAll, inject, test } from "vitest";
import { launchBrowser, logIn, openApp } from "./support/browser.js";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

test("the agent switches to German and the whole app speaks German", async () => {
  const { context, page } = await openApp(browser, baseUrl);
  // Dana, not the admin: the switch is saved to the profile, and other tests work as the admin in English.
  await logIn(page, "dana@demo.caredesk.local");
  await page.getByRole("heading", { name: "All active" }).waitFor();

  await page.getByRole("button", { name: /^Language: English/ }).click();
  await page.getByRole("menuitem", { name: "Deutsch" }).click();

  const views = page.getByRole("navigation", { name: "Ansichten des Posteingangs" });
  await views.getByRole("link", { name: /^Meine/ }).waitFor();
  await views.getByRole("link", { name: /^Nicht zugewiesen/ }).waitFor();
  await page.getByRole("heading", { name: "Alle aktiven" }).waitFor();
  await page.getByRole("searchbox", { name: "Unterhaltungen durchsuchen" }).waitFor();
  // Relative times in German ("vor 5 Min.", "gestern").
  await page.getByRole("list", { name: "Alle aktiven" }).getByText(/^vor \d+|^gestern$/).first().waitFor();

  // The choice survives a reload.
  await page.reload();
  await page.getByRole("heading", { name: "Alle aktiven" }).waitFor();
  await page.locator("html[lang=de]").waitFor({ state: "attached" });
  await context.close();
});
