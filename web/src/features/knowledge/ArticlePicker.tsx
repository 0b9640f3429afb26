import { ActionIcon, Button, Group, Loader, Popover, ScrollArea, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconBook, IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useArticles } from "./knowledge.api";

/** Finds a published article and inserts its link or its text into the reply being written. */
export function ArticlePicker({ onInsert }: { onInsert: (text: string) => void }) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [debounced] = useDebouncedValue(query.trim(), 250);
  const articles = useArticles({ query: debounced || undefined, status: "published" }, { enabled: isOpen });
  const insert = (text: string) => {
    onInsert(text);
    setOpen(false);
  };

  return (
    <Popover opened={isOpen} onChange={setOpen} position="top-start" width={420} withinPortal trapFocus shadow="md">
      <Popover.Target>
        <Tooltip label={t("composer.insertArticle")}>
          <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t("composer.insertArticle")} onClick={() => setOpen((open) => !open)}>
            <IconBook size={18} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <TextInput
            aria-label={t("composer.searchArticles")}
            placeholder={t("composer.searchArticles")}
            leftSection={<IconSearch size={14} aria-hidden />}
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
            data-autofocus
          />
          <ScrollArea.Autosize mah={300}>
            {articles.isPending && <Loader size="sm" aria-label={t("common.loading")} />}
            {articles.data?.length === 0 && (
              <Text size="sm" c="dimmed">
                {t("knowledge.noArticles")}
              </Text>
            )}
            <Stack gap={6} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label={t("knowledge.articles")}>
              {articles.data?.map((article) => (
                <li key={article.id}>
                  <Text size="sm" fw={500}>
                    {article.title} <Text span size="xs" c="dimmed">({article.locale.toUpperCase()})</Text>
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {article.excerpt}
                  </Text>
                  <Group gap={6} mt={4}>
                    <Button size="compact-xs" variant="light" aria-label={t("composer.insertLinkTo", { title: article.title })} onClick={() => insert(`${article.title}: ${article.publicUrl}`)}>
                      {t("composer.insertLink")}
                    </Button>
                    <Button size="compact-xs" variant="default" aria-label={t("composer.insertTextOf", { title: article.title })} onClick={() => insert(article.bodyText)}>
                      {t("composer.insertText")}
                    </Button>
                  </Group>
                </li>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
