import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium, kept off the network: every host name resolves to nothing except loopback. */
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true, args: chromiumArgs });
}

export type AgentPage = { context: BrowserContext; page: Page };

/** A fresh browser context (own cookies and storage) with a page on the app. */
export async function openApp(browser: Browser, baseUrl: string, options: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<AgentPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: options.viewport ?? { width: 1400, height: 900 }, locale: options.locale ?? "en-US" });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** Logs in through the login page and waits for the inbox. */
export async function logIn(page: Page, email: string, password = "caredesk-demo"): Promise<void> {
  await page.goto("/login");
  await page.getByRole("textbox", { name: /^(Email|E-Mail)$/ }).fill(email);
  await page.getByRole("textbox", { name: /^(Password|Passwort)$/ }).fill(password);
  await page.getByRole("button", { name: /^(Log in|Anmelden)$/ }).click();
  await page.getByRole("navigation", { name: /Inbox views|Ansichten des Posteingangs/ }).waitFor();
}
