import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEmailChannel, rawMail, unique } from "../../test/email/email-test-kit.js";
import { buildAccount, eventually, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";
import type { ChannelRow } from "../../platform/db/rows.js";

/** Caredesk's SMTP listener receiving real SMTP on loopback (forwarding and MX setups). */
describe("SMTP listener", () => {
  let test: TestApp;
  let account: TestAccount;
  let channel: ChannelRow;
  let port: number;
  let certificateFolder: string;

  beforeAll(async () => {
    certificateFolder = fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-smtp-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout", "key.pem", "-out", "cert.pem"], {
      cwd: certificateFolder,
      stdio: "ignore",
    });
    test = await createTestApp({
      environment: {
        EMAIL_SMTP_PORT: "0",
        EMAIL_SMTP_HOST: "127.0.0.1",
        EMAIL_SMTP_TLS_KEY_FILE: path.join(certificateFolder, "key.pem"),
        EMAIL_SMTP_TLS_CERT_FILE: path.join(certificateFolder, "cert.pem"),
        EMAIL_MAX_MESSAGE_BYTES: String(200_000),
      },
    });
    account = await buildAccount(test);
    channel = await buildEmailChannel(test, account, { address: "inbox@shop.example", aliases: ["hello@shop.example"], inboundSmtp: true });
    port = test.runtime.mailboxes.smtpPort!;
  });
  afterAll(async () => {
    await test.close();
    fs.rmSync(certificateFolder, { recursive: true, force: true });
  });

  const client = (options: { requireTLS?: boolean; ignoreTLS?: boolean } = {}) =>
    nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, tls: { rejectUnauthorized: false }, ...options });
  const conversationsOfChannel = async () =>
    (await test.api.get("/api/conversations", { as: account.adminSession, query: { channelId: channel.id, limit: 100 } })).body.data as any[];

  it("receives mail over STARTTLS and turns it into a conversation", async () => {
    const transport = client({ requireTLS: true });
    const subject = `Over TLS ${unique()}`;
    const info = await transport.sendMail({ from: "Kim Lee <kim@customer.example>", to: "inbox@shop.example", subject, text: "Sent with STARTTLS." });
    transport.close();
    expect(info.accepted).toEqual(["inbox@shop.example"]);
    const conversation = await eventually(async () => (await conversationsOfChannel()).find((candidate) => candidate.subject === subject));
    const [message] = (await test.api.get(`/api/conversations/${conversation.id}/messages`, { as: account.adminSession })).body.data;
    expect(message.text).toContain("Sent with STARTTLS.");
    expect(message.email.from).toEqual({ name: "Kim Lee", address: "kim@customer.example" });
  });

  it("receives plain SMTP too, for aliases and plus addresses, and keeps the raw mail", async () => {
    const transport = client({ ignoreTLS: true });
    const raw = rawMail({ from: "lee@customer.example", to: "hello+shop@shop.example", subject: `Alias ${unique()}`, text: "To an alias." });
    const info = await transport.sendMail({ envelope: { from: "lee@customer.example", to: ["hello+shop@shop.example"] }, raw });
    transport.close();
    expect(info.accepted).toEqual(["hello+shop@shop.example"]);
    const conversation = await eventually(async () => (await conversationsOfChannel()).find((candidate) => candidate.subject.startsWith("Alias")));
    const [message] = (await test.api.get(`/api/conversations/${conversation.id}/messages`, { as: account.adminSession })).body.data;
    const source = await test.app.inject({ method: "GET", url: message.email.rawUrl, headers: { cookie: account.adminSession.cookie } });
    expect(source.rawPayload.equals(raw)).toBe(true);
  });

  it("refuses recipients it has no channel for, and relays nothing", async () => {
    const transport = client({ ignoreTLS: true });
    await expect(transport.sendMail({ from: "spam@elsewhere.example", to: "someone@gmail.example", subject: "Relay?", text: "x" })).rejects.toMatchObject({ responseCode: 550 });
    const mixed = await transport.sendMail({ from: "kim@customer.example", to: ["inbox@shop.example", "nobody@shop.example"], subject: `Mixed ${unique()}`, text: "x" });
    transport.close();
    expect(mixed.accepted).toEqual(["inbox@shop.example"]);
    expect(mixed.rejected).toEqual(["nobody@shop.example"]);
  });

  it("refuses a mail above the size limit with 552", async () => {
    const transport = client({ ignoreTLS: true });
    await expect(
      transport.sendMail({ from: "big@customer.example", to: "inbox@shop.example", subject: "Too big", text: "x".repeat(300_000) }),
    ).rejects.toMatchObject({ responseCode: 552 });
    transport.close();
  });

  it("does not accept mail for a channel that has not switched the listener on", async () => {
    await buildEmailChannel(test, account, { address: "quiet@shop.example", inboundSmtp: false });
    const transport = client({ ignoreTLS: true });
    await expect(transport.sendMail({ from: "kim@customer.example", to: "quiet@shop.example", subject: "x", text: "x" })).rejects.toMatchObject({ responseCode: 550 });
    transport.close();
  });
});
