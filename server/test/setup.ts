/**
 * Tests may talk to loopback servers only. Any other outbound HTTP fails the test at once
 * instead of silently depending on the network.
 */
const realFetch = globalThis.fetch;
const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : input.toString());
  if (!loopbackHosts.has(url.hostname)) throw new Error(`Tests may not call ${url.origin}: only loopback servers are allowed`);
  return realFetch(input, init);
};
