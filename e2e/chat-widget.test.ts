import type { Browser, Locator, Page } from "playwright-core";
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

/** The widget's messages with this exact text (the widget lives in a shadow root; Playwright's CSS engine pierces it). */
function widgetMessages(page: Page, text: string): Locator {
  return page.locator(".msg").filter({ hasText: text });
}

function agentMessages(page: Page, text: string): Locator {
  return page.getByRole("article").filter({ hasText: text });
}

test("serves the widget script with revalidation headers", async () => {
  const first = await fetch(`${baseUrl}/widget.js`);
  expect(first.status).toBe(200);
  expect(first.headers.get("content-type")).toContain("javascript");
  expect(first.headers.get("cache-control")).toContain("max-age=");
  const etag = first.headers.get("etag");
  expect(etag).toBeTruthy();
  const again = await fetch(`${baseUrl}/widget.js`, { headers: { "if-none-match": etag! } });
  expect(again.status).toBe(304);
});

/**
 * A chat channel of this test's own, styled like the demo's: the demo's chat channel has the bot
 * switched on, and this test is about the live connection between a visitor and an agent.
 */
async function chatChannelWithoutBot(): Promise<string> {
  const call = await adminApi(baseUrl);
  const created = await call("POST", "/api/channels", {
    type: "chat",
    name: "Widget test chat",
    settings: {
      colors: { primary: "#0b7285", onPrimary: "#ffffff" },
      greeting: { en: "Hi! This is the Demo Shop team. How can we help you?", de: "Hallo! Hier ist das Team vom Demo-Shop. Wie können wir helfen?" },
    },
  });
  expect(created.status).toBe(201);
  const channelId = created.body.data.channel.id as string;
  // Off is the default for a new channel; said explicitly so a changed default cannot bring the bot into the transcript.
  expect((await call("PUT", "/api/bot/settings", { channels: [{ channelId, mode: "off" }] })).status).toBe(200);
  return channelId;
}

test("a visitor chats with an agent live, and a dropped connection loses and duplicates nothing", async () => {
  const channelId = await chatChannelWithoutBot();
  // The shop page is opened under another host name than Caredesk's: the widget works cross-origin.
  const shopUrl = baseUrl.replace("127.0.0.1", "localhost");
  const visitor = await openApp(browser, shopUrl, { viewport: { width: 1200, height: 800 } });
  await visitor.page.goto(`/widget-demo?channel=${channelId}`);
  // The host page styles every button hot pink at 30px: the launcher keeps the channel's colour.
  const launcher = visitor.page.getByRole("button", { name: "Open chat" });
  await launcher.waitFor();
  expect(await launcher.evaluate((element) => (globalThis as any).getComputedStyle(element).backgroundColor)).toBe("rgb(11, 114, 133)");
  await launcher.click();
  await visitor.page.getByText("Hi! This is the Demo Shop team. How can we help you?").waitFor();
  const textbox = visitor.page.getByRole("textbox", { name: "Write a message…" });
  const question = "Hello, can I still change the address of order 30117?";
  await textbox.fill(question);
  await textbox.press("Enter");
  await widgetMessages(visitor.page, question).and(visitor.page.locator(".msg:not(.pending)")).waitFor();

  // The agent sees the new chat live in the inbox, opens it and answers.
  const agent = await openApp(browser, baseUrl);
  await logIn(agent.page, "admin@demo.caredesk.local");
  await agent.page.getByRole("list", { name: "All active" }).getByRole("link", { name: /can I still change the address of order 30117/ }).click();
  await agentMessages(agent.page, question).waitFor();
  const reply = agent.page.getByRole("textbox", { name: /^Reply to Visitor/ });
  await reply.fill("Yes, what is the new address?");
  // The visitor sees that the agent is typing.
  await visitor.page.getByText("Alex is typing…").waitFor();
  await reply.press("Control+Enter");
  await widgetMessages(visitor.page, "Yes, what is the new address?").waitFor();

  // The visitor types: the agent sees it.
  await textbox.pressSequentially("Bahn", { delay: 20 });
  await agent.page.getByRole("status").filter({ hasText: "The customer is typing…" }).waitFor();
  await textbox.fill("");

  // The visitor's network drops. Meanwhile the agent writes twice and the visitor writes once.
  await visitor.context.setOffline(true);
  await visitor.page.getByText("Connection lost. Reconnecting…").waitFor();
  await reply.fill("Are you still there?");
  await reply.press("Control+Enter");
  await agentMessages(agent.page, "Are you still there?").waitFor();
  await reply.fill("Take your time.");
  await reply.press("Control+Enter");
  await agentMessages(agent.page, "Take your time.").waitFor();
  const offlineText = "Bahnhofstraße 5, 10115 Berlin";
  await textbox.fill(offlineText);
  await textbox.press("Enter");
  await visitor.page.locator(".msg.pending").filter({ hasText: offlineText }).waitFor();

  // Back online: the widget resumes, gets the missed replies and delivers its message.
  await visitor.context.setOffline(false);
  await widgetMessages(visitor.page, "Take your time.").waitFor();
  await agentMessages(agent.page, offlineText).waitFor();
  await visitor.page.locator(".msg.pending").waitFor({ state: "detached" });
  await reply.fill("Changed. Anything else?");
  await reply.press("Control+Enter");
  await widgetMessages(visitor.page, "Changed. Anything else?").waitFor();

  const transcript = [question, "Yes, what is the new address?", "Are you still there?", "Take your time.", offlineText, "Changed. Anything else?"];
  for (const text of transcript) {
    expect(await widgetMessages(visitor.page, text).count(), `widget: ${text}`).toBe(1);
    expect(await agentMessages(agent.page, text).count(), `agent app: ${text}`).toBe(1);
  }

  // The visitor comes back later: the history is there, once, in order.
  await visitor.page.reload();
  await visitor.page.getByRole("button", { name: "Open chat" }).click();
  await widgetMessages(visitor.page, "Changed. Anything else?").waitFor();
  const shown = await visitor.page.locator(".msg[data-seq]").allInnerTexts();
  expect(shown.map((text) => transcript.find((expected) => text.includes(expected)))).toEqual(transcript);

  await visitor.context.close();
  await agent.context.close();
});

test("the widget speaks German on a German page", async () => {
  const visitor = await openApp(browser, baseUrl, { locale: "en-US" });
  await visitor.page.goto("/widget-demo?lang=de");
  await visitor.page.getByRole("button", { name: "Chat öffnen" }).click();
  await visitor.page.getByText("Hallo! Hier ist das Team vom Demo-Shop. Wie können wir helfen?").waitFor();
  await visitor.page.getByRole("textbox", { name: "Nachricht schreiben…" }).waitFor();
  await visitor.context.close();
});
