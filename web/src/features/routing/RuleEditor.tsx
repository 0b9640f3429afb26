import { Button, Group, Modal, MultiSelect, Select, Stack, Switch, TagsInput, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { categories, channelTypes, priorities } from "../../../../common/domain";
import type { RoutingRuleView } from "../../../../common/routing";
import { useTeams } from "../../api/reference-data";
import { errorMessage } from "../../i18n/errors";
import { type RuleInput, useSaveRule } from "./routing.api";

const emptyRule: RuleInput = {
  name: "",
  isEnabled: true,
  conditions: { channelTypes: [], topics: [], categories: [], languages: [], priorities: [], customerTags: [], customerAttributes: [], keywords: [] },
  actions: { teamId: null, level: null, priority: null, tags: [], skills: [] },
};

/** Creates or changes one routing rule: what it looks at, and where it sends the conversation. */
export function RuleEditor({ rule, onClose }: { rule: RoutingRuleView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const save = useSaveRule();
  const [draft, setDraft] = useState<RuleInput>(() => (rule ? { name: rule.name, isEnabled: rule.isEnabled, conditions: rule.conditions, actions: rule.actions } : emptyRule));
  const setCondition = <K extends keyof RuleInput["conditions"]>(key: K, value: RuleInput["conditions"][K]) => setDraft((current) => ({ ...current, conditions: { ...current.conditions, [key]: value } }));
  const setAction = <K extends keyof RuleInput["actions"]>(key: K, value: RuleInput["actions"][K]) => setDraft((current) => ({ ...current, actions: { ...current.actions, [key]: value } }));
  const attributes = draft.conditions.customerAttributes.map(({ key, value }) => `${key}=${value}`);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    save.mutate({ id: rule?.id ?? null, input: draft }, { onSuccess: onClose });
  };

  return (
    <Modal opened onClose={onClose} title={rule ? t("rules.edit") : t("rules.add")} size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label={t("rules.name")} value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })} required maxLength={200} />
          <Switch label={t("rules.enabled")} checked={draft.isEnabled} onChange={(event) => setDraft({ ...draft, isEnabled: event.currentTarget.checked })} />
          <Title order={3} size="h5">
            {t("rules.when")}
          </Title>
          <MultiSelect
            label={t("rules.condition.channelTypes")}
            data={channelTypes.map((type) => ({ value: type, label: t(`channelType.${type}`) }))}
            value={draft.conditions.channelTypes}
            onChange={(value) => setCondition("channelTypes", value as RuleInput["conditions"]["channelTypes"])}
          />
          <TagsInput label={t("rules.condition.topics")} value={draft.conditions.topics} onChange={(value) => setCondition("topics", value)} />
          <MultiSelect
            label={t("rules.condition.categories")}
            data={categories.map((category) => ({ value: category, label: t(`rules.category.${category}`) }))}
            value={draft.conditions.categories}
            onChange={(value) => setCondition("categories", value as RuleInput["conditions"]["categories"])}
          />
          <TagsInput label={t("rules.condition.languages")} description={t("rules.condition.languagesHint")} value={draft.conditions.languages} onChange={(value) => setCondition("languages", value)} />
          <MultiSelect
            label={t("rules.condition.priorities")}
            data={priorities.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }))}
            value={draft.conditions.priorities}
            onChange={(value) => setCondition("priorities", value as RuleInput["conditions"]["priorities"])}
          />
          <TagsInput label={t("rules.condition.customerTags")} value={draft.conditions.customerTags} onChange={(value) => setCondition("customerTags", value)} />
          <TagsInput
            label={t("rules.condition.customerAttributes")}
            description={t("rules.condition.customerAttributesHint")}
            value={attributes}
            onChange={(value) =>
              setCondition(
                "customerAttributes",
                value.filter((entry) => entry.includes("=")).map((entry) => ({ key: entry.slice(0, entry.indexOf("=")).trim(), value: entry.slice(entry.indexOf("=") + 1).trim() })),
              )
            }
          />
          <TagsInput label={t("rules.condition.keywords")} description={t("rules.condition.keywordsHint")} value={draft.conditions.keywords} onChange={(value) => setCondition("keywords", value)} />
          <Title order={3} size="h5">
            {t("rules.then")}
          </Title>
          <Select label={t("rules.action.team")} data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))} value={draft.actions.teamId} onChange={(value) => setAction("teamId", value)} clearable />
          <Select
            label={t("rules.action.level")}
            data={["1", "2", "3"].map((level) => ({ value: level, label: t("rules.levelN", { level }) }))}
            value={draft.actions.level === null ? null : String(draft.actions.level)}
            onChange={(value) => setAction("level", value === null ? null : (Number(value) as 1 | 2 | 3))}
            clearable
          />
          <Select
            label={t("rules.action.priority")}
            data={priorities.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }))}
            value={draft.actions.priority}
            onChange={(value) => setAction("priority", value as RuleInput["actions"]["priority"])}
            clearable
          />
          <TagsInput label={t("rules.action.tags")} value={draft.actions.tags} onChange={(value) => setAction("tags", value)} />
          <TagsInput label={t("rules.action.skills")} description={t("rules.action.skillsHint")} value={draft.actions.skills} onChange={(value) => setAction("skills", value)} />
          {save.error && (
            <div role="alert" style={{ color: "var(--mantine-color-red-8)" }}>
              {errorMessage(t, save.error)}
            </div>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("rules.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
