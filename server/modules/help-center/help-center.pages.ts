import type { Locale } from "../../../common/domain.js";
import type { KnowledgeArticleRow, KnowledgeCategoryRow } from "../../platform/db/rows.js";
import { excerptOf } from "../knowledge/knowledge.presenter.js";
import { helpText } from "./help-center.texts.js";

/** What every help center page knows: whose help center, in which language, and where it lives. */
export type PageContext = { accountName: string; locale: Locale; base: string };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const styles = `
*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f7f8fa}
a{color:#1c5fd4}header{background:#1c3d6e;color:#fff;padding:24px 16px}header a{color:#fff;text-decoration:none}
.wrap{max-width:820px;margin:0 auto}.top{display:flex;justify-content:space-between;align-items:center;gap:12px}
.brand{font-size:1.25rem;font-weight:600}form.search{display:flex;gap:8px;margin-top:16px}
form.search input{flex:1;padding:10px 12px;border:1px solid #c5ccd6;border-radius:6px;font-size:1rem}
button{padding:10px 16px;border:0;border-radius:6px;background:#1c5fd4;color:#fff;font-size:1rem;cursor:pointer}
button.secondary{background:#e6ebf2;color:#1f2933}main{padding:24px 16px}
.card{background:#fff;border:1px solid #e1e5eb;border-radius:8px;padding:16px 20px;margin-bottom:16px}
.card h2{margin:0 0 4px;font-size:1.15rem}.muted{color:#5f6b7a;font-size:.9rem}ul.articles{list-style:none;padding:0;margin:8px 0 0}
ul.articles li{padding:6px 0;border-top:1px solid #eef1f5}ul.articles li:first-child{border-top:0}
article .body img{max-width:100%}article .body pre{overflow:auto;background:#f1f3f6;padding:12px;border-radius:6px}
.vote{display:flex;gap:8px;align-items:center;flex-wrap:wrap}.vote form{margin:0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}`;

export function layout(context: PageContext, title: string, content: string, options: { query?: string; alternateUrl?: string } = {}): string {
  const { locale, base } = context;
  const home = `${base}/${locale}`;
  const otherLocale: Locale = locale === "en" ? "de" : "en";
  const alternate = options.alternateUrl ?? `${base}/${otherLocale}`;
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(context.accountName)}</title>
<style>${styles}</style>
</head>
<body>
<header><div class="wrap">
<div class="top"><a class="brand" href="${home}">${escapeHtml(context.accountName)} · ${escapeHtml(helpText(locale, "helpCenter"))}</a>
<a href="${alternate}" lang="${otherLocale}" hreflang="${otherLocale}">${escapeHtml(helpText(locale, "otherLanguage"))}</a></div>
<form class="search" role="search" method="get" action="${home}/search">
<label class="sr-only" for="q">${escapeHtml(helpText(locale, "searchLabel"))}</label>
<input id="q" name="q" type="search" value="${escapeHtml(options.query ?? "")}" placeholder="${escapeHtml(helpText(locale, "searchPlaceholder"))}">
<button type="submit">${escapeHtml(helpText(locale, "searchButton"))}</button>
</form>
</div></header>
<main class="wrap">
${content}
</main>
</body>
</html>`;
}

function articleLink(context: PageContext, article: KnowledgeArticleRow): string {
  return `<a href="${context.base}/${context.locale}/articles/${encodeURIComponent(article.slug)}">${escapeHtml(article.title)}</a>`;
}

function articleList(context: PageContext, articles: KnowledgeArticleRow[], withExcerpt = false): string {
  if (articles.length === 0) return `<p class="muted">${escapeHtml(helpText(context.locale, "noArticles"))}</p>`;
  const items = articles.map((article) => `<li>${articleLink(context, article)}${withExcerpt ? `<div class="muted">${escapeHtml(excerptOf(article.bodyText, 180))}</div>` : ""}</li>`);
  return `<ul class="articles">${items.join("")}</ul>`;
}

function countLabel(locale: Locale, count: number): string {
  return count === 1 ? helpText(locale, "articleCountOne") : helpText(locale, "articleCount", { count });
}

export function homePage(context: PageContext, categories: KnowledgeCategoryRow[], articles: KnowledgeArticleRow[]): string {
  const sections = categories.map((category) => {
    const own = articles.filter((article) => article.categoryId === category.id);
    return `<section class="card" aria-labelledby="category-${category.id}">
