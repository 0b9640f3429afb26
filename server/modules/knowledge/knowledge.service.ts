import type { ServiceDeps } from "../../context.js";
import type { AgentActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { AccountRow, KnowledgeArticleRow, KnowledgeCategoryRow } from "../../platform/db/rows.js";
import { sqlStateOf, UNIQUE_VIOLATION } from "../../platform/db/sql-state.js";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { slugify } from "../../platform/slug.js";
import * as accountStore from "../accounts/accounts.store.js";
import type { CreateArticleInput, CreateCategoryInput, ListArticlesInput, UpdateArticleInput, UpdateCategoryInput } from "./knowledge.schemas.js";
import { helpCenterUrl } from "./knowledge.presenter.js";
import * as knowledgeStore from "./knowledge.store.js";
import type { CategoryWithCount } from "./knowledge.store.js";
import { renderMarkdown } from "./markdown.js";

/** Knowledge articles and their categories: written by agents, read by customers and the bot. */
export class KnowledgeService {
  constructor(private readonly deps: Pick<ServiceDeps, "db" | "config">) {}

  /** The public help center's address for this account. */
  async helpCenterOf(accountId: string): Promise<{ slug: string; url: string }> {
    const account = await accountStore.findById(this.deps.db, accountId);
    if (!account) throw new NotFoundError("account_not_found", "This account does not exist.");
    return { slug: account.slug, url: helpCenterUrl(this.deps.config.publicUrl, account.slug) };
  }

  listArticles(actor: AgentActor, input: ListArticlesInput): Promise<KnowledgeArticleRow[]> {
    return knowledgeStore.listArticles(this.deps.db, actor.accountId, input);
  }

  async getArticle(actor: AgentActor, id: string): Promise<KnowledgeArticleRow> {
    const article = await knowledgeStore.findArticle(this.deps.db, actor.accountId, id);
    if (!article) throw articleNotFound();
    return article;
  }

  async createArticle(actor: AgentActor, input: CreateArticleInput): Promise<KnowledgeArticleRow> {
    return this.deps.db.transaction(async (tx) => {
      if (input.categoryId) await ensureCategory(tx, actor.accountId, input.categoryId, input.locale);
      const slug = input.slug ?? (await freeArticleSlug(tx, actor.accountId, input.locale, input.title));
      const rendered = renderMarkdown(input.bodyMarkdown);
      return knowledgeStore
        .insertArticle(tx, {
          accountId: actor.accountId,
          categoryId: input.categoryId,
          locale: input.locale,
          title: input.title,
          slug,
          bodyMarkdown: input.bodyMarkdown,
          bodyHtml: rendered.html,
          bodyText: rendered.text,
          exampleQuestions: input.exampleQuestions,
          searchText: searchTextOf(rendered.text, input.exampleQuestions),
          status: input.status,
          publishedAt: input.status === "published" ? new Date() : null,
          authorAgentId: actor.id,
        })
        .catch(rethrowSlugTaken);
    });
  }

  async updateArticle(actor: AgentActor, id: string, input: UpdateArticleInput): Promise<KnowledgeArticleRow> {
    return this.deps.db.transaction(async (tx) => {
      const article = await knowledgeStore.findArticle(tx, actor.accountId, id);
      if (!article) throw articleNotFound();
      const locale = input.locale ?? article.locale;
      const categoryId = input.categoryId === undefined ? article.categoryId : input.categoryId;
      if (categoryId && (input.categoryId !== undefined || input.locale !== undefined)) await ensureCategory(tx, actor.accountId, categoryId, locale);
      const changes: Partial<KnowledgeArticleRow> = {};
      for (const field of ["title", "locale", "slug", "categoryId", "exampleQuestions", "status"] as const) {
        if (input[field] !== undefined && JSON.stringify(input[field]) !== JSON.stringify(article[field])) Object.assign(changes, { [field]: input[field] });
      }
      if (input.bodyMarkdown !== undefined && input.bodyMarkdown !== article.bodyMarkdown) {
        const rendered = renderMarkdown(input.bodyMarkdown);
        Object.assign(changes, { bodyMarkdown: input.bodyMarkdown, bodyHtml: rendered.html, bodyText: rendered.text });
      }
      if (changes.bodyText !== undefined || changes.exampleQuestions !== undefined) {
        changes.searchText = searchTextOf(changes.bodyText ?? article.bodyText, changes.exampleQuestions ?? article.exampleQuestions);
      }
      if (changes.status === "published" && !article.publishedAt) changes.publishedAt = new Date();
      if (Object.keys(changes).length === 0) return article;
      return knowledgeStore.updateArticle(tx, article.id, changes).catch(rethrowSlugTaken);
    });
  }

  async removeArticle(actor: AgentActor, id: string): Promise<void> {
    if (!(await knowledgeStore.removeArticle(this.deps.db, actor.accountId, id))) throw articleNotFound();
  }

  listCategories(actor: AgentActor, locale?: CreateCategoryInput["locale"]): Promise<CategoryWithCount[]> {
    return knowledgeStore.listCategories(this.deps.db, actor.accountId, locale);
  }

  async createCategory(actor: AgentActor, input: CreateCategoryInput): Promise<CategoryWithCount> {
    const category = await knowledgeStore
      .insertCategory(this.deps.db, {
        accountId: actor.accountId,
        locale: input.locale,
        name: input.name,
        slug: input.slug ?? (slugify(input.name) || "category"),
        description: input.description,
        position: input.position,
      })
      .catch(rethrowCategorySlugTaken);
    return { ...category, articleCount: 0 };
  }

  async updateCategory(actor: AgentActor, id: string, input: UpdateCategoryInput): Promise<CategoryWithCount> {
    const category = await knowledgeStore.findCategory(this.deps.db, actor.accountId, id);
    if (!category) throw categoryNotFound();
    const changes = Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== undefined && value !== category[key as keyof KnowledgeCategoryRow]));
    const updated = Object.keys(changes).length === 0 ? category : await knowledgeStore.updateCategory(this.deps.db, category.id, changes).catch(rethrowCategorySlugTaken);
    const [withCount] = (await knowledgeStore.listCategories(this.deps.db, actor.accountId, updated.locale)).filter((row) => row.id === updated.id);
    return withCount ?? { ...updated, articleCount: 0 };
  }

  async removeCategory(actor: AgentActor, id: string): Promise<void> {
    if (!(await knowledgeStore.removeCategory(this.deps.db, actor.accountId, id))) throw categoryNotFound();
  }
}

