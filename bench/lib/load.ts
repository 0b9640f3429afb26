import autocannon from "autocannon";

export type LoadResult = { requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number; total: number };

/** Drives HTTP load with autocannon from this process; `body` may vary per request. */
export async function load(options: {
  url: string;
  method?: "GET" | "POST";
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  body?: () => string;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? "GET",
    connections: options.connections,
    duration: options.durationSeconds,
    headers: options.headers,
    requests: options.body ? [{ setupRequest: (request) => ({ ...request, body: options.body!() }) }] : undefined,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
