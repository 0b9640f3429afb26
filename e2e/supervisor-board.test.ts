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

test("the supervisor board shows an agent's presence and load change live", async () => {
  // Alex (admin) watches the board.
  const alex = await openApp(browser, baseUrl);
  await logIn(alex.page, "admin@demo.caredesk.local");
  await alex.page.getByRole("link", { name: "Supervisor board" }).click();
  await alex.page.getByRole("heading", { name: "Supervisor board" }).waitFor();
  const agents = alex.page.getByRole("table", { name: "Agents" });
  const annaRow = agents.getByRole("row", { name: "Anna Berger" });
  await annaRow.waitFor();
  const openConversationsOfAnna = async () => Number((await annaRow.getByTestId("load").first().innerText()).split("/")[0]!.trim());
  const before = await openConversationsOfAnna();

  // Anna logs in elsewhere: she comes online on Alex's board without a reload.
  const anna = await openApp(browser, baseUrl, { locale: "de-DE" });
  await logIn(anna.page, "anna@demo.caredesk.local");
  await annaRow.getByText("Online").waitFor();

  // In Anna's context, she takes an unassigned conversation through the API her app uses.
  const takenId = await anna.page.evaluate(async () => {
    const session = (await (await fetch("/api/auth/session")).json()) as { data: { csrfToken: string; agent: { id: string } } };
    const unassigned = (await (await fetch("/api/conversations?assignee=unassigned&statusKind=new,open")).json()) as { data: Array<{ id: string }> };
    const conversation = unassigned.data[0]!;
    const response = await fetch(`/api/conversations/${conversation.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", "x-csrf-token": session.data.csrfToken },
      body: JSON.stringify({ assigneeId: session.data.agent.id }),
    });
    if (!response.ok) throw new Error(`assigning failed: ${response.status}`);
    return conversation.id as string;
  });
  expect(takenId).toBeTruthy();
  await expect.poll(openConversationsOfAnna, { timeout: 10_000 }).toBe(before + 1);

  // Anna steps away: the board shows it.
  await anna.page.getByRole("button", { name: /Deine Anwesenheit/ }).click();
  await anna.page.getByRole("menuitem", { name: /Abwesend/ }).click();
  await annaRow.getByText("Away").waitFor();

  await anna.context.close();
  await annaRow.getByText("Offline").waitFor();
  await alex.context.close();
});
