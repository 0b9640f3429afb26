import { z } from "zod";
import { locales } from "../../../common/domain.js";
import { articleStatuses } from "../../../common/knowledge-views.js";
import { SLUG_PATTERN } from "../../platform/slug.js";

const Slug = z.string().trim().min(1).max(80).regex(SLUG_PATTERN, "must be lower-case letters, digits and hyphens");
const ExampleQuestions = z.array(z.string().trim().min(1).max(300)).max(50);

const articleFields = {
  title: z.string().trim().min(1).max(200),
  locale: z.enum(locales),
  slug: Slug,
  categoryId: z.uuid().nullable(),
  bodyMarkdown: z.string().max(100_000),
  exampleQuestions: ExampleQuestions,
  status: z.enum(articleStatuses),
};

export const CreateArticleBody = z.object({
  title: articleFields.title,
  locale: articleFields.locale,
  slug: articleFields.slug.optional().describe("made from the title when left out"),
  categoryId: articleFields.categoryId.default(null),
  bodyMarkdown: articleFields.bodyMarkdown.default(""),
  exampleQuestions: articleFields.exampleQuestions.default([]),
  status: articleFields.status.default("draft"),
});
export type CreateArticleInput = z.infer<typeof CreateArticleBody>;

export const UpdateArticleBody = z.object(articleFields).partial();
export type UpdateArticleInput = z.infer<typeof UpdateArticleBody>;

export const ListArticlesQuery = z.object({
  query: z.string().trim().max(200).optional().describe("full-text search in title, body and example questions"),
  locale: z.enum(locales).optional(),
  status: z.enum(articleStatuses).optional(),
  categoryId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListArticlesInput = z.infer<typeof ListArticlesQuery>;

export const PreviewArticleBody = z.object({ bodyMarkdown: z.string().max(100_000) });

const categoryFields = {
  locale: z.enum(locales),
  name: z.string().trim().min(1).max(100),
  slug: Slug,
  description: z.string().trim().max(500),
  position: z.number().int().min(0).max(10_000),
};
export const CreateCategoryBody = z.object({
  locale: categoryFields.locale,
  name: categoryFields.name,
  slug: categoryFields.slug.optional(),
  description: categoryFields.description.default(""),
  position: categoryFields.position.default(0),
});
export type CreateCategoryInput = z.infer<typeof CreateCategoryBody>;
export const UpdateCategoryBody = z.object(categoryFields).partial();
export type UpdateCategoryInput = z.infer<typeof UpdateCategoryBody>;

export const IdParams = z.object({ id: z.uuid() });
