import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Locale } from "../../../common/domain.js";
import type { Executor } from "../../platform/db/database.js";
import type { KnowledgeArticleRow, KnowledgeCategoryRow } from "../../platform/db/rows.js";
import { knowledgeArticles, knowledgeCategories } from "./knowledge.table.js";

export type ArticleFilter = { locale?: Locale; status?: KnowledgeArticleRow["status"]; categoryId?: string; query?: string; limit: number };

/** The search configuration matching how an article of that locale was indexed. */
function searchQueryFor(query: string, locale: Locale | undefined) {
  const english = sql`websearch_to_tsquery('english'::regconfig, ${query})`;
  const german = sql`websearch_to_tsquery('german'::regconfig, ${query})`;
  if (locale === "en") return english;
  if (locale === "de") return german;
  return sql`(${english} || ${german})`;
}

export async function listArticles(executor: Executor, accountId: string, filter: ArticleFilter): Promise<KnowledgeArticleRow[]> {
  const conditions = [
    eq(knowledgeArticles.accountId, accountId),
    filter.locale ? eq(knowledgeArticles.locale, filter.locale) : undefined,
    filter.status ? eq(knowledgeArticles.status, filter.status) : undefined,
    filter.categoryId ? eq(knowledgeArticles.categoryId, filter.categoryId) : undefined,
  ];
  if (filter.query) {
    const query = searchQueryFor(filter.query, filter.locale);
    return executor
      .select()
      .from(knowledgeArticles)
      .where(and(...conditions, sql`${knowledgeArticles.searchVector} @@ ${query}`))
      .orderBy(sql`ts_rank(${knowledgeArticles.searchVector}, ${query}) desc`, asc(knowledgeArticles.title))
      .limit(filter.limit);
  }
  return executor
    .select()
    .from(knowledgeArticles)
    .where(and(...conditions))
    .orderBy(desc(knowledgeArticles.updatedAt), asc(knowledgeArticles.id))
    .limit(filter.limit);
}

export async function findArticle(executor: Executor, accountId: string, id: string): Promise<KnowledgeArticleRow | null> {
  const [row] = await executor.select().from(knowledgeArticles).where(and(eq(knowledgeArticles.accountId, accountId), eq(knowledgeArticles.id, id)));
  return row ?? null;
}

export async function findArticles(executor: Executor, accountId: string, ids: string[]): Promise<KnowledgeArticleRow[]> {
  if (ids.length === 0) return [];
  return executor.select().from(knowledgeArticles).where(and(eq(knowledgeArticles.accountId, accountId), inArray(knowledgeArticles.id, ids)));
}

export async function findPublishedBySlug(executor: Executor, accountId: string, locale: Locale, slug: string): Promise<KnowledgeArticleRow | null> {
  const [row] = await executor
    .select()
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.accountId, accountId), eq(knowledgeArticles.locale, locale), eq(knowledgeArticles.slug, slug), eq(knowledgeArticles.status, "published")));
  return row ?? null;
}

export async function slugTaken(executor: Executor, accountId: string, locale: Locale, slug: string, exceptId?: string): Promise<boolean> {
  const [row] = await executor
    .select({ id: knowledgeArticles.id })
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.accountId, accountId), eq(knowledgeArticles.locale, locale), eq(knowledgeArticles.slug, slug)));
  return Boolean(row && row.id !== exceptId);
}

export async function insertArticle(executor: Executor, values: typeof knowledgeArticles.$inferInsert): Promise<KnowledgeArticleRow> {
  const [row] = await executor.insert(knowledgeArticles).values(values).returning();
  return row!;
}

export async function updateArticle(executor: Executor, id: string, changes: Partial<typeof knowledgeArticles.$inferInsert>): Promise<KnowledgeArticleRow> {
  const [row] = await executor.update(knowledgeArticles).set({ ...changes, updatedAt: new Date() }).where(eq(knowledgeArticles.id, id)).returning();
  return row!;
}

