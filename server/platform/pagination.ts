import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { ValidationError } from "./errors.js";

/**
 * Keyset cursors: the sort value and id of the last row seen, opaque to clients.
 * Unlike offsets, they stay fast on page 1,000 and skip nothing when rows are added.
 */
export function encodeCursor(values: Array<string | number | null>): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** What each position of a cursor holds; checked on decoding, so a tampered cursor never reaches SQL. */
export type CursorValueKind = "timestamp" | "id" | "smallint";

const isValueOfKind: Record<CursorValueKind, (value: unknown) => boolean> = {
  timestamp: (value) => typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
  id: (value) => typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value),
  smallint: (value) => typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= 32_767,
};

export function decodeCursor(cursor: string, kinds: readonly CursorValueKind[]): Array<string | number | null> {
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(values) && values.length === kinds.length && values.every((value, index) => isValueOfKind[kinds[index]!](value))) {
      return values as Array<string | number>;
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError("validation_failed", "The cursor is not valid. Start again from the first page.", [{ field: "querystring.cursor", message: "is not valid" }]);
}

/**
 * A timestamp column as ISO text to the microsecond, as stored. A JS Date keeps only
 * milliseconds: a cursor built from one would repeat or skip rows on PostgreSQL, whose
 * timestamps have microseconds. Select this next to the row and put it in the cursor.
 */
export function exactTimestamp(column: AnyPgColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Splits one extra fetched row off into the next cursor. */
export function pageFrom<T>(rows: T[], limit: number, cursorOf: (row: T) => Array<string | number | null>): { data: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { data: rows, nextCursor: null };
  const data = rows.slice(0, limit);
  return { data, nextCursor: encodeCursor(cursorOf(data[data.length - 1]!)) };
}
