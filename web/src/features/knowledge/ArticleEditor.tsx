import { Anchor, Badge, Button, Group, Loader, Paper, Select, Stack, Tabs, TagsInput, Text, Textarea, TextInput, Title, Typography } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconExternalLink } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../i18n/errors";
import { type ArticleInput, previewMarkdown, useArticle, useCreateCategory, useDeleteArticle, useKnowledgeCategories, useSaveArticle } from "./knowledge.api";

const emptyArticle: ArticleInput = { title: "", locale: "en", categoryId: null, bodyMarkdown: "", exampleQuestions: [], status: "draft" };

/** Writes an article in Markdown, previews it as the help center shows it, and publishes it. */
export function ArticleEditor({ articleId, onSaved, onDeleted }: { articleId: string | null; onSaved: (id: string) => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const article = useArticle(articleId);
  const categories = useKnowledgeCategories();
  const createCategory = useCreateCategory();
  const save = useSaveArticle(articleId);
  const remove = useDeleteArticle();
  const [draft, setDraft] = useState<ArticleInput>(emptyArticle);
  const [preview, setPreview] = useState<string | null>(null);
  const [newCategory, setNewCategory] = useState("");

  useEffect(() => {
    if (!article.data) return;
    const { title, locale, slug, categoryId, bodyMarkdown, exampleQuestions, status } = article.data;
    setDraft({ title, locale, slug, categoryId, bodyMarkdown, exampleQuestions, status });
  }, [article.data]);

  if (articleId && article.isPending) return <Loader m="xl" aria-label={t("common.loading")} />;

  const submit = (status: ArticleInput["status"]) => {
    const input = { ...draft, status, slug: articleId ? draft.slug : undefined };
    save.mutate(input, {
      onSuccess: (saved) => {
        notifications.show({ color: "green", message: status === "published" ? t("knowledge.published") : t("knowledge.saved") });
        onSaved(saved.id);
      },
      onError: (error) => notifications.show({ color: "red", title: t("knowledge.saveFailed"), message: errorMessage(t, error) }),
    });
  };

  const categoryOptions = (categories.data ?? []).filter((category) => category.locale === draft.locale).map((category) => ({ value: category.id, label: category.name }));
  const isPublished = article.data?.status === "published";

  return (
    <Stack p="lg" gap="md" maw={880}>
      <Group justify="space-between">
        <Title order={2} size="h3">
          {articleId ? t("knowledge.editArticle") : t("knowledge.newArticle")}
        </Title>
        {article.data && (
          <Group gap="xs">
            <Badge variant="light" color={isPublished ? "green" : "yellow"}>
              {t(`knowledge.status.${article.data.status}`)}
            </Badge>
            {isPublished && (
              <Anchor href={article.data.publicUrl} target="_blank" rel="noopener" size="sm">
                <Group gap={4} wrap="nowrap">
                  <IconExternalLink size={14} aria-hidden />
                  {t("knowledge.viewInHelpCenter")}
                </Group>
              </Anchor>
            )}
          </Group>
        )}
      </Group>
      <TextInput label={t("knowledge.fields.title")} required value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.currentTarget.value })} />
      <Group grow align="flex-end">
        <Select
          label={t("knowledge.fields.locale")}
          allowDeselect={false}
          value={draft.locale}
          data={[
            { value: "en", label: t("knowledge.locale.en") },
            { value: "de", label: t("knowledge.locale.de") },
          ]}
          onChange={(value) => value && setDraft({ ...draft, locale: value as ArticleInput["locale"], categoryId: null })}
        />
        <Select
          label={t("knowledge.fields.category")}
          clearable
          placeholder={t("knowledge.noCategory")}
          value={draft.categoryId}
          data={categoryOptions}
          onChange={(value) => setDraft({ ...draft, categoryId: value })}
        />
      </Group>
      <Group align="flex-end" gap="xs">
        <TextInput size="xs" label={t("knowledge.newCategory")} value={newCategory} onChange={(event) => setNewCategory(event.currentTarget.value)} />
        <Button
          size="xs"
          variant="default"
          disabled={!newCategory.trim()}
          loading={createCategory.isPending}
          onClick={() =>
            createCategory.mutate(
              { locale: draft.locale, name: newCategory.trim() },
              {
                onSuccess: (category) => {
                  setDraft({ ...draft, categoryId: category.id });
                  setNewCategory("");
                },
                onError: (error) => notifications.show({ color: "red", message: errorMessage(t, error) }),
              },
            )
          }
        >
          {t("knowledge.addCategory")}
        </Button>
      </Group>
      <Tabs defaultValue="write" keepMounted={false} onChange={(tab) => tab === "preview" && void previewMarkdown(draft.bodyMarkdown).then(setPreview)}>
        <Tabs.List>
          <Tabs.Tab value="write">{t("knowledge.write")}</Tabs.Tab>
          <Tabs.Tab value="preview">{t("knowledge.preview")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="write" pt="xs">
          <Textarea
            label={t("knowledge.fields.body")}
            description={t("knowledge.markdownHint")}
            autosize
            minRows={10}
            maxRows={30}
            value={draft.bodyMarkdown}
            onChange={(event) => setDraft({ ...draft, bodyMarkdown: event.currentTarget.value })}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="xs">
          <Paper withBorder p="md" aria-live="polite">
            {preview === null ? (
              <Loader size="sm" aria-label={t("common.loading")} />
            ) : (
              // The server renders and sanitizes the Markdown exactly as the help center does.
              <Typography>
                <div dangerouslySetInnerHTML={{ __html: preview }} />
              </Typography>
            )}
          </Paper>
        </Tabs.Panel>
      </Tabs>
      <TagsInput
        label={t("knowledge.fields.exampleQuestions")}
        description={t("knowledge.exampleQuestionsHint")}
        value={draft.exampleQuestions}
        onChange={(exampleQuestions) => setDraft({ ...draft, exampleQuestions })}
        splitChars={[]}
        clearable
      />
      {article.data && (
        <Text size="sm" c="dimmed">
          {t("knowledge.votes", { helpful: article.data.helpfulCount, notHelpful: article.data.notHelpfulCount })}
        </Text>
      )}
      <Group justify="space-between">
        <Group gap="xs">
          <Button variant="default" loading={save.isPending} disabled={!draft.title.trim()} onClick={() => submit(articleId && isPublished ? "published" : "draft")}>
            {isPublished ? t("knowledge.save") : t("knowledge.saveDraft")}
          </Button>
          {isPublished ? (
            <Button variant="light" color="yellow" loading={save.isPending} onClick={() => submit("draft")}>
              {t("knowledge.unpublish")}
            </Button>
          ) : (
            <Button loading={save.isPending} disabled={!draft.title.trim()} onClick={() => submit("published")}>
              {t("knowledge.publish")}
            </Button>
          )}
        </Group>
        {articleId && (
          <Button
            variant="subtle"
            color="red"
            onClick={() => {
              if (!window.confirm(t("knowledge.confirmDelete"))) return;
              remove.mutate(articleId, { onSuccess: onDeleted, onError: (error) => notifications.show({ color: "red", message: errorMessage(t, error) }) });
            }}
          >
            {t("knowledge.delete")}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
