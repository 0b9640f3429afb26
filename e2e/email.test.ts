import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { MailSink } from "../server/test/email/email-test-kit.js";
import { type AgentPage, launchBrowser, logIn, openApp } from "./support/browser.js";

const baseUrl = inject("baseUrl");
const subject = "Re: Your order #10388 has shipped";
let browser: Browser;
let sink: MailSink;
let alex: AgentPage;
let csrfToken: string;
let emailChannelId: string | undefined;

/** The API as the logged-in browser session (one login: the login route allows ten a minute per address). */
async function call(method: "GET" | "PATCH", path: string, body?: unknown): Promise<any> {
  const response = await alex.context.request.fetch(`${baseUrl}${path}`, { method, headers: csrfToken ? { "x-csrf-token": csrfToken } : {}, data: body });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}

beforeAll(async () => {
  browser = await launchBrowser();
  alex = await openApp(browser, baseUrl);
  await logIn(alex.page, "admin@demo.caredesk.local");
  csrfToken = (await call("GET", "/api/auth/session")).data.csrfToken;
  // The demo mailbox has no SMTP server; for these tests its mail goes to one on loopback.
  sink = await new MailSink().start();
  const channels = (await call("GET", "/api/channels")).data as Array<{ id: string; type: string }>;
  emailChannelId = channels.find((channel) => channel.type === "email")!.id;
  await call("PATCH", `/api/channels/${emailChannelId}`, { settings: { smtp: sink.smtpSettings } });
});

afterAll(async () => {
  if (emailChannelId) await call("PATCH", `/api/channels/${emailChannelId}`, { settings: { smtp: null } });
  await alex?.context.close();
  await browser?.close();
  await sink?.stop();
});

const terms = async (article: Locator) => {
  await article.getByRole("term").first().waitFor();
  const names = await article.getByRole("term").allInnerTexts();
  const values = await article.getByRole("definition").allInnerTexts();
  return Object.fromEntries(names.map((name, index) => [name, values[index]]));
};

const mailTo = (address: string) => expect.poll(() => sink.mails.find((mail) => mail.envelope.to.includes(address)), { timeout: 20_000 }).toBeDefined();

