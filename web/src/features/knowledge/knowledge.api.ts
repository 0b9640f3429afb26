import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { HelpCenterView, KnowledgeArticleSummaryView, KnowledgeArticleView, KnowledgeCategoryView } from "../../../../common/knowledge-views";
import { api, type Envelope } from "../../api/client";
import { queryKeys } from "../../api/query-keys";

export type ArticleFilters = { query?: string; locale?: string; status?: string };
export type ArticleInput = {
  title: string;
  locale: "en" | "de";
  slug?: string;
  categoryId: string | null;
  bodyMarkdown: string;
  exampleQuestions: string[];
  status: "draft" | "published";
};

export function useHelpCenter() {
  return useQuery({
    queryKey: queryKeys.helpCenter,
    queryFn: async ({ signal }) => (await api.get<Envelope<HelpCenterView>>("/api/help-center", undefined, signal)).data,
    staleTime: Infinity,
  });
}

export function useArticles(filters: ArticleFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.articles(filters),
    queryFn: async ({ signal }) => (await api.get<Envelope<KnowledgeArticleSummaryView[]>>("/api/knowledge/articles", { ...filters, limit: 50 }, signal)).data,
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useArticle(id: string | null) {
  return useQuery({
    queryKey: queryKeys.article(id ?? ""),
    queryFn: async ({ signal }) => (await api.get<Envelope<KnowledgeArticleView>>(`/api/knowledge/articles/${id}`, undefined, signal)).data,
    enabled: Boolean(id),
  });
}

export function useKnowledgeCategories() {
  return useQuery({
    queryKey: queryKeys.knowledgeCategories,
    queryFn: async ({ signal }) => (await api.get<Envelope<KnowledgeCategoryView[]>>("/api/knowledge/categories", undefined, signal)).data,
  });
}

export function useCreateCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { locale: "en" | "de"; name: string }) => (await api.post<Envelope<KnowledgeCategoryView>>("/api/knowledge/categories", input)).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.knowledgeCategories }),
  });
}

export function useSaveArticle(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: ArticleInput) =>
      id
        ? (await api.patch<Envelope<KnowledgeArticleView>>(`/api/knowledge/articles/${id}`, input)).data
        : (await api.post<Envelope<KnowledgeArticleView>>("/api/knowledge/articles", input)).data,
    onSuccess: (article) => {
      queryClient.setQueryData(queryKeys.article(article.id), article);
      void queryClient.invalidateQueries({ queryKey: queryKeys.articleLists });
      void queryClient.invalidateQueries({ queryKey: queryKeys.knowledgeCategories });
    },
  });
}

export function useDeleteArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/knowledge/articles/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.articleLists }),
  });
}

export async function previewMarkdown(bodyMarkdown: string): Promise<string> {
  return (await api.post<Envelope<{ html: string }>>("/api/knowledge/articles/preview", { bodyMarkdown })).data.html;
}
