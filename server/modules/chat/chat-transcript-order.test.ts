import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildAccount, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

const SITE = "https://shop.example";

let test: TestApp;
let account: TestAccount;

// No job workers: an agent's reply stays undelivered, as when the delivery queue lags behind.
beforeAll(async () => {
  test = await createTestApp({ runJobs: false });
  account = await buildAccount(test);
});
afterAll(async () => {
  await test?.close();
});

it("numbers a reply whose delivery has not run yet before the visitor's later message, so both sides show the same order", async () => {
  const channel = await test.api.post("/api/channels", { as: account.adminSession, body: { type: "chat", name: "Shop chat" } });
  expect(channel.status).toBe(201);
  const session = await test.api.post("/api/widget/sessions", { body: { channelId: channel.body.data.channel.id }, headers: { origin: SITE } });
  expect(session.status).toBe(201);
  const visitor = { bearer: session.body.data.visitorToken as string };
  const send = (text: string) => test.api.post("/api/widget/messages", { as: visitor, body: { clientMessageId: randomUUID(), text }, headers: { origin: SITE } });

  const first = await send("Can I change my address?");
  expect(first.status).toBe(201);
  const conversationId = first.body.data.conversationId;
  const reply = await test.api.post(`/api/conversations/${conversationId}/messages`, { as: account.adminSession, body: { text: "Yes, what is the new one?" } });
  expect(reply.status).toBe(201);
  const second = await send("Bahnhofstraße 5, 10115 Berlin");
  expect(second.status).toBe(201);
  expect(second.body.data.seq).toBe(3);

  const history = await test.api.get("/api/widget/conversations", { as: visitor, headers: { origin: SITE } });
  const transcript = history.body.data[0].messages.map((message: { seq: number; text: string }) => [message.seq, message.text]);
  expect(transcript).toEqual([
    [1, "Can I change my address?"],
    [2, "Yes, what is the new one?"],
    [3, "Bahnhofstraße 5, 10115 Berlin"],
  ]);
  const agentView = await test.api.get(`/api/conversations/${conversationId}/messages`, { as: account.adminSession });
  expect(agentView.body.data.map((message: { text: string }) => message.text)).toEqual(transcript.map(([, text]: [number, string]) => text));
});
