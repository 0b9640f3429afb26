import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { type AdminCall, adminApi } from "./support/admin-api.js";
import { launchBrowser, logIn, openApp } from "./support/browser.js";

const baseUrl = inject("baseUrl");
let browser: Browser;
let call: AdminCall;
let channelId: string;

// The demo's knowledge: "password_reset" answers with its article, "order_status" asks for a 5-digit order number.
const answerableQuestion = "I forgot my password";
const qualifyingQuestion = "Where is my order?";

beforeAll(async () => {
  browser = await launchBrowser();
  call = await adminApi(baseUrl);
  // A chat channel of this test's own with the bot always on: its conversations are only this test's.
  const created = await call("POST", "/api/channels", { type: "chat", name: "Acceptance shop chat" });
  expect(created.status).toBe(201);
  channelId = created.body.data.channel.id;
  expect((await call("PUT", "/api/bot/settings", { channels: [{ channelId, mode: "always" }] })).status).toBe(200);
  // The test console proves the demo's knowledge gives the answers this test walks through.
  const answers = await call("POST", "/api/bot/test", { text: answerableQuestion });
  expect(answers.body.data).toMatchObject({ intent: "password_reset", action: "answer" });
  const qualifies = await call("POST", "/api/bot/test", { text: qualifyingQuestion });
  expect(qualifies.body.data).toMatchObject({ intent: "order_status", action: "qualify" });
});

afterAll(async () => {
  await browser?.close();
});

/** The widget's messages containing this text (the widget lives in a shadow root; Playwright's CSS engine pierces it). */
function widgetMessages(page: Page, text: string): Locator {
  return page.locator(".msg").filter({ hasText: text });
}

/** Opens the demo shop page for the test's channel and the chat window in it; returns the message box. */
async function openWidget(page: Page): Promise<Locator> {
  await page.goto(`/widget-demo?channel=${channelId}`);
  await page.getByRole("button", { name: "Open chat" }).click();
  return page.getByRole("textbox", { name: "Write a message…" });
}

async function send(page: Page, textbox: Locator, text: string): Promise<void> {
  await textbox.fill(text);
  await textbox.press("Enter");
  await widgetMessages(page, text).and(page.locator(".msg:not(.pending)")).waitFor();
}

async function conversationOf(firstMessage: string): Promise<{ id: string; statusKind: string }> {
  const listed = await call("GET", `/api/conversations?channelId=${channelId}&limit=50`);
  expect(listed.status).toBe(200);
  const conversations = listed.body.data as Array<{ id: string; subject: string; statusKind: string }>;
  const conversation = conversations.find((candidate) => candidate.subject.includes(firstMessage));
  expect(conversation, `a conversation starting with "${firstMessage}"`).toBeDefined();
  return conversation!;
}

