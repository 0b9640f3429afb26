/** Public shapes of the knowledge base: articles and categories (API contract). */
import { z } from "zod";
import { locales } from "./domain.js";

const timestamp = z.iso.datetime({ offset: true });

export const articleStatuses = ["draft", "published"] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

export const KnowledgeCategoryView = z
  .object({
    id: z.uuid(),
    locale: z.enum(locales),
    name: z.string(),
    slug: z.string(),
    description: z.string(),
    position: z.number().int(),
    articleCount: z.number().int().describe("published articles in this category"),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "KnowledgeCategory" });
export type KnowledgeCategoryView = z.infer<typeof KnowledgeCategoryView>;

export const KnowledgeArticleView = z
  .object({
    id: z.uuid(),
    locale: z.enum(locales),
    title: z.string(),
    slug: z.string(),
    categoryId: z.uuid().nullable(),
    bodyMarkdown: z.string(),
    bodyHtml: z.string().describe("the Markdown rendered and sanitized"),
    bodyText: z.string().describe("the body as plain text"),
    exampleQuestions: z.array(z.string()),
    status: z.enum(articleStatuses),
    publishedAt: timestamp.nullable(),
    helpfulCount: z.number().int(),
    notHelpfulCount: z.number().int(),
    publicUrl: z.string().describe("the article's page in the public help center (shown there only when published)"),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "KnowledgeArticle" });
export type KnowledgeArticleView = z.infer<typeof KnowledgeArticleView>;

export const KnowledgeArticleSummaryView = KnowledgeArticleView.omit({ bodyMarkdown: true, bodyHtml: true })
  .extend({ excerpt: z.string() })
  .meta({ id: "KnowledgeArticleSummary" });
export type KnowledgeArticleSummaryView = z.infer<typeof KnowledgeArticleSummaryView>;

export const HelpCenterView = z
  .object({ slug: z.string(), url: z.string().describe("the public help center's home page") })
  .meta({ id: "HelpCenter" });
export type HelpCenterView = z.infer<typeof HelpCenterView>;
