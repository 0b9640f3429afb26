import type { KnowledgeArticleSummaryView, KnowledgeArticleView, KnowledgeCategoryView } from "../../../common/knowledge-views.js";
import type { KnowledgeArticleRow } from "../../platform/db/rows.js";
import type { CategoryWithCount } from "./knowledge.store.js";

const EXCERPT_LENGTH = 200;

/** The help center's address of an account: `<public URL>/help/<account slug>`. */
export function helpCenterUrl(publicUrl: string, accountSlug: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/help/${accountSlug}`;
}

export function articleUrl(helpCenter: string, article: Pick<KnowledgeArticleRow, "locale" | "slug">): string {
  return `${helpCenter}/${article.locale}/articles/${article.slug}`;
}

export function presentArticle(article: KnowledgeArticleRow, helpCenter: string): KnowledgeArticleView {
  return {
    id: article.id,
    locale: article.locale,
    title: article.title,
    slug: article.slug,
    categoryId: article.categoryId,
    bodyMarkdown: article.bodyMarkdown,
    bodyHtml: article.bodyHtml,
    bodyText: article.bodyText,
    exampleQuestions: article.exampleQuestions,
    status: article.status,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    helpfulCount: article.helpfulCount,
    notHelpfulCount: article.notHelpfulCount,
    publicUrl: articleUrl(helpCenter, article),
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
  };
}

export function presentArticleSummary(article: KnowledgeArticleRow, helpCenter: string): KnowledgeArticleSummaryView {
  const { bodyMarkdown: _markdown, bodyHtml: _html, ...rest } = presentArticle(article, helpCenter);
  return { ...rest, excerpt: excerptOf(article.bodyText) };
}

export function excerptOf(text: string, length = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).replace(/\s+\S*$/, "")}…`;
}

export function presentCategory(category: CategoryWithCount): KnowledgeCategoryView {
  return {
    id: category.id,
    locale: category.locale,
    name: category.name,
    slug: category.slug,
    description: category.description,
    position: category.position,
    articleCount: category.articleCount,
    createdAt: category.createdAt.toISOString(),
    updatedAt: category.updatedAt.toISOString(),
  };
}