test("the bot answers from the knowledge base and solves; it pre-qualifies the rest and hands over to an agent live", async () => {
  // An agent is at work in the agent app before any visitor writes.
  const agent = await openApp(browser, baseUrl);
  await logIn(agent.page, "admin@demo.caredesk.local");
  const inbox = agent.page.getByRole("list", { name: "All active" });

  // First visitor: the knowledge base answers; the article helped.
  const first = await openApp(browser, baseUrl.replace("127.0.0.1", "localhost"), { viewport: { width: 1200, height: 800 } });
  const firstTextbox = await openWidget(first.page);
  await send(first.page, firstTextbox, answerableQuestion);
  await widgetMessages(first.page, "Here is what our help center says about “Resetting your password”").waitFor();
  await widgetMessages(first.page, "Follow the link in the email we send you").waitFor();
  await widgetMessages(first.page, "Did this solve your question? Please answer yes or no.").waitFor();
  await send(first.page, firstTextbox, "Yes, thanks!");
  await widgetMessages(first.page, "Great, I am glad I could help!").waitFor();

  const solved = await conversationOf(answerableQuestion);
  await expect.poll(async () => (await call("GET", `/api/conversations/${solved.id}/bot`)).body.data?.state).toBe("solved_by_bot");
  await expect.poll(async () => (await conversationOf(answerableQuestion)).statusKind).toBe("solved");
  await agent.page.goto(`/inbox/${solved.id}`);
  await agent.page.getByTestId("bot-state").filter({ hasText: "Solved by the bot" }).waitFor();
  await agent.page.goto("/inbox");
  await inbox.waitFor();

  // Second visitor: something the knowledge base does not answer; the bot asks for the order number.
  const second = await openApp(browser, baseUrl.replace("127.0.0.1", "localhost"), { viewport: { width: 1200, height: 800 } });
  const secondTextbox = await openWidget(second.page);
  await send(second.page, secondTextbox, qualifyingQuestion);
  // The agent sees the new chat appear live and opens it while the bot is still talking.
  await inbox.getByRole("link", { name: /Where is my order\?/ }).click();
  await agent.page.getByRole("article", { name: "Message from Bot" }).filter({ hasText: "What is your order number? (5 digits)" }).waitFor();
  await agent.page.getByTestId("bot-state").filter({ hasText: "Bot is talking" }).waitFor();
  await widgetMessages(second.page, "What is your order number? (5 digits)").waitFor();
  await send(second.page, secondTextbox, "It is ABC-12");
  await widgetMessages(second.page, "That does not look like an order number.").waitFor();

  // The valid answer is sent while the visitor's network is down: it is delivered once back online.
  await second.context.setOffline(true);
  await second.page.getByText("Connection lost. Reconnecting…").waitFor();
  await secondTextbox.fill("#30117");
  await secondTextbox.press("Enter");
  await second.page.locator(".msg.pending").filter({ hasText: "#30117" }).waitFor();
  await second.context.setOffline(false);
  await widgetMessages(second.page, "Thank you, that is everything I need.").waitFor();
  await second.page.locator(".msg.pending").waitFor({ state: "detached" });

  // The bot's summary appears live for the agent as an internal note, and the bot waits for a human.
  const summary = agent.page.getByRole("article", { name: "Internal note by Bot" });
  await summary.filter({ hasText: "Bot summary" }).filter({ hasText: "order_status" }).filter({ hasText: "30117" }).waitFor();
  await agent.page.getByTestId("bot-state").filter({ hasText: "Waiting for an agent" }).waitFor();
  const reply = agent.page.getByRole("textbox", { name: /^Reply to Visitor/ });
  await reply.fill("Hi, I am looking at order 30117 now.");
  await reply.press("Control+Enter");
  await widgetMessages(second.page, "Hi, I am looking at order 30117 now.").waitFor();
  await agent.page.getByTestId("bot-state").filter({ hasText: "Agent took over" }).waitFor();

  // From now on the agent talks to the visitor; the bot stays silent.
  await send(second.page, secondTextbox, "Thank you!");
  await agent.page.getByRole("article").filter({ hasText: "Thank you!" }).waitFor();
  await reply.fill("It left our warehouse today.");
  await reply.press("Control+Enter");
  await widgetMessages(second.page, "It left our warehouse today.").waitFor();
  const handedOver = await conversationOf(qualifyingQuestion);
  await expect.poll(async () => (await call("GET", `/api/conversations/${handedOver.id}/bot`)).body.data?.state).toBe("assigned");
  const state = (await call("GET", `/api/conversations/${handedOver.id}/bot`)).body.data;
  expect(state).toMatchObject({ intent: "order_status", answers: { order_number: "30117" } });

  const transcript = [
    qualifyingQuestion,
    "I will pass this on to the right colleague.",
    "What is your order number? (5 digits)",
    "It is ABC-12",
    "That does not look like an order number.",
    "#30117",
    "Thank you, that is everything I need.",
    "Hi, I am looking at order 30117 now.",
    "Thank you!",
    "It left our warehouse today.",
  ];
  // Each message once, in order; no bot message after the agent's reply.
  const shown = await second.page.locator(".msg[data-seq]").allInnerTexts();
  expect(shown.map((text, index) => (text.includes(transcript[index]!) ? transcript[index] : text))).toEqual(transcript);
  // The solved conversation was not touched by the second visitor's.
  expect((await conversationOf(answerableQuestion)).statusKind).toBe("solved");

  await first.context.close();
  await second.context.close();
  await agent.context.close();
});
