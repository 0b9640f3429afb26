import { type SQL, sql } from "drizzle-orm";

/**
 * Text is indexed with both English and German stemming: a conversation's language is
 * often unknown or mixed, and a query matching either stemming is what agents expect.
 * The query side is `searchQuery` below; both must use the same configurations.
 */
export function bilingualSearchVector(...columnNames: string[]): SQL {
  // Column names, not column objects: a generated column cannot reference its own table's object.
  const text = sql.raw(columnNames.map((name) => `coalesce("${name}", '')`).join(` || ' ' || `));
  return sql`to_tsvector('english'::regconfig, ${text}) || to_tsvector('german'::regconfig, ${text})`;
}

export function searchQuery(query: string): SQL {
  return sql`(websearch_to_tsquery('english'::regconfig, ${query}) || websearch_to_tsquery('german'::regconfig, ${query}))`;
}
