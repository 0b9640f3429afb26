import { ActionIcon, Badge, Button, Container, Group, NumberInput, Paper, Select, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconPencil, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { assignmentStrategies, type AssignmentStrategy, type RoutingRuleView } from "../../../../common/routing";
import type { TeamView } from "../../../../common/views";
import { useTeams } from "../../api/reference-data";
import { useDocumentTitle } from "../../ui/use-document-title";
import { RuleEditor } from "./RuleEditor";
import { useDeleteRule, useReorderRules, useRoutingRules, useSaveRule, useSaveTeamAssignment, useTeamAssignment } from "./routing.api";

/** Routing rules (an ordered list: the first match wins) and how each team assigns its work. */
export function RoutingSettingsPage() {
  const { t } = useTranslation();
  const rules = useRoutingRules();
  const teams = useTeams();
  const reorder = useReorderRules();
  const remove = useDeleteRule();
  const save = useSaveRule();
  const [editing, setEditing] = useState<RoutingRuleView | "new" | null>(null);
  useDocumentTitle(t("rules.title"));
  const teamName = (teamId: string | null) => teams.data?.find((team) => team.id === teamId)?.name ?? null;

  const move = (index: number, by: -1 | 1) => {
    const ids = (rules.data ?? []).map((rule) => rule.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    reorder.mutate(ids);
  };

  return (
    <div style={{ height: "calc(100dvh - var(--app-shell-header-offset, 0px))", overflowY: "auto" }}>
      <Container size="lg" py="lg">
        <Title order={1} size="h2" mb="lg">
          {t("rules.pageTitle")}
        </Title>
        <Stack gap="lg">
          <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="routing-rules">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4" id="routing-rules">
                {t("rules.title")}
              </Title>
              <Button onClick={() => setEditing("new")}>{t("rules.add")}</Button>
            </Group>
            <Text size="sm" c="dimmed" mb="md">
              {t("rules.hint")}
            </Text>
            {rules.data?.length === 0 && <Text c="dimmed">{t("rules.none")}</Text>}
            <Stack gap="xs" component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label={t("rules.title")}>
              {rules.data?.map((rule, index) => (
                <Paper component="li" key={rule.id} withBorder p="sm" radius="sm" aria-label={rule.name}>
                  <Group justify="space-between" wrap="nowrap">
                    <div>
                      <Group gap="xs">
                        <Text fw={600}>
                          {index + 1}. {rule.name}
                        </Text>
                        {!rule.isEnabled && (
                          <Badge color="gray" variant="light" style={{ textTransform: "none" }}>
                            {t("rules.off")}
                          </Badge>
                        )}
                      </Group>
                      <Text size="sm" c="dimmed">
                        {conditionSummary(t, rule)} → {actionSummary(t, rule, teamName(rule.actions.teamId))}
                      </Text>
                    </div>
                    <Group gap={4} wrap="nowrap">
                      <Switch
                        aria-label={t("rules.enabledNamed", { name: rule.name })}
                        checked={rule.isEnabled}
                        onChange={(event) => save.mutate({ id: rule.id, input: { name: rule.name, conditions: rule.conditions, actions: rule.actions, isEnabled: event.currentTarget.checked } })}
                      />
                      <ActionIcon variant="subtle" aria-label={t("rules.moveUp", { name: rule.name })} disabled={index === 0} onClick={() => move(index, -1)}>
                        <IconArrowUp size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon variant="subtle" aria-label={t("rules.moveDown", { name: rule.name })} disabled={index === (rules.data?.length ?? 0) - 1} onClick={() => move(index, 1)}>
                        <IconArrowDown size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon variant="subtle" aria-label={t("rules.editNamed", { name: rule.name })} onClick={() => setEditing(rule)}>
                        <IconPencil size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="red" aria-label={t("rules.deleteNamed", { name: rule.name })} onClick={() => remove.mutate(rule.id)}>
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  </Group>
                </Paper>
              ))}
            </Stack>
          </Paper>
          <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="team-assignment">
            <Title order={2} size="h4" id="team-assignment" mb="sm">
              {t("assignment.title")}
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              {t("assignment.hint")}
            </Text>
            <Table aria-labelledby="team-assignment">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("assignment.team")}</Table.Th>
                  <Table.Th>{t("assignment.strategy")}</Table.Th>
                  <Table.Th>{t("assignment.offerTimeout")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {teams.data?.map((team) => (
                  <TeamAssignmentRow key={team.id} team={team} />
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </Stack>
      </Container>
      {editing && <RuleEditor rule={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function TeamAssignmentRow({ team }: { team: TeamView }) {
  const { t } = useTranslation();
  const settings = useTeamAssignment(team.id);
  const save = useSaveTeamAssignment();
  const [draft, setDraft] = useState<{ strategy: AssignmentStrategy; offerTimeoutSeconds: number } | null>(null);
  const current = draft ?? settings.data ?? null;
  if (!current) return null;
  return (
    <Table.Tr>
      <Table.Td>{team.name}</Table.Td>
      <Table.Td>
        <Select
          aria-label={t("assignment.strategyOf", { team: team.name })}
          data={assignmentStrategies.map((strategy) => ({ value: strategy, label: t(`routing.strategy.${strategy}`) }))}
          value={current.strategy}
          onChange={(value) => value && setDraft({ ...current, strategy: value as AssignmentStrategy })}
          allowDeselect={false}
        />
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={t("assignment.offerTimeoutOf", { team: team.name })}
          min={5}
          max={600}
          value={current.offerTimeoutSeconds}
          onChange={(value) => setDraft({ ...current, offerTimeoutSeconds: Number(value) || 30 })}
          suffix=" s"
          w={110}
        />
      </Table.Td>
      <Table.Td>
        <Button size="xs" disabled={!draft} loading={save.isPending} onClick={() => draft && save.mutate({ teamId: team.id, ...draft }, { onSuccess: () => setDraft(null) })}>
          {t("assignment.save")}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

type Translate = ReturnType<typeof useTranslation>["t"];

function conditionSummary(t: Translate, rule: RoutingRuleView): string {
  const { conditions } = rule;
  const parts = [
    ...conditions.channelTypes.map((type) => t(`channelType.${type}`)),
    ...conditions.topics,
    ...conditions.categories.map((category) => t(`rules.category.${category}`)),
    ...conditions.languages.map((language) => language.toUpperCase()),
    ...conditions.priorities.map((priority) => t(`priority.${priority}`)),
    ...conditions.customerTags.map((tag) => `#${tag}`),
    ...conditions.customerAttributes.map(({ key, value }) => `${key}=${value}`),
    ...conditions.keywords.map((keyword) => `“${keyword}”`),
  ];
  return parts.length > 0 ? parts.join(", ") : t("rules.everything");
}

function actionSummary(t: Translate, rule: RoutingRuleView, teamName: string | null): string {
  const { actions } = rule;
  const parts = [
    teamName,
    actions.level ? t("rules.levelN", { level: actions.level }) : null,
    actions.priority ? t(`priority.${actions.priority}`) : null,
    ...actions.tags.map((tag) => `#${tag}`),
    ...actions.skills.map((skill) => t("rules.skill", { skill })),
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(", ") : t("rules.nothing");
}