/** Help center lookups (public): by the account's slug. */
export async function findAccountBySlug(executor: Executor, slug: string): Promise<AccountRow | null> {
  return accountStore.findBySlug(executor, slug);
}

function searchTextOf(bodyText: string, exampleQuestions: string[]): string {
  return [bodyText, ...exampleQuestions].join("\n");
}

async function freeArticleSlug(executor: Executor, accountId: string, locale: KnowledgeArticleRow["locale"], title: string): Promise<string> {
  const base = slugify(title) || "article";
  let candidate = base;
  for (let suffix = 2; await knowledgeStore.slugTaken(executor, accountId, locale, candidate); suffix += 1) candidate = `${base}-${suffix}`;
  return candidate;
}

async function ensureCategory(executor: Executor, accountId: string, categoryId: string, locale: KnowledgeArticleRow["locale"]): Promise<void> {
  const category = await knowledgeStore.findCategory(executor, accountId, categoryId);
  if (!category) throw new ValidationError("knowledge_category_not_found", "This category does not exist.", [{ field: "body.categoryId", message: "does not exist" }]);
  if (category.locale !== locale) {
    throw new ValidationError("knowledge_category_locale_mismatch", "The category belongs to the help center of another language.", [{ field: "body.categoryId", message: "has another locale" }]);
  }
}

function rethrowSlugTaken(error: unknown): never {
  if (sqlStateOf(error) === UNIQUE_VIOLATION) throw new ConflictError("knowledge_article_slug_taken", "Another article in this language already has this slug.");
  throw error;
}

function rethrowCategorySlugTaken(error: unknown): never {
  if (sqlStateOf(error) === UNIQUE_VIOLATION) throw new ConflictError("knowledge_category_slug_taken", "Another category in this language already has this slug.");
  throw error;
}

function articleNotFound(): NotFoundError {
  return new NotFoundError("knowledge_article_not_found", "This article does not exist.");
}

function categoryNotFound(): NotFoundError {
  return new NotFoundError("knowledge_category_not_found", "This category does not exist.");
}
