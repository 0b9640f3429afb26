import type { Browser, Page } from "playwright-core";
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

function inboxList(page: Page, name: string) {
  return page.getByRole("list", { name });
}

test("two agents work on one conversation and see each other live", async () => {
  // Alex (admin, English) narrows the inbox down.
  const alex = await openApp(browser, baseUrl);
  await logIn(alex.page, "admin@demo.caredesk.local");
  const views = alex.page.getByRole("navigation", { name: "Inbox views" });
  const allActive = inboxList(alex.page, "All active");
  await allActive.getByRole("link", { name: /Rückerstattung für Bestellung 20117/ }).waitFor();

  await views.getByRole("link", { name: /^Unassigned/ }).click();
  const unassigned = inboxList(alex.page, "Unassigned");
  await expect
    .poll(async () => {
      const rows = await unassigned.getByRole("link").allInnerTexts();
      return rows.length > 0 && rows.every((row) => row.includes("Unassigned"));
    })
    .toBe(true);
  // Anna's conversation left the list; an unassigned one is there.
  await unassigned.getByRole("link", { name: /Rückerstattung/ }).waitFor({ state: "detached" });
  await unassigned.getByRole("link", { name: /Where is my order #10234/ }).waitFor();

  // A priority filter on top leaves only the urgent one.
  await alex.page.getByRole("button", { name: "Filters" }).click();
  await alex.page.getByRole("combobox", { name: "Priority" }).click();
  await alex.page.getByRole("option", { name: "Urgent" }).click();
  const filtered = alex.page.getByRole("list", { name: "Unassigned" });
  await expect.poll(() => filtered.getByRole("link").allInnerTexts()).toEqual([expect.stringContaining("Lieferung beschädigt")]);
  await alex.page.getByRole("button", { name: "Clear filters" }).first().click();
  await filtered.getByRole("link", { name: /Where is my order #10234/ }).click();
  const title = alex.page.getByRole("heading", { name: "Where is my order #10234?" });
  await title.waitFor();
  const conversationPath = new URL(alex.page.url()).pathname;

  // Anna (German profile) opens the same conversation from a link.
  const anna = await openApp(browser, baseUrl);
  await logIn(anna.page, "anna@demo.caredesk.local");
  await anna.page.goto(conversationPath);
  await anna.page.getByRole("heading", { name: "Where is my order #10234?" }).waitFor();

  // The collision indicator, both ways, and on Alex's inbox row.
  await alex.page.getByRole("status").filter({ hasText: "Anna Berger is viewing" }).waitFor();
  await anna.page.getByRole("status").filter({ hasText: "Alex Admin sieht sich das gerade an" }).waitFor();
  await alex.page.getByRole("img", { name: "Anna Berger is viewing" }).waitFor();

  // Alex replies with the keyboard; Anna sees him typing, then the reply without reloading.
  const replyText = "Hi Emma, your parcel left our warehouse today. You will get the tracking link by email.";
  await title.focus();
  await alex.page.keyboard.press("r");
  const reply = alex.page.getByRole("textbox", { name: "Reply to Emma Wilson" });
  await expect.poll(() => alex.page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute("aria-label"))).toBe("Reply to Emma Wilson");
  await reply.fill(replyText);
  await anna.page.getByRole("status").filter({ hasText: "Alex Admin schreibt gerade eine Antwort" }).waitFor();
  await reply.press("Control+Enter");
  await alex.page.getByRole("article", { name: "Message from Alex Admin" }).filter({ hasText: replyText }).waitFor();
  await anna.page.getByRole("article", { name: "Nachricht von Alex Admin" }).filter({ hasText: replyText }).waitFor();
  expect(await reply.inputValue()).toBe("");

  // An internal note, clearly marked as internal.
  const noteText = "Checked with the warehouse: shipped with DHL, tracking follows.";
  await reply.press("Escape");
  await alex.page.keyboard.press("n");
  const note = alex.page.getByRole("textbox", { name: "Internal note" });
  await note.fill(noteText);
  await note.press("Control+Enter");
  const noteArticle = alex.page.getByRole("article", { name: "Internal note by Alex Admin" }).filter({ hasText: noteText });
  await noteArticle.getByText("Internal note", { exact: true }).waitFor();
  await anna.page.getByRole("article", { name: "Interne Notiz von Alex Admin" }).filter({ hasText: noteText }).waitFor();

  // Alex raises the priority in the sidebar: his inbox row shows it at once, Anna's screen live.
  const details = alex.page.getByRole("complementary", { name: "Details" });
  const priority = details.getByRole("combobox", { name: "Priority" });
  await priority.click();
  await alex.page.getByRole("option", { name: "High" }).click();
  await filtered.getByRole("link", { name: /Where is my order #10234\?.*Priority: High/ }).waitFor();
  await anna.page.getByRole("region", { name: "Where is my order #10234?" }).getByText("Priorität: Hoch").waitFor();

  // A change the server refuses is taken back, with a message.
  await alex.page.route("**/api/conversations/*", (route) =>
    route.request().method() === "PATCH"
      ? route.fulfill({ status: 409, contentType: "application/json", body: JSON.stringify({ error: { code: "conflict", message: "Someone else changed this at the same moment." } }) })
      : route.continue(),
  );
  await priority.click();
  await alex.page.getByRole("option", { name: "Low" }).click();
  await alex.page.getByRole("alert").filter({ hasText: "The change was not saved" }).waitFor();
  await expect.poll(() => priority.inputValue()).toBe("High");
  await alex.page.unroute("**/api/conversations/*");

  // Alex solves it; both see the new status.
  await alex.page.getByRole("button", { name: "Solve" }).click();
  await alex.page.getByRole("status", { name: "Status" }).filter({ hasText: "Solved" }).waitFor();
  await anna.page.getByRole("status", { name: "Status" }).filter({ hasText: "Gelöst" }).waitFor();
  await alex.page.getByRole("button", { name: "Solve" }).waitFor({ state: "detached" });

  await alex.context.close();
  await anna.context.close();
});