export async function removeArticle(executor: Executor, accountId: string, id: string): Promise<boolean> {
  const rows = await executor.delete(knowledgeArticles).where(and(eq(knowledgeArticles.accountId, accountId), eq(knowledgeArticles.id, id))).returning({ id: knowledgeArticles.id });
  return rows.length > 0;
}

/** Counts a reader's vote; only on a published article of the account. */
export async function addVote(executor: Executor, accountId: string, id: string, isHelpful: boolean): Promise<KnowledgeArticleRow | null> {
  const [row] = await executor
    .update(knowledgeArticles)
    .set(isHelpful ? { helpfulCount: sql`${knowledgeArticles.helpfulCount} + 1` } : { notHelpfulCount: sql`${knowledgeArticles.notHelpfulCount} + 1` })
    .where(and(eq(knowledgeArticles.accountId, accountId), eq(knowledgeArticles.id, id), eq(knowledgeArticles.status, "published")))
    .returning();
  return row ?? null;
}

export type CategoryWithCount = KnowledgeCategoryRow & { articleCount: number };

export async function listCategories(executor: Executor, accountId: string, locale?: Locale): Promise<CategoryWithCount[]> {
  const rows = await executor
    .select({
      category: knowledgeCategories,
      // Qualified by hand: inside a subquery Drizzle would leave "id" ambiguous.
      articleCount: sql<number>`(select count(*)::int from knowledge_articles a where a.category_id = "knowledge_categories"."id" and a.status = 'published')`,
    })
    .from(knowledgeCategories)
    .where(and(eq(knowledgeCategories.accountId, accountId), locale ? eq(knowledgeCategories.locale, locale) : undefined))
    .orderBy(asc(knowledgeCategories.position), asc(knowledgeCategories.name));
  return rows.map((row) => ({ ...row.category, articleCount: Number(row.articleCount) }));
}

export async function findCategory(executor: Executor, accountId: string, id: string): Promise<KnowledgeCategoryRow | null> {
  const [row] = await executor.select().from(knowledgeCategories).where(and(eq(knowledgeCategories.accountId, accountId), eq(knowledgeCategories.id, id)));
  return row ?? null;
}

export async function findCategoryBySlug(executor: Executor, accountId: string, locale: Locale, slug: string): Promise<KnowledgeCategoryRow | null> {
  const [row] = await executor
    .select()
    .from(knowledgeCategories)
    .where(and(eq(knowledgeCategories.accountId, accountId), eq(knowledgeCategories.locale, locale), eq(knowledgeCategories.slug, slug)));
  return row ?? null;
}

export async function insertCategory(executor: Executor, values: typeof knowledgeCategories.$inferInsert): Promise<KnowledgeCategoryRow> {
  const [row] = await executor.insert(knowledgeCategories).values(values).returning();
  return row!;
}

export async function updateCategory(executor: Executor, id: string, changes: Partial<typeof knowledgeCategories.$inferInsert>): Promise<KnowledgeCategoryRow> {
  const [row] = await executor.update(knowledgeCategories).set({ ...changes, updatedAt: new Date() }).where(eq(knowledgeCategories.id, id)).returning();
  return row!;
}

export async function removeCategory(executor: Executor, accountId: string, id: string): Promise<boolean> {
  const rows = await executor.delete(knowledgeCategories).where(and(eq(knowledgeCategories.accountId, accountId), eq(knowledgeCategories.id, id))).returning({ id: knowledgeCategories.id });
  return rows.length > 0;
}

/** When the account's knowledge last changed: part of the bot's training fingerprint. */
export async function trainingFingerprint(executor: Executor, accountId: string): Promise<string> {
  const [row] = await executor
    .select({ count: sql<number>`count(*)::int`, latest: sql<string | null>`max(${knowledgeArticles.updatedAt})::text` })
    .from(knowledgeArticles)
    .where(eq(knowledgeArticles.accountId, accountId));
  return `${Number(row?.count ?? 0)}:${row?.latest ?? ""}`;
}
