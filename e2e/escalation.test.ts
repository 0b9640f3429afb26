import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { adminApi } from "./support/admin-api.js";
import { launchBrowser, logIn, openApp } from "./support/browser.js";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

test("a level-1 agent escalates with a note; it appears live in the level-2 queue with the note", async () => {
  const call = await adminApi(baseUrl);
  const agents = (await call("GET", "/api/agents")).body.data as Array<{ id: string; email: string; level: number }>;
  const anna = agents.find((agent) => agent.email === "anna@demo.caredesk.local")!;
  const ben = agents.find((agent) => agent.email === "ben@demo.caredesk.local")!;
  expect([anna.level, ben.level]).toEqual([1, 2]);
  const channel = await call("POST", "/api/channels", { type: "api", name: "Escalation test shop" });
  expect(channel.status).toBe(201);
  const subject = "Refund for a cancelled subscription";
  const inbound = await fetch(`${baseUrl}/api/channels/${channel.body.data.channel.id}/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${channel.body.data.credentials.inboundToken}`, "content-type": "application/json" },
    body: JSON.stringify({ externalId: "escalation-e2e-1", customer: { identifier: "grace", name: "Grace Hopper" }, subject, text: "I cancelled in March but was charged again in April." }),
  });
  expect(inbound.status).toBe(201);
  const conversationId = ((await inbound.json()) as { data: { conversationId: string } }).data.conversationId;
  expect((await call("PATCH", `/api/conversations/${conversationId}`, { assigneeId: anna.id })).status).toBe(200);

  // Ben (level 2) watches his level's queue: the conversation is not there yet.
  const benApp = await openApp(browser, baseUrl);
  await logIn(benApp.page, "ben@demo.caredesk.local");
  await benApp.page.getByRole("navigation", { name: "Inbox views" }).getByRole("link", { name: "Level 2 queue" }).click();
  // Nothing of the demo waits at level 2: the queue is empty (until its own rows replace the previous view's).
  await benApp.page.getByText("No conversations in this view.").waitFor();
  const queue = benApp.page.getByRole("list", { name: "Level 2 queue" });

  // Anna (level 1, German) escalates it with a reason.
  const annaApp = await openApp(browser, baseUrl);
  await logIn(annaApp.page, "anna@demo.caredesk.local");
  await annaApp.page.goto(`/inbox/${conversationId}`);
  await annaApp.page.getByRole("heading", { name: subject }).waitFor();
  await annaApp.page.getByRole("button", { name: "Eskalieren" }).click();
  const dialog = annaApp.page.getByRole("dialog", { name: /Konversation #\d+ eskalieren/ });
  await dialog.waitFor();
  const reason = "Refund after cancellation needs a level-2 decision; the customer was charged twice.";
  await dialog.getByRole("textbox", { name: /Grund/ }).fill(reason);
  await dialog.getByRole("button", { name: "Eskalieren" }).click();
  await dialog.waitFor({ state: "detached" });
  await annaApp.page.getByRole("article", { name: "Interne Notiz von Anna Berger" }).filter({ hasText: reason }).waitFor();

  // Ben's queue shows it without a reload, marked level 2; the reason is there as an internal note.
  const row = queue.getByRole("link", { name: new RegExp(subject) });
  await row.waitFor();
  await expect.poll(() => row.innerText()).toContain("L2");
  await row.click();
  await benApp.page.getByRole("heading", { name: subject }).waitFor();
  await benApp.page.getByRole("article", { name: "Internal note by Anna Berger" }).filter({ hasText: reason }).waitFor();
  const history = benApp.page.getByRole("list", { name: "Escalations" });
  await history.getByText("Level 1 → 2 · Anna Berger").waitFor();

  await annaApp.context.close();
  await benApp.context.close();
});
