import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildAgent, buildApiChannel, eventually, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

type Answer = { status: number; body: string };
type ReceivedWebhook = { headers: http.IncomingHttpHeaders; body: string; json: any };

/**
 * The customer's system: a loopback HTTP server receiving Caredesk's webhooks. Answers are
 * planned per message text (known before the reply exists); unplanned ones get 200 and an id.
 */
class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly plans = new Map<string, Array<Answer | (() => Promise<Answer>)>>();
  private readonly server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", async () => {
      const json = JSON.parse(body);
      this.received.push({ headers: request.headers, body, json });
      const planned = this.plans.get(json.message.text)?.shift();
      const answer = typeof planned === "function" ? await planned() : (planned ?? { status: 200, body: JSON.stringify({ id: `crm-${this.received.length}` }) });
      response.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/caredesk`;
  }

  plan(text: string, ...answers: Array<Answer | (() => Promise<Answer>)>): void {
    this.plans.set(text, answers);
  }

  receivedFor(text: string): ReceivedWebhook[] {
    return this.received.filter((webhook) => webhook.json.message.text === text);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What a receiver does with a webhook before trusting it: signature over `${timestamp}.${body}`, recent timestamp. */
function isAuthentic(webhook: ReceivedWebhook, signingSecret: string, nowSeconds = Date.now() / 1000): boolean {
  const timestamp = String(webhook.headers["x-caredesk-timestamp"] ?? "");
  const signature = String(webhook.headers["x-caredesk-signature"] ?? "");
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  if (!signature.startsWith("v1=")) return false;
  const expected = createHmac("sha256", signingSecret).update(`${timestamp}.${webhook.body}`).digest();
  const given = Buffer.from(signature.slice("v1=".length), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe("API channel webhook delivery", () => {
  let test: TestApp;
  let receiver: WebhookReceiver;
  let account: TestAccount;
  let agent: Awaited<ReturnType<typeof buildAgent>>;
  let channel: Awaited<ReturnType<typeof buildApiChannel>>;

  beforeAll(async () => {
    // Retries start after 1 s instead of 15 s; the backoff and limits stay as defined.
    test = await createTestApp({ runtime: { jobs: { retryDelaySeconds: 1 } } });
    receiver = new WebhookReceiver();
    const webhookUrl = await receiver.start();
    account = await buildAccount(test);
    agent = await buildAgent(test, account, { name: "Dana Delivery" });
    channel = await buildApiChannel(test, account, { webhookUrl });
  });

  afterAll(async () => {
    await test?.close();
    await receiver?.stop();
  });

  let customerCount = 0;
  const newConversation = async (): Promise<string> => {
    customerCount += 1;
    const inbound = await test.api.post(`/api/channels/${channel.channel.id}/messages`, {
      as: { bearer: channel.inboundToken },
      body: { externalId: `webhook-test-${customerCount}`, customer: { identifier: `crm-customer-${customerCount}`, name: "Sam Sender" }, text: "Hello from the shop app" },
    });
    expect(inbound.status).toBe(201);
    return inbound.body.data.conversationId as string;
  };

  const reply = async (conversationId: string, body: Record<string, unknown>) => {
    const response = await test.api.post(`/api/conversations/${conversationId}/messages`, { as: agent.session, body });
    expect(response.status).toBe(201);
    return response.body.data as { id: string; deliveryStatus: string; deliveryError: string | null; externalId: string | null };
  };

  const messageOf = async (conversationId: string, messageId: string) => {
    const response = await test.api.get(`/api/conversations/${conversationId}/messages`, { as: agent.session });
    return (response.body.data as Array<{ id: string; deliveryStatus: string; deliveryError: string | null; externalId: string | null }>).find((message) => message.id === messageId)!;
  };

  /** The delivery states recorded as message.updated events, oldest first. */
  const recordedUpdates = async (messageId: string) =>
    (
      await test.connection.executeSql(
        "select data->'message' as message from domain_events where name = 'message.updated' and data->'message'->>'id' = $1 order by id",
        [messageId],
      )
    ).rows.map((row) => {
      const message = row.message as { deliveryStatus: string; deliveryError: string | null; externalId: string | null };
      return { deliveryStatus: message.deliveryStatus, deliveryError: message.deliveryError, externalId: message.externalId };
    });

  const deliveryJobs = async (messageId: string) =>
    (await test.connection.executeSql("select state, retry_count, retry_backoff from pgboss.job where name = 'deliver-message' and data->>'messageId' = $1 order by created_on", [messageId])).rows;

  it("posts an agent's reply signed to the webhook and marks it sent with the receiver's id", async () => {
    const conversationId = await newConversation();
    receiver.plan("Your parcel left our warehouse today.", { status: 200, body: JSON.stringify({ id: "crm-4711" }) });
    const sent = await reply(conversationId, { text: "Your parcel left our warehouse today." });
    expect(sent).toMatchObject({ deliveryStatus: "pending", deliveryError: null, externalId: null });

    const delivered = await eventually(async () => {
      const message = await messageOf(conversationId, sent.id);
      return message.deliveryStatus === "sent" ? message : null;
    });
    expect(delivered).toMatchObject({ deliveryStatus: "sent", deliveryError: null, externalId: "crm-4711" });

    const [webhook, ...others] = receiver.receivedFor("Your parcel left our warehouse today.");
    expect(others).toEqual([]);
    expect(isAuthentic(webhook!, channel.signingSecret)).toBe(true);
    expect(isAuthentic(webhook!, "some other secret")).toBe(false);
    expect(isAuthentic({ ...webhook!, body: webhook!.body.replace("warehouse", "wareh0use") }, channel.signingSecret)).toBe(false);
    expect(webhook!.headers).toMatchObject({
      "content-type": "application/json",
      "x-caredesk-message-id": sent.id,
      "x-caredesk-delivery": webhook!.json.deliveryId,
      "x-caredesk-timestamp": expect.stringMatching(/^\d+$/),
    });
    expect(webhook!.json).toMatchObject({
      event: "message.created",
      deliveryId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      message: { id: sent.id, conversationId, direction: "out", authorType: "agent", isNote: false, text: "Your parcel left our warehouse today." },
      conversation: { id: conversationId },
      customer: { name: "Sam Sender", identities: [{ kind: "api", value: expect.stringMatching(/^crm-customer-/) }] },
    });
    expect(await recordedUpdates(sent.id)).toEqual([{ deliveryStatus: "sent", deliveryError: null, externalId: "crm-4711" }]);
  });

  it("retries with backoff after 500s, shows the retrying state meanwhile, and ends sent", async () => {
    const conversationId = await newConversation();
    const text = "We have refunded the shipping costs.";
    let releaseThirdAnswer: () => void = () => undefined;
    const thirdAnswerReleased = new Promise<void>((resolve) => (releaseThirdAnswer = resolve));
    receiver.plan(
      text,
      { status: 500, body: "busy" },
      { status: 500, body: "busy" },
      async () => {
        await thirdAnswerReleased;
        return { status: 200, body: JSON.stringify({ id: "crm-late" }) };
      },
    );
    const sent = await reply(conversationId, { text });

    // Between attempts the reply is still pending, and says why and that it is retrying.
    const retrying = await eventually(async () => {
      const message = await messageOf(conversationId, sent.id);
      return message.deliveryError?.includes("attempt 2") ? message : null;
    }, 30_000);
    expect(retrying).toMatchObject({ deliveryStatus: "pending", deliveryError: "The webhook answered 500: busy. Retrying (attempt 2).", externalId: null });
    releaseThirdAnswer();

    await eventually(async () => (await messageOf(conversationId, sent.id)).deliveryStatus === "sent", 30_000);
    expect(receiver.receivedFor(text)).toHaveLength(3);
    expect(receiver.receivedFor(text).every((webhook) => isAuthentic(webhook, channel.signingSecret))).toBe(true);
    expect(new Set(receiver.receivedFor(text).map((webhook) => webhook.headers["x-caredesk-message-id"]))).toEqual(new Set([sent.id]));
    expect(await recordedUpdates(sent.id)).toEqual([
      { deliveryStatus: "pending", deliveryError: "The webhook answered 500: busy. Retrying (attempt 1).", externalId: null },
      { deliveryStatus: "pending", deliveryError: "The webhook answered 500: busy. Retrying (attempt 2).", externalId: null },
      { deliveryStatus: "sent", deliveryError: null, externalId: "crm-late" },
    ]);
    await eventually(async () => (await deliveryJobs(sent.id))[0]?.state === "completed");
    expect(await deliveryJobs(sent.id)).toEqual([{ state: "completed", retry_count: 2, retry_backoff: true }]);
  });

  it("fails at once on a 400 with the reason, and sends again after a manual retry", async () => {
    const conversationId = await newConversation();
    const text = "Please confirm your new address.";
    receiver.plan(text, { status: 400, body: "unknown customer" }, { status: 200, body: JSON.stringify({ id: "crm-after-retry" }) });
    const sent = await reply(conversationId, { text });

    const failed = await eventually(async () => {
      const message = await messageOf(conversationId, sent.id);
      return message.deliveryStatus === "failed" ? message : null;
    });
    expect(failed).toMatchObject({ deliveryStatus: "failed", deliveryError: "The webhook answered 400: unknown customer.", externalId: null });
    expect(receiver.receivedFor(text)).toHaveLength(1);
    await eventually(async () => (await deliveryJobs(sent.id))[0]?.state === "completed");
    expect(await deliveryJobs(sent.id)).toEqual([{ state: "completed", retry_count: 0, retry_backoff: true }]);

    const retried = await test.api.post(`/api/messages/${sent.id}/retry`, { as: agent.session });
    expect(retried.status).toBe(200);
    expect(retried.body.data).toMatchObject({ id: sent.id, deliveryStatus: "pending", deliveryError: null });
    await eventually(async () => (await messageOf(conversationId, sent.id)).deliveryStatus === "sent");
    expect(await messageOf(conversationId, sent.id)).toMatchObject({ deliveryStatus: "sent", externalId: "crm-after-retry", deliveryError: null });
    expect(receiver.receivedFor(text)).toHaveLength(2);
    expect(await recordedUpdates(sent.id)).toEqual([
      { deliveryStatus: "failed", deliveryError: "The webhook answered 400: unknown customer.", externalId: null },
      { deliveryStatus: "pending", deliveryError: null, externalId: null },
      { deliveryStatus: "sent", deliveryError: null, externalId: "crm-after-retry" },
    ]);

    const again = await test.api.post(`/api/messages/${sent.id}/retry`, { as: agent.session });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe("message_not_retryable");
  });

  it("never delivers an internal note", async () => {
    const conversationId = await newConversation();
    const note = await reply(conversationId, { text: "Internal: customer was rude last time.", isNote: true });
    expect(note.deliveryStatus).toBe("not_applicable");
    const sent = await reply(conversationId, { text: "Thanks for waiting, here is your answer." });
    // The reply after the note has been delivered, so the note had every chance to go out first.
    await eventually(async () => (await messageOf(conversationId, sent.id)).deliveryStatus === "sent");

    expect(receiver.receivedFor("Internal: customer was rude last time.")).toEqual([]);
    expect(receiver.received.filter((webhook) => webhook.headers["x-caredesk-message-id"] === note.id)).toEqual([]);
    expect(await deliveryJobs(note.id)).toEqual([]);
    expect(await recordedUpdates(note.id)).toEqual([]);
    expect(await messageOf(conversationId, note.id)).toMatchObject({ deliveryStatus: "not_applicable", externalId: null });

    const retry = await test.api.post(`/api/messages/${note.id}/retry`, { as: agent.session });
    expect(retry.status).toBe(400);
    expect(retry.body.error.code).toBe("message_not_retryable");
  });
});
