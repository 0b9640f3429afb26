import { Anchor, Badge, Button, Group, Loader, NavLink, ScrollArea, SegmentedControl, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconExternalLink, IconPlus, IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useDocumentTitle } from "../../ui/use-document-title";
import { ArticleEditor } from "./ArticleEditor";
import { useArticles, useHelpCenter } from "./knowledge.api";

/** The knowledge base: articles on the left (search, language, status), the editor on the right. */
export function KnowledgePage() {
  const { t } = useTranslation();
  const { articleId } = useParams();
  const navigate = useNavigate();
  const [query, setQuery] = useState("");
  const [locale, setLocale] = useState("all");
  const [status, setStatus] = useState("all");
  const [debouncedQuery] = useDebouncedValue(query.trim(), 250);
  const articles = useArticles({ query: debouncedQuery || undefined, locale: locale === "all" ? undefined : locale, status: status === "all" ? undefined : status });
  const helpCenter = useHelpCenter();
  useDocumentTitle(t("knowledge.title"));
  const selectedId = articleId && articleId !== "new" ? articleId : null;

  return (
    <div style={{ display: "flex", height: "calc(100dvh - var(--app-shell-header-offset, 0px))" }}>
      <section aria-labelledby="knowledge-title" style={{ width: 340, borderRight: "1px solid var(--mantine-color-gray-3)", display: "flex", flexDirection: "column" }}>
        <Stack gap="xs" p="md">
          <Group justify="space-between">
            <Title order={1} size="h4" id="knowledge-title">
              {t("knowledge.title")}
            </Title>
            <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => navigate("/knowledge/new")}>
              {t("knowledge.newArticle")}
            </Button>
          </Group>
          {helpCenter.data && (
            <Anchor href={helpCenter.data.url} target="_blank" rel="noopener" size="sm">
              <Group gap={4} wrap="nowrap">
                <IconExternalLink size={14} aria-hidden />
                {t("knowledge.openHelpCenter")}
              </Group>
            </Anchor>
          )}
          <TextInput
            aria-label={t("knowledge.search")}
            placeholder={t("knowledge.search")}
            leftSection={<IconSearch size={14} aria-hidden />}
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
          />
          <SegmentedControl
            size="xs"
            aria-label={t("knowledge.fields.locale")}
            value={locale}
            onChange={setLocale}
            data={[
              { value: "all", label: t("knowledge.all") },
              { value: "en", label: "EN" },
              { value: "de", label: "DE" },
            ]}
          />
          <SegmentedControl
            size="xs"
            aria-label={t("knowledge.fields.status")}
            value={status}
            onChange={setStatus}
            data={[
              { value: "all", label: t("knowledge.all") },
              { value: "published", label: t("knowledge.status.published") },
              { value: "draft", label: t("knowledge.status.draft") },
            ]}
          />
        </Stack>
        <ScrollArea style={{ flex: 1 }}>
          <nav aria-label={t("knowledge.articles")}>
            {articles.isPending && <Loader size="sm" m="md" aria-label={t("common.loading")} />}
            {articles.data?.length === 0 && (
              <Text size="sm" c="dimmed" px="md">
                {t("knowledge.noArticles")}
              </Text>
            )}
            {articles.data?.map((article) => (
              <NavLink
                key={article.id}
                component={Link}
                to={`/knowledge/${article.id}`}
                active={article.id === selectedId}
                aria-current={article.id === selectedId ? "page" : undefined}
                label={article.title}
                description={article.excerpt}
                rightSection={
                  <Group gap={4} wrap="nowrap">
                    <Badge size="xs" variant="light" color="gray">
                      {article.locale.toUpperCase()}
                    </Badge>
                    <Badge size="xs" variant="light" color={article.status === "published" ? "green" : "yellow"}>
                      {t(`knowledge.status.${article.status}`)}
                    </Badge>
                  </Group>
                }
              />
            ))}
          </nav>
        </ScrollArea>
      </section>
      <div style={{ flex: 1, overflowY: "auto" }}>
        {articleId ? (
          <ArticleEditor key={articleId} articleId={selectedId} onSaved={(id) => navigate(`/knowledge/${id}`, { replace: true })} onDeleted={() => navigate("/knowledge")} />
        ) : (
          <Text c="dimmed" p="xl">
            {t("knowledge.pickArticle")}
          </Text>
        )}
      </div>
    </div>
  );
}
