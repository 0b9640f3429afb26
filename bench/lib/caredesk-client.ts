/** A small HTTP client for benchmarks: logs in like the web app and keeps cookie and CSRF token. */
export class CaredeskClient {
  private cookie = "";
  private csrfToken = "";

  constructor(readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    this.cookie = (response.headers.get("set-cookie") ?? "").split(";")[0]!;
    this.csrfToken = ((await response.json()) as { data: { csrfToken: string } }).data.csrfToken;
  }

  get authHeaders(): Record<string, string> {
    return { cookie: this.cookie, "x-csrf-token": this.csrfToken };
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...this.authHeaders, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
}
