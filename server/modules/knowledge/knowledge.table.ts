import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Locale } from "../../../common/domain.js";
import type { ArticleStatus } from "../../../common/knowledge-views.js";
import { createdAt, primaryId, timestampColumn, tsvector, updatedAt } from "../../platform/db/columns.js";
import { accounts } from "../accounts/accounts.table.js";
import { agents } from "../agents/agents.table.js";

/** A group of knowledge articles on the help center's home page. */
export const knowledgeCategories = pgTable(
  "knowledge_categories",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    locale: text("locale").$type<Locale>().notNull(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    description: text("description").notNull().default(""),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("knowledge_categories_slug_unique").on(table.accountId, table.locale, table.slug),
    check("knowledge_categories_locale_check", sql`${table.locale} in ('en', 'de')`),
  ],
);

/**
 * A knowledge article: Markdown written by agents, rendered to sanitized HTML when saved. Its
 * title and example questions also train the bot's intent classifier.
 */
export const knowledgeArticles = pgTable(
  "knowledge_articles",
  {
    id: primaryId(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    categoryId: uuid("category_id").references(() => knowledgeCategories.id, { onDelete: "set null" }),
    locale: text("locale").$type<Locale>().notNull(),
    title: text("title").notNull(),
    slug: text("slug").notNull(),
    bodyMarkdown: text("body_markdown").notNull().default(""),
    /** Rendered from the Markdown and sanitized when saved; safe to serve. */
    bodyHtml: text("body_html").notNull().default(""),
    /** The body as plain text: search, the bot's answers and previews. */
    bodyText: text("body_text").notNull().default(""),
    exampleQuestions: text("example_questions").array().notNull().default(sql`'{}'::text[]`),
    /** Body text and example questions together, for the search vector (array_to_string is not immutable). */
    searchText: text("search_text").notNull().default(""),
    status: text("status").$type<ArticleStatus>().notNull().default("draft"),
    publishedAt: timestampColumn("published_at"),
    helpfulCount: integer("helpful_count").notNull().default(0),
    notHelpfulCount: integer("not_helpful_count").notNull().default(0),
    authorAgentId: uuid("author_agent_id").references(() => agents.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Title weighs more than body; each article is indexed in its own language's stemming.
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      (): ReturnType<typeof sql> =>
        sql`setweight(to_tsvector(case when locale = 'de' then 'german'::regconfig else 'english'::regconfig end, coalesce(title, '')), 'A') || setweight(to_tsvector(case when locale = 'de' then 'german'::regconfig else 'english'::regconfig end, coalesce(search_text, '')), 'B')`,
    ),
  },
  (table) => [
    uniqueIndex("knowledge_articles_slug_unique").on(table.accountId, table.locale, table.slug),
    index("knowledge_articles_account_idx").on(table.accountId, table.status, table.locale),
    index("knowledge_articles_category_idx").on(table.categoryId),
    index("knowledge_articles_search_idx").using("gin", table.searchVector),
    check("knowledge_articles_locale_check", sql`${table.locale} in ('en', 'de')`),
    check("knowledge_articles_status_check", sql`${table.status} in ('draft', 'published')`),
  ],
);
