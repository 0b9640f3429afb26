import { z } from "zod";
import { locales } from "../../../common/domain.js";
import { HelpCenterView, KnowledgeArticleSummaryView, KnowledgeArticleView, KnowledgeCategoryView } from "../../../common/knowledge-views.js";
import { anyRole, staffRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { presentArticle, presentArticleSummary, presentCategory } from "./knowledge.presenter.js";
import {
  CreateArticleBody,
  CreateCategoryBody,
  IdParams,
  ListArticlesQuery,
  PreviewArticleBody,
  UpdateArticleBody,
  UpdateCategoryBody,
} from "./knowledge.schemas.js";
import { renderMarkdown } from "./markdown.js";

const tags = ["knowledge base"];

/** Agents write articles (staff) and everyone in the account reads them. */
export function registerKnowledgeRoutes(app: HttpApp, { knowledge }: Services): void {
  app.get(
    "/api/help-center",
    { schema: { tags, summary: "The account's public help center address", response: { 200: z.object({ data: HelpCenterView }) } }, config: { access: anyRole } },
    async (request) => ({ data: await knowledge.helpCenterOf(request.actor.accountId) }),
  );
  app.get(
    "/api/knowledge/articles",
    {
      schema: {
        tags,
        summary: "Articles, newest change first, or ranked by a full-text search (English and German)",
        querystring: ListArticlesQuery,
        response: { 200: z.object({ data: z.array(KnowledgeArticleSummaryView) }) },
      },
      config: { access: anyRole },
    },
    async (request) => {
      const { url } = await knowledge.helpCenterOf(request.actor.accountId);
      return { data: (await knowledge.listArticles(request.actor, request.query)).map((article) => presentArticleSummary(article, url)) };
    },
  );
  app.post(
    "/api/knowledge/articles",
    { schema: { tags, summary: "Write an article (Markdown); a draft unless published", body: CreateArticleBody, response: { 201: z.object({ data: KnowledgeArticleView }) } }, config: { access: staffRoles } },
    async (request, reply) => {
      const { url } = await knowledge.helpCenterOf(request.actor.accountId);
      return reply.status(201).send({ data: presentArticle(await knowledge.createArticle(request.actor, request.body), url) });
    },
  );
  app.post(
    "/api/knowledge/articles/preview",
    {
      schema: { tags, summary: "Render Markdown as the help center would (sanitized HTML)", body: PreviewArticleBody, response: { 200: z.object({ data: z.object({ html: z.string() }) }) } },
      config: { access: staffRoles },
    },
    async (request) => ({ data: { html: renderMarkdown(request.body.bodyMarkdown).html } }),
  );
  app.get(
    "/api/knowledge/articles/:id",
    { schema: { tags, summary: "One article with its Markdown and rendered HTML", params: IdParams, response: { 200: z.object({ data: KnowledgeArticleView }) } }, config: { access: anyRole } },
    async (request) => {
      const { url } = await knowledge.helpCenterOf(request.actor.accountId);
      return { data: presentArticle(await knowledge.getArticle(request.actor, request.params.id), url) };
    },
  );
  app.patch(
    "/api/knowledge/articles/:id",
    {
      schema: { tags, summary: "Change, publish or unpublish an article", params: IdParams, body: UpdateArticleBody, response: { 200: z.object({ data: KnowledgeArticleView }) } },
      config: { access: staffRoles },
    },
    async (request) => {
      const { url } = await knowledge.helpCenterOf(request.actor.accountId);
      return { data: presentArticle(await knowledge.updateArticle(request.actor, request.params.id, request.body), url) };
    },
  );
  app.delete(
    "/api/knowledge/articles/:id",
    { schema: { tags, summary: "Delete an article", params: IdParams, response: { 204: z.null() } }, config: { access: staffRoles } },
    async (request, reply) => {
      await knowledge.removeArticle(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/knowledge/categories",
    {
      schema: {
        tags,
        summary: "Categories, in their order on the help center",
        querystring: z.object({ locale: z.enum(locales).optional() }),
        response: { 200: z.object({ data: z.array(KnowledgeCategoryView) }) },
      },
      config: { access: anyRole },
    },
    async (request) => ({ data: (await knowledge.listCategories(request.actor, request.query.locale)).map(presentCategory) }),
  );
  app.post(
    "/api/knowledge/categories",
    { schema: { tags, summary: "Create a category", body: CreateCategoryBody, response: { 201: z.object({ data: KnowledgeCategoryView }) } }, config: { access: staffRoles } },
    async (request, reply) => reply.status(201).send({ data: presentCategory(await knowledge.createCategory(request.actor, request.body)) }),
  );
  app.patch(
    "/api/knowledge/categories/:id",
    { schema: { tags, summary: "Change a category", params: IdParams, body: UpdateCategoryBody, response: { 200: z.object({ data: KnowledgeCategoryView }) } }, config: { access: staffRoles } },
    async (request) => ({ data: presentCategory(await knowledge.updateCategory(request.actor, request.params.id, request.body)) }),
  );
  app.delete(
    "/api/knowledge/categories/:id",
    { schema: { tags, summary: "Delete a category; its articles stay, without a category", params: IdParams, response: { 204: z.null() } }, config: { access: staffRoles } },
    async (request, reply) => {
      await knowledge.removeCategory(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