async function openMailConversation(page: Page): Promise<string> {
  await page.getByRole("list", { name: "All active" }).getByRole("link", { name: new RegExp(subject) }).click();
  await page.getByRole("heading", { name: subject }).waitFor();
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

test("an agent reads a mail with its Cc, answers all and forwards it; the mails really go out", async () => {
  const { page } = alex;
  const conversationId = await openMailConversation(page);
  const [original] = (await call("GET", `/api/conversations/${conversationId}/messages`)).data;

  // From, To and Cc of the customer's mail.
  const mail = page.getByRole("article", { name: "Message from Sarah Thompson" });
  expect(await terms(mail)).toMatchObject({
    From: "Sarah Thompson <sarah.thompson@example.com>",
    To: "Demo Shop Support <support@demo-shop.example>",
    Cc: "James Thompson <james.thompson@example.com>",
    Subject: subject,
  });

  // What she wrote now is shown; her signature and our quoted mail are one click away.
  const body = mail.locator("iframe").contentFrame();
  await body.getByText("the rain jacket inside is a").waitFor();
  expect(await body.getByText("has left our warehouse").count()).toBe(0);
  await mail.getByRole("button", { name: "Show quoted text" }).click();
  await body.getByText("has left our warehouse").waitFor();
  await body.getByText("Thompson Design Studio").first().waitFor();
  await mail.getByRole("button", { name: "Hide quoted text", expanded: true }).waitFor();

  // The photo she attached, the blocked logo in her signature, the source of the mail.
  await mail.getByRole("link", { name: /size-label\.png\s*116 B/ }).waitFor();
  await mail.getByRole("button", { name: "Load remote images" }).click();
  await mail.getByRole("button", { name: "Load remote images" }).waitFor({ state: "detached" });
  await mail.getByRole("button", { name: "View source" }).click();
  const source = page.getByRole("dialog", { name: "Source of the mail" });
  await source.getByText(`Message-ID: <${original.email.messageId}>`).waitFor();
  await page.keyboard.press("Escape");
  await source.waitFor({ state: "detached" });

  // Reply all: To Sarah, James kept in Cc; the agent adds a colleague of James.
  await mail.getByRole("button", { name: "Reply all" }).click();
  // The text field takes the focus: the agent can start typing at once.
  await expect.poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute("aria-label"))).toBe("Reply to Sarah Thompson");
  const kinds = page.getByRole("radiogroup", { name: "Reply, reply all or forward" });
  expect(await kinds.getByRole("radio", { name: "Reply all" }).isChecked()).toBe(true);
  await page.getByRole("button", { name: "Remove Sarah Thompson <sarah.thompson@example.com>" }).waitFor();
  await page.getByRole("button", { name: "Remove James Thompson <james.thompson@example.com>" }).waitFor();
  const cc = page.getByRole("combobox", { name: "Cc" });
  await cc.fill("Lena Park <lena.park@example.org>");
  await cc.press("Enter");
  await page.getByRole("button", { name: "Remove Lena Park <lena.park@example.org>" }).waitFor();
  // A typo is not taken as an address.
  await cc.fill("not-an-address");
  await cc.press("Enter");
  await page.getByText("Not an email address: not-an-address").waitFor();
  await cc.fill("");

  const replyText = "Hi Sarah, sorry for the mix-up! The jacket in L is on its way, and the return label is attached to the parcel.";
  const reply = page.getByRole("textbox", { name: "Reply to Sarah Thompson" });
  await reply.fill(replyText);
  await page.getByRole("button", { name: "Send", exact: true }).click();

  // The reply in the thread, with its recipients, and sent.
  const sentReply = page.getByRole("article", { name: "Message from Alex Admin" }).filter({ hasText: "Lena Park" });
  await sentReply.getByText("Sent", { exact: true }).waitFor({ timeout: 20_000 });
  expect(await terms(sentReply)).toMatchObject({
    From: "Alex Admin (Demo Shop Support) <support@demo-shop.example>",
    To: "Sarah Thompson <sarah.thompson@example.com>",
    Cc: "James Thompson <james.thompson@example.com>, Lena Park <lena.park@example.org>",
  });
  await sentReply.locator("iframe").contentFrame().getByText("The jacket in L is on its way").waitFor();

  // The mail that went out threads under hers and keeps everyone in the loop.
  await mailTo("sarah.thompson@example.com");
  const received = sink.mails.find((candidate) => candidate.envelope.to.includes("sarah.thompson@example.com"))!;
  expect(received.envelope.to.sort()).toEqual(["james.thompson@example.com", "lena.park@example.org", "sarah.thompson@example.com"]);
  expect(received.parsed.inReplyTo).toBe(`<${original.email.messageId}>`);
  expect((received.parsed.to as any).value).toEqual([{ name: "Sarah Thompson", address: "sarah.thompson@example.com" }]);
  expect((received.parsed.cc as any).value).toEqual([
    { name: "James Thompson", address: "james.thompson@example.com" },
    { name: "Lena Park", address: "lena.park@example.org" },
  ]);
  expect(received.parsed.subject).toMatch(/^Re: Your order #10388 has shipped \[#\d+\]$/);
  expect(received.parsed.text).toContain(replyText);

  // Forward her mail, with the photo, to the warehouse.
  await kinds.locator("label").filter({ hasText: "Forward" }).click();
  await page.getByRole("combobox", { name: "Mail to forward" }).waitFor();
  expect(await page.getByRole("combobox", { name: "Mail to forward" }).inputValue()).toContain("Sarah Thompson");
  const to = page.getByRole("combobox", { name: "To", exact: true });
  await to.fill("warehouse@logistics.example");
  await to.press("Enter");
  await page.getByRole("button", { name: "Remove warehouse@logistics.example" }).waitFor();
  await page.getByRole("textbox", { name: "Note above the forwarded mail" }).fill("Please check order #10388: size M was packed instead of L.");
  await page.getByRole("button", { name: "Send", exact: true }).click();

  const forwarded = page.getByRole("article", { name: "Message from Alex Admin" }).filter({ hasText: "warehouse@logistics.example" });
  await forwarded.getByText("Sent", { exact: true }).waitFor({ timeout: 20_000 });
  expect(await terms(forwarded)).toMatchObject({ To: "warehouse@logistics.example" });
  await forwarded.getByRole("link", { name: /size-label\.png/ }).waitFor();

  await mailTo("warehouse@logistics.example");
  const forwardedMail = sink.mails.find((candidate) => candidate.envelope.to.includes("warehouse@logistics.example"))!;
  expect(forwardedMail.envelope.to).toEqual(["warehouse@logistics.example"]);
  expect(forwardedMail.parsed.subject).toMatch(/^Fwd: Your order #10388 has shipped \[#\d+\]$/);
  expect(forwardedMail.parsed.text).toContain("Please check order #10388");
  expect(forwardedMail.parsed.text).toContain("the rain jacket inside is a size M");
  expect(forwardedMail.parsed.attachments.map((attachment) => attachment.filename)).toEqual(["size-label.png"]);

  // Internal notes still work as before on a mail conversation.
  await page.getByRole("heading", { name: subject }).focus();
  await page.keyboard.press("n");
  const note = page.getByRole("textbox", { name: "Internal note" });
  await note.fill("Warehouse informed about the wrong size.");
  await note.press("Control+Enter");
  await page.getByRole("article", { name: "Internal note by Alex Admin" }).filter({ hasText: "Warehouse informed" }).waitFor();
  expect(sink.mails.some((candidate) => candidate.parsed.text?.includes("Warehouse informed"))).toBe(false);
});

test("in German, the German mail shows its Cc and its quoted mail collapsed, and reply-all keeps the Cc", async () => {
  // The same session in a second window whose language switcher is set to German.
  const state = await alex.context.storageState();
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1400, height: 900 },
    locale: "de-DE",
    storageState: { cookies: state.cookies, origins: [{ origin: baseUrl, localStorage: [{ name: "caredesk.locale", value: "de" }] }] },
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto("/inbox");
  await page.getByRole("list", { name: "Alle aktiven" }).getByRole("link", { name: /Rechnung RE-8812/ }).click();
  const mail = page.getByRole("article", { name: "Nachricht von Katrin Vogel" });
  expect(await terms(mail)).toMatchObject({
    Von: "Katrin Vogel <katrin.vogel@example.de>",
    An: "support@demo-shop.example",
    Cc: "Buchhaltung Vogel GmbH <buchhaltung@vogel-gmbh.example>",
  });
  await mail.getByText(/auf der Rechnung RE-8812 steht noch unsere alte Anschrift/).waitFor();
  expect(await mail.getByText(/Der Betrag von 249,00 €/).count()).toBe(0);
  await mail.getByRole("button", { name: "Zitierten Text anzeigen" }).click();
  await mail.getByText(/Der Betrag von 249,00 €/).waitFor();
  await page.getByRole("radiogroup", { name: "Antworten, allen antworten oder weiterleiten" }).locator("label").filter({ hasText: "Allen antworten" }).click();
  await page.getByRole("button", { name: "Buchhaltung Vogel GmbH <buchhaltung@vogel-gmbh.example> entfernen" }).waitFor();
  await context.close();
});
