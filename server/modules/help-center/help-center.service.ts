import type { Locale } from "../../../common/domain.js";
import type { ServiceDeps } from "../../context.js";
import type { AccountRow, KnowledgeArticleRow, KnowledgeCategoryRow } from "../../platform/db/rows.js";
import * as accountStore from "../accounts/accounts.store.js";
import * as knowledgeStore from "../knowledge/knowledge.store.js";

const HOME_ARTICLE_LIMIT = 200;
const SEARCH_LIMIT = 30;

/** The public help center: published articles only, looked up by the account's slug. */
export class HelpCenterService {
  constructor(private readonly deps: Pick<ServiceDeps, "db">) {}

  findAccount(slug: string): Promise<AccountRow | null> {
    return accountStore.findBySlug(this.deps.db, slug);
  }

  async home(account: AccountRow, locale: Locale): Promise<{ categories: KnowledgeCategoryRow[]; articles: KnowledgeArticleRow[] }> {
    const [categories, articles] = await Promise.all([
      knowledgeStore.listCategories(this.deps.db, account.id, locale),
      knowledgeStore.listArticles(this.deps.db, account.id, { locale, status: "published", limit: HOME_ARTICLE_LIMIT }),
    ]);
    return { categories, articles: articles.sort((left, right) => left.title.localeCompare(right.title, locale)) };
  }

  async category(account: AccountRow, locale: Locale, slug: string): Promise<{ category: KnowledgeCategoryRow; articles: KnowledgeArticleRow[] } | null> {
    const category = await knowledgeStore.findCategoryBySlug(this.deps.db, account.id, locale, slug);
    if (!category) return null;
    const articles = await knowledgeStore.listArticles(this.deps.db, account.id, { locale, status: "published", categoryId: category.id, limit: HOME_ARTICLE_LIMIT });
    return { category, articles: articles.sort((left, right) => left.title.localeCompare(right.title, locale)) };
  }

  async article(account: AccountRow, locale: Locale, slug: string): Promise<{ article: KnowledgeArticleRow; category: KnowledgeCategoryRow | null } | null> {
    const article = await knowledgeStore.findPublishedBySlug(this.deps.db, account.id, locale, slug);
    if (!article) return null;
    const category = article.categoryId ? await knowledgeStore.findCategory(this.deps.db, account.id, article.categoryId) : null;
    return { article, category };
  }

  search(account: AccountRow, locale: Locale, query: string): Promise<KnowledgeArticleRow[]> {
    if (!query.trim()) return Promise.resolve([]);
    return knowledgeStore.listArticles(this.deps.db, account.id, { locale, status: "published", query, limit: SEARCH_LIMIT });
  }

  /** Counts a "did this help?" vote; false when the article is not (or no longer) published. */
  async vote(account: AccountRow, locale: Locale, slug: string, isHelpful: boolean): Promise<boolean> {
    const article = await knowledgeStore.findPublishedBySlug(this.deps.db, account.id, locale, slug);
    if (!article) return false;
    return Boolean(await knowledgeStore.addVote(this.deps.db, account.id, article.id, isHelpful));
  }
}
