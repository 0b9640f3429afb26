import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { adminApi } from "./support/admin-api.js";
import { launchBrowser, openApp } from "./support/browser.js";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

test("a wrong password is refused with a clear message", async () => {
  const { context, page } = await openApp(browser, baseUrl);
  await page.goto("/inbox");
  await page.getByRole("heading", { name: "Log in to Caredesk" }).waitFor();
  await page.getByRole("textbox", { name: "Email" }).fill("clara@demo.caredesk.local");
  await page.getByRole("textbox", { name: "Password" }).fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("alert").filter({ hasText: "The email address or password is not correct." }).waitFor();
  expect(new URL(page.url()).pathname).toBe("/login");
  await context.close();
});

test("a locked account says for how long", async () => {
  // An agent of this test's own: the other browser tests log in as the demo agents.
  const call = await adminApi(baseUrl);
  const created = await call("POST", "/api/agents", { email: "locked-out@demo.caredesk.local", name: "Locked Out", role: "agent", password: "caredesk-demo-lockout" });
  expect(created.status).toBe(201);
  // Four wrong guesses through the API; the fifth, in the browser, locks the account.
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "locked-out@demo.caredesk.local", password: `wrong-${attempt}` }),
    });
    expect(response.status).toBe(401);
  }
  const { context, page } = await openApp(browser, baseUrl);
  await page.goto("/login");
  await page.getByRole("textbox", { name: "Email" }).fill("locked-out@demo.caredesk.local");
  await page.getByRole("textbox", { name: "Password" }).fill("still-wrong");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("alert").filter({ hasText: /Your account is locked; try again in 15 minutes\./ }).waitFor();
  await context.close();
});
