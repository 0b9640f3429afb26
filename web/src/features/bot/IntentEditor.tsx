import { ActionIcon, Button, Fieldset, Group, Select, Stack, TagsInput, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type IntentView, type QualificationQuestion, questionKinds } from "../../../../common/bot-views";
import { categories, levels, priorities } from "../../../../common/domain";
import { useTeams } from "../../api/reference-data";
import { errorMessage } from "../../i18n/errors";
import { useArticles } from "../knowledge/knowledge.api";
import { type IntentInput, useDeleteIntent, useSaveIntent } from "./bot.api";

const emptyOutcome = { topic: null, category: null, priority: null, level: null, teamId: null };

function inputOf(intent: IntentView | null): IntentInput {
  if (!intent) return { name: "", description: "", examples: [], articleId: null, questions: [], outcome: emptyOutcome };
  const { name, description, examples, articleId, questions, outcome } = intent;
  return { name, description, examples, articleId, questions, outcome };
}

const choiceValue = (label: string) => label.toLowerCase().replace(/[^a-z0-9äöüß]+/g, "_").replace(/^_+|_+$/g, "") || "choice";

/** One intent: what customers say, the article that answers it, what the bot asks, and where it routes. */
export function IntentEditor({ intent, onSaved, onDeleted }: { intent: IntentView | null; onSaved: (intent: IntentView) => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<IntentInput>(() => inputOf(intent));
  const save = useSaveIntent(intent?.id ?? null);
  const remove = useDeleteIntent();
  const articles = useArticles({ status: "published" });
  const teams = useTeams();
  const setQuestion = (index: number, changes: Partial<QualificationQuestion>) =>
    setDraft({ ...draft, questions: draft.questions.map((question, position) => (position === index ? { ...question, ...changes } : question)) });
  const optional = (value: string | null) => (value ? value : null);

  return (
    <Stack gap="md">
      <Title order={2} size="h4">
        {intent ? t("bot.intents.edit", { name: intent.name }) : t("bot.intents.new")}
      </Title>
      <TextInput label={t("bot.intents.name")} description={t("bot.intents.nameHint")} required value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })} />
      <TextInput label={t("bot.intents.description")} value={draft.description} onChange={(event) => setDraft({ ...draft, description: event.currentTarget.value })} />
      <TagsInput
        label={t("bot.intents.examples")}
        description={t("bot.intents.examplesHint")}
        value={draft.examples}
        onChange={(examples) => setDraft({ ...draft, examples })}
        splitChars={[]}
        clearable
      />
      <Select
        label={t("bot.intents.article")}
        description={t("bot.intents.articleHint")}
        clearable
        searchable
        placeholder={t("bot.intents.noArticle")}
        value={draft.articleId}
        data={(articles.data ?? []).map((article) => ({ value: article.id, label: `${article.title} (${article.locale.toUpperCase()})` }))}
        onChange={(articleId) => setDraft({ ...draft, articleId })}
      />
      <Fieldset legend={t("bot.intents.questions")}>
        <Stack gap="sm">
          {draft.questions.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("bot.intents.noQuestions")}
            </Text>
          )}
          {draft.questions.map((question, index) => (
            <Stack key={index} gap={6} p="xs" style={{ border: "1px solid var(--mantine-color-gray-3)", borderRadius: 6 }}>
              <Group grow align="flex-end">
                <TextInput label={t("bot.intents.questionKey")} value={question.key} onChange={(event) => setQuestion(index, { key: event.currentTarget.value })} />
                <Select
                  label={t("bot.intents.questionKind")}
                  allowDeselect={false}
                  value={question.kind}
                  data={questionKinds.map((kind) => ({ value: kind, label: t(`bot.questionKind.${kind}`) }))}
                  onChange={(kind) => kind && setQuestion(index, { kind: kind as QualificationQuestion["kind"] })}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  style={{ flexGrow: 0 }}
                  aria-label={t("bot.intents.removeQuestion")}
                  onClick={() => setDraft({ ...draft, questions: draft.questions.filter((_, position) => position !== index) })}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
              <TextInput label={t("bot.intents.promptEn")} value={question.prompt.en} onChange={(event) => setQuestion(index, { prompt: { ...question.prompt, en: event.currentTarget.value } })} />
              <TextInput label={t("bot.intents.promptDe")} value={question.prompt.de} onChange={(event) => setQuestion(index, { prompt: { ...question.prompt, de: event.currentTarget.value } })} />
              {question.kind === "order_number" && (
                <TextInput
                  label={t("bot.intents.pattern")}
                  description={t("bot.intents.patternHint")}
                  value={question.pattern ?? ""}
                  onChange={(event) => setQuestion(index, { pattern: optional(event.currentTarget.value) })}
                />
              )}
              {question.kind === "choice" && (
                <TagsInput
                  label={t("bot.intents.choices")}
                  value={question.choices.map((choice) => choice.label.en)}
                  onChange={(labels) => setQuestion(index, { choices: labels.map((label) => ({ value: choiceValue(label), label: { en: label, de: label } })) })}
                  splitChars={[]}
                />
              )}
            </Stack>
          ))}
          <Group>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() =>
                setDraft({
                  ...draft,
                  questions: [...draft.questions, { key: `question_${draft.questions.length + 1}`, kind: "text", prompt: { en: "", de: "" }, pattern: null, choices: [] }],
                })
              }
            >
              {t("bot.intents.addQuestion")}
            </Button>
          </Group>
        </Stack>
      </Fieldset>
      <Fieldset legend={t("bot.intents.outcome")}>
        <Text size="xs" c="dimmed" mb="xs">
          {t("bot.intents.outcomeHint")}
        </Text>
        <Group grow>
          <TextInput
            label={t("bot.intents.topic")}
            value={draft.outcome.topic ?? ""}
            onChange={(event) => setDraft({ ...draft, outcome: { ...draft.outcome, topic: optional(event.currentTarget.value) } })}
          />
          <Select
            label={t("bot.intents.category")}
            clearable
            value={draft.outcome.category}
            data={categories.map((category) => ({ value: category, label: t(`bot.category.${category}`) }))}
            onChange={(category) => setDraft({ ...draft, outcome: { ...draft.outcome, category: category as IntentInput["outcome"]["category"] } })}
          />
        </Group>
        <Group grow mt="xs">
          <Select
            label={t("conversation.fields.priority")}
            clearable
            value={draft.outcome.priority}
            data={priorities.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }))}
            onChange={(priority) => setDraft({ ...draft, outcome: { ...draft.outcome, priority: priority as IntentInput["outcome"]["priority"] } })}
          />
          <Select
            label={t("conversation.fields.level")}
            clearable
            value={draft.outcome.level ? String(draft.outcome.level) : null}
            data={levels.map((level) => ({ value: String(level), label: t("bot.intents.levelValue", { level }) }))}
            onChange={(level) => setDraft({ ...draft, outcome: { ...draft.outcome, level: level ? (Number(level) as 1 | 2 | 3) : null } })}
          />
          <Select
            label={t("conversation.fields.team")}
            clearable
            value={draft.outcome.teamId}
            data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
            onChange={(teamId) => setDraft({ ...draft, outcome: { ...draft.outcome, teamId } })}
          />
        </Group>
      </Fieldset>
      <Group justify="space-between">
        <Button
          loading={save.isPending}
          disabled={!draft.name.trim()}
          onClick={() =>
            save.mutate(draft, {
              onSuccess: (saved) => {
                notifications.show({ color: "green", message: t("bot.intents.saved") });
                onSaved(saved);
              },
              onError: (error) => notifications.show({ color: "red", title: t("bot.intents.saveFailed"), message: errorMessage(t, error) }),
            })
          }
        >
          {t("bot.intents.save")}
        </Button>
        {intent && (
          <Button
            variant="subtle"
            color="red"
            onClick={() => {
              if (!window.confirm(t("bot.intents.confirmDelete", { name: intent.name }))) return;
              remove.mutate(intent.id, { onSuccess: onDeleted });
            }}
          >
            {t("bot.intents.delete")}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
