import { expect } from "vitest";
import type { HttpApi, Session } from "./caredesk-process.js";

/** An API channel whose conversations promise a first response within `seconds` of calendar time, warn at half and escalate on breach. */
export async function setUpFastSla(api: HttpApi, session: Session, seconds: number): Promise<{ channelId: string; inboundToken: string }> {
  const created = await api.post("/api/channels", { as: session, body: { type: "api", name: "Shop backend" } });
  expect(created.status).toBe(201);
  const policies = await api.get("/api/sla-policies", { as: session });
  const fallback = policies.body.data.find((policy: { channelType: string | null }) => policy.channelType === null);
  const changed = await api.request("PATCH", `/api/sla-policies/${fallback.id}`, {
    as: session,
    body: { measure: "calendar", firstResponseSeconds: seconds, nextResponseSeconds: null, resolutionSeconds: null, warningPercent: 50, autoEscalation: "on_breach" },
  });
  expect(changed.status).toBe(200);
  return { channelId: created.body.data.channel.id, inboundToken: created.body.data.credentials.inboundToken };
}

export async function postInbound(baseUrl: string, channel: { channelId: string; inboundToken: string }, customer: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/channels/${channel.channelId}/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${channel.inboundToken}`, "content-type": "application/json" },
    body: JSON.stringify({ externalId: `${customer}-1`, customer: { identifier: customer, name: customer }, text: "Where is my parcel?" }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { data: { conversationId: string } }).data.conversationId;
}

