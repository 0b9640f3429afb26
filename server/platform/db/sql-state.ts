/**
 * The SQLSTATE of a database error, whether thrown by pg, by PGlite, or wrapped by
 * Drizzle (DrizzleQueryError keeps the driver's error as its cause).
 */
export function sqlStateOf(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 3; current = (current as { cause?: unknown }).cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

export const UNIQUE_VIOLATION = "23505";
