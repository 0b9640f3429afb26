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

test("the supervisor board shows an agent's load and presence change live", async () => {
  // Alex (admin) watches the board.
  const alex = await openApp(browser, baseUrl);
  await logIn(alex.page, "admin@demo.caredesk.local");
  // Alex's profile language may have been switched by another browser test: accept either.
  await alex.page.getByRole("link", { name: /^(Supervisor board|Supervisor-Übersicht)$/ }).click();
  await alex.page.getByRole("heading", { name: /^(Supervisor board|Supervisor-Übersicht)$/ }).waitFor();
  const agents = alex.page.getByRole("table", { name: /^(Agents|Agenten)$/ });
  const annaRow = agents.getByRole("row", { name: "Anna Berger" });
  const alexRow = agents.getByRole("row", { name: "Alex Admin" });
  await annaRow.waitFor();
  await alexRow.getByText("Online").waitFor();
  const openConversationsOfAnna = async () => Number((await annaRow.getByTestId("load").first().innerText()).split("/")[0]!.trim());
  const before = await openConversationsOfAnna();

  // Another context (a second tab of Alex's session, so no second login) assigns work to Anna.
  const otherTab = await browser.newContext({ baseURL: baseUrl, storageState: await alex.context.storageState(), viewport: { width: 1400, height: 900 } });
  otherTab.setDefaultTimeout(15_000);
  const page = await otherTab.newPage();
  await page.goto("/inbox");
  await page.getByRole("navigation", { name: /Inbox views|Ansichten des Posteingangs/ }).waitFor();
  await page.evaluate(async () => {
    const session = (await (await fetch("/api/auth/session")).json()) as { data: { csrfToken: string } };
    const agentList = (await (await fetch("/api/agents")).json()) as { data: Array<{ id: string; name: string }> };
    const anna = agentList.data.find((agent) => agent.name === "Anna Berger")!;
    const unassigned = (await (await fetch("/api/conversations?assignee=unassigned&statusKind=new,open")).json()) as { data: Array<{ id: string }> };
    const response = await fetch(`/api/conversations/${unassigned.data[0]!.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", "x-csrf-token": session.data.csrfToken },
      body: JSON.stringify({ assigneeId: anna.id }),
    });
    if (!response.ok) throw new Error(`assigning failed: ${response.status}`);
  });
  await expect.poll(openConversationsOfAnna, { timeout: 10_000 }).toBe(before + 1);

  // Alex steps away in the other tab: the board in the first one shows it.
  await page.getByRole("button", { name: /Your presence|Deine Anwesenheit/ }).click();
  await page.getByRole("menuitem", { name: /^(Away|Abwesend)/ }).click();
  await alexRow.getByText(/^(Away|Abwesend)$/).waitFor();
  await page.getByRole("button", { name: /Your presence|Deine Anwesenheit/ }).click();
  await page.getByRole("menuitem", { name: /^Online/ }).click();
  await alexRow.getByText("Online").waitFor();

  // Closing one of two tabs leaves Alex online.
  await otherTab.close();
  await alex.page.getByRole("button", { name: /^(Your presence|Deine Anwesenheit): Online$/ }).waitFor();
  await alexRow.getByText("Online").waitFor();
  await alex.context.close();
});