<h2 id="category-${category.id}"><a href="${context.base}/${context.locale}/categories/${encodeURIComponent(category.slug)}">${escapeHtml(category.name)}</a></h2>
<div class="muted">${escapeHtml(category.description)} ${escapeHtml(countLabel(context.locale, own.length))}</div>
${articleList(context, own.slice(0, 6))}
</section>`;
  });
  const categoryIds = new Set(categories.map((category) => category.id));
  const rest = articles.filter((article) => !article.categoryId || !categoryIds.has(article.categoryId));
  if (rest.length > 0 || categories.length === 0) {
    sections.push(`<section class="card"><h2>${escapeHtml(helpText(context.locale, categories.length ? "moreArticles" : "articles"))}</h2>${articleList(context, rest)}</section>`);
  }
  return layout(context, helpText(context.locale, "helpCenter"), `<h1 class="sr-only">${escapeHtml(helpText(context.locale, "helpCenter"))}</h1>${sections.join("\n")}`);
}

export function categoryPage(context: PageContext, category: KnowledgeCategoryRow, articles: KnowledgeArticleRow[]): string {
  const content = `<nav class="muted"><a href="${context.base}/${context.locale}">${escapeHtml(helpText(context.locale, "home"))}</a></nav>
<h1>${escapeHtml(category.name)}</h1><p class="muted">${escapeHtml(category.description)}</p>
<div class="card">${articleList(context, articles, true)}</div>`;
  return layout(context, category.name, content);
}

export function articlePage(context: PageContext, article: KnowledgeArticleRow, category: KnowledgeCategoryRow | null, options: { hasVoted: boolean }): string {
  const { locale } = context;
  const date = new Intl.DateTimeFormat(locale === "de" ? "de-DE" : "en-GB", { dateStyle: "long", timeZone: "UTC" }).format(article.updatedAt);
  const total = article.helpfulCount + article.notHelpfulCount;
  const voteUrl = `${context.base}/${locale}/articles/${encodeURIComponent(article.slug)}/vote`;
  const vote = options.hasVoted
    ? `<p role="status">${escapeHtml(helpText(locale, "voteThanks"))}</p>`
    : `<div class="vote"><span id="vote-question">${escapeHtml(helpText(locale, "voteQuestion"))}</span>
<form method="post" action="${voteUrl}"><input type="hidden" name="helpful" value="yes"><button type="submit" aria-describedby="vote-question">${escapeHtml(helpText(locale, "voteYes"))}</button></form>
<form method="post" action="${voteUrl}"><input type="hidden" name="helpful" value="no"><button type="submit" class="secondary" aria-describedby="vote-question">${escapeHtml(helpText(locale, "voteNo"))}</button></form></div>`;
  const breadcrumb = category
    ? ` › <a href="${context.base}/${locale}/categories/${encodeURIComponent(category.slug)}">${escapeHtml(category.name)}</a>`
    : "";
  const content = `<nav class="muted"><a href="${context.base}/${locale}">${escapeHtml(helpText(locale, "home"))}</a>${breadcrumb}</nav>
<article class="card"><h1>${escapeHtml(article.title)}</h1>
<p class="muted">${escapeHtml(helpText(locale, "updated", { date }))}</p>
<div class="body">${article.bodyHtml}</div></article>
<section class="card" aria-label="${escapeHtml(helpText(locale, "voteQuestion"))}">${vote}
${total > 0 ? `<p class="muted">${escapeHtml(helpText(locale, "votes", { helpful: article.helpfulCount, total }))}</p>` : ""}</section>`;
  return layout(context, article.title, content);
}

export function searchPage(context: PageContext, query: string, articles: KnowledgeArticleRow[]): string {
  const { locale } = context;
  const heading = query ? helpText(locale, "searchResults", { query }) : helpText(locale, "searchLabel");
  const body = !query
    ? `<p class="muted">${escapeHtml(helpText(locale, "emptySearch"))}</p>`
    : articles.length === 0
      ? `<p>${escapeHtml(helpText(locale, "noResults", { query }))}</p>`
      : `<div class="card">${articleList(context, articles, true)}</div>`;
  return layout(context, heading, `<h1>${escapeHtml(heading)}</h1>${body}`, { query, alternateUrl: `${context.base}/${locale === "en" ? "de" : "en"}/search?q=${encodeURIComponent(query)}` });
}

export function notFoundPage(context: PageContext): string {
  const content = `<h1>${escapeHtml(helpText(context.locale, "notFoundTitle"))}</h1><p>${escapeHtml(helpText(context.locale, "notFound"))}</p>
<p><a href="${context.base}/${context.locale}">${escapeHtml(helpText(context.locale, "backHome"))}</a></p>`;
  return layout(context, helpText(context.locale, "notFoundTitle"), content);
}
