import { expect } from "vitest";

export type AdminCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/**
 * The demo admin's REST session, for a browser test to set up data of its own (so the demo's
 * conversations and agents stay as they are for the other tests).
 */
export async function adminApi(baseUrl: string): Promise<AdminCall> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@demo.caredesk.local", password: "caredesk-demo" }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
  const { data } = (await login.json()) as { data: { csrfToken: string } };
  return async (method, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, "x-csrf-token": data.csrfToken, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  };
}
