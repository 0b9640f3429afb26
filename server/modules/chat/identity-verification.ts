import { createHmac } from "node:crypto";
import { z } from "zod";
import { safeEqual } from "../auth/secrets.js";

/**
 * How a site tells the widget who its logged-in user is, in one of two forms (docs/chat-channel.md):
 *
 * - HMAC: `{ userId, email?, name?, signature }` where `signature` is the lowercase hex
 *   HMAC-SHA256, keyed with the channel's identity secret, of the user id alone, or, when an
 *   email or name is passed, of `userId + "\n" + (email ?? "") + "\n" + (name ?? "")`.
 * - JWT: `{ token }`, an HS256 JSON Web Token signed with the same secret whose `sub` is the
 *   user id, with optional `email`, `name` and `exp` (seconds) claims.
 */
export const SignedIdentity = z.union([
  z.object({
    userId: z.string().trim().min(1).max(200),
    email: z.email().max(254).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    signature: z.string().regex(/^[0-9a-fA-F]{64}$/, "is not a hex HMAC-SHA256"),
  }),
  z.object({ token: z.string().min(10).max(4000) }),
]);
export type SignedIdentity = z.infer<typeof SignedIdentity>;

export type VerifiedIdentity = { userId: string; email: string | null; name: string | null };

const JwtClaims = z.object({
  sub: z.string().trim().min(1).max(200),
  email: z.email().max(254).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  exp: z.number().optional(),
  nbf: z.number().optional(),
});

/** The signed message of the HMAC form. */
export function identityMessage(identity: { userId: string; email?: string | null; name?: string | null }): string {
  if (!identity.email && !identity.name) return identity.userId;
  return [identity.userId, identity.email ?? "", identity.name ?? ""].join("\n");
}

/** What a site's server computes: documented, and used by tests and the demo page. */
export function signIdentity(secret: string, identity: { userId: string; email?: string | null; name?: string | null }): string {
  return createHmac("sha256", secret).update(identityMessage(identity)).digest("hex");
}

/** An HS256 JWT with these claims (tests, demo). */
export function signIdentityToken(secret: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

/** The identity if its signature is valid with the secret; null otherwise. */
export function verifyIdentity(secret: string, identity: SignedIdentity, now = Date.now()): VerifiedIdentity | null {
  if ("signature" in identity) {
    const expected = signIdentity(secret, identity);
    if (!safeEqual(expected, identity.signature.toLowerCase())) return null;
    return { userId: identity.userId, email: identity.email?.toLowerCase() ?? null, name: identity.name ?? null };
  }
  const parts = identity.token.split(".");
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  if (!safeEqual(expected, signature)) return null;
  // Only after the signature: the header must not choose another algorithm ("none").
  const parsedHeader = parseJson(header) as { alg?: unknown } | null;
  if (parsedHeader?.alg !== "HS256") return null;
  const claims = JwtClaims.safeParse(parseJson(payload));
  if (!claims.success) return null;
  const seconds = now / 1000;
  if (claims.data.exp !== undefined && claims.data.exp <= seconds) return null;
  if (claims.data.nbf !== undefined && claims.data.nbf > seconds + 60) return null;
  return { userId: claims.data.sub, email: claims.data.email?.toLowerCase() ?? null, name: claims.data.name ?? null };
}

function parseJson(base64url: string): unknown {
  try {
    return JSON.parse(Buffer.from(base64url, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}
