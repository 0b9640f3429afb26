import type { FastifyInstance } from "fastify";

/** How a test request authenticates: as a logged-in agent (cookie + CSRF) or with a bearer token. */
export type Credentials = { cookie: string; csrfToken: string } | { bearer: string };

export type ApiResponse<T = any> = { status: number; body: T; headers: Record<string, string | string[] | undefined> };

type RequestOptions = {
  as?: Credentials;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number | string[]>;
  /** The caller's IP address (default 127.0.0.1). */
  remoteAddress?: string;
};

/** Calls the app in-process (Fastify inject), the way a browser or an integration would. */
export class ApiClient {
  private loginCount = 0;

  constructor(private readonly app: FastifyInstance) {}

  /**
   * Logs in from an address of its own (127.x.y.z), so that factories building many agents
   * never run into the per-address login limit; tests of that limit pass `remoteAddress`.
   */
  async login(email: string, password: string): Promise<Credentials & { cookie: string; csrfToken: string }> {
    this.loginCount += 1;
    const remoteAddress = `127.${(this.loginCount >> 16) & 255}.${(this.loginCount >> 8) & 255}.${this.loginCount & 255}`;
    const response = await this.post("/api/auth/login", { body: { email, password }, remoteAddress });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
    const setCookie = response.headers["set-cookie"];
    const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)!.split(";")[0]!;
    return { cookie, csrfToken: response.body.data.csrfToken as string };
  }

  get<T = any>(url: string, options: RequestOptions = {}) {
    return this.request<T>("GET", url, options);
  }

  post<T = any>(url: string, options: RequestOptions = {}) {
    return this.request<T>("POST", url, options);
  }

  patch<T = any>(url: string, options: RequestOptions = {}) {
    return this.request<T>("PATCH", url, options);
  }

  put<T = any>(url: string, options: RequestOptions = {}) {
    return this.request<T>("PUT", url, options);
  }

  delete<T = any>(url: string, options: RequestOptions = {}) {
    return this.request<T>("DELETE", url, options);
  }

  async request<T = any>(method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as && "bearer" in options.as) headers.authorization = `Bearer ${options.as.bearer}`;
    if (options.as && "cookie" in options.as) {
      headers.cookie = options.as.cookie;
      headers["x-csrf-token"] = options.as.csrfToken;
    }
    const response = await this.app.inject({
      method,
      url,
      headers,
      query: options.query as Record<string, string>,
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });
    const text = response.body;
    let body: unknown = text;
    if ((response.headers["content-type"] ?? "").toString().includes("application/json") && text) body = JSON.parse(text);
    return { status: response.statusCode, body: body as T, headers: response.headers as ApiResponse["headers"] };
  }
}
