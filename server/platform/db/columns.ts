import { customType, type ExtraConfigColumn, timestamp, uuid } from "drizzle-orm/pg-core";
import { v7 as uuidv7 } from "uuid";

/** Time-ordered UUIDs (v7): index-friendly and sortable by creation. */
export const newId = (): string => uuidv7();

export const primaryId = () => uuid("id").primaryKey().$defaultFn(newId);

export const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const timestampColumn = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * Index columns in the order `order by … desc` reads them. Drizzle's `.desc()` alone emits
 * NULLS LAST, which PostgreSQL cannot use for a plain `desc` (its default is NULLS FIRST).
 */
export const newestFirst = (...columns: ExtraConfigColumn[]) => columns.map((column) => column.desc().nullsFirst());
