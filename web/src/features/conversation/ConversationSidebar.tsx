import { Divider, Input, SegmentedControl, Select, Stack, TagsInput, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { levels, priorities, type Level, type Priority } from "../../../../common/domain";
import { limits } from "../../../../common/limits";
import type { ConversationView } from "../../../../common/views";
import { assignableAgents, useAgents, useStatuses, useTeams } from "../../api/reference-data";
import { useFormatters } from "../../i18n/format";
import { useStatusLabel } from "../../ui/StatusBadge";
import { BotStatePanel } from "../bot/BotStatePanel";
import { CustomerPanel } from "../customers/CustomerPanel";
import { SlaPanel } from "../sla/SlaPanel";
import { AssignmentHistory } from "../routing/AssignmentHistory";
import { useUpdateConversation, type ConversationChanges } from "./conversation.api";

/** The conversation's properties (saved as they change) and the customer beside it. */
export function ConversationSidebar({ conversation, isEditable, isInDrawer = false }: { conversation: ConversationView; isEditable: boolean; isInDrawer?: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const statuses = useStatuses();
  const agents = useAgents();
  const teams = useTeams();
  const update = useUpdateConversation(conversation.id);
  const statusLabel = useStatusLabel(statuses.data);
  const save = (changes: ConversationChanges) => update.mutate(changes);
  const comboboxProps = { withinPortal: true } as const;
  const fieldId = (name: string) => `conversation-${conversation.id}-${name}`;

  const assigneeOptions = assignableAgents(agents.data).map((agent) => ({ value: agent.id, label: agent.name }));
  // A former colleague stays visible as the assignee until someone changes it.
  if (conversation.assignee && !assigneeOptions.some((option) => option.value === conversation.assignee!.id)) {
    assigneeOptions.unshift({ value: conversation.assignee.id, label: conversation.assignee.name });
  }

  return (
    <Stack gap="lg" p={isInDrawer ? 0 : "md"}>
      <BotStatePanel conversationId={conversation.id} />
      <section aria-labelledby={fieldId("details")}>
        <Title order={3} size="h6" id={fieldId("details")} mb="xs" tt="uppercase" c="dimmed" hidden={isInDrawer}>
          {t("conversation.details")}
        </Title>
        <Stack gap="sm">
          <Select
            label={t("conversation.fields.status")}
            size="sm"
            allowDeselect={false}
            disabled={!isEditable}
            value={conversation.status}
            data={(statuses.data ?? []).map((status) => ({ value: status.key, label: statusLabel(status.key, status.kind) }))}
            onChange={(value) => value && value !== conversation.status && save({ status: value })}
            comboboxProps={comboboxProps}
          />
          <Select
            label={t("conversation.fields.priority")}
            size="sm"
            allowDeselect={false}
            disabled={!isEditable}
            value={conversation.priority}
            data={priorities.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }))}
            onChange={(value) => value && value !== conversation.priority && save({ priority: value as Priority })}
            comboboxProps={comboboxProps}
          />
          <Select
            label={t("conversation.fields.assignee")}
            size="sm"
            searchable
            clearable
            placeholder={t("conversation.unassigned")}
            disabled={!isEditable}
            value={conversation.assignee?.id ?? null}
            data={assigneeOptions}
            onChange={(value) => value !== (conversation.assignee?.id ?? null) && save({ assigneeId: value })}
            comboboxProps={comboboxProps}
          />
          <Select
            label={t("conversation.fields.team")}
            size="sm"
            clearable
            placeholder={t("conversation.noTeam")}
            disabled={!isEditable}
            value={conversation.teamId}
            data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
            onChange={(value) => value !== conversation.teamId && save({ teamId: value })}
            comboboxProps={comboboxProps}
          />
          <Input.Wrapper label={t("conversation.fields.level")} id={fieldId("level")}>
            <SegmentedControl
              fullWidth
              size="xs"
              disabled={!isEditable}
              aria-labelledby={`${fieldId("level")}-label`}
              value={String(conversation.level)}
              data={levels.map((level) => ({ value: String(level), label: t("conversation.levelValue", { level }) }))}
              onChange={(value) => save({ level: Number(value) as Level })}
            />
          </Input.Wrapper>
          <TagsInput
            label={t("conversation.fields.tags")}
            size="sm"
            disabled={!isEditable}
            value={conversation.tags}
            maxTags={limits.tagsPerConversation}
            placeholder={isEditable ? t("conversation.addTag") : undefined}
            onChange={(tags) => save({ tags: tags.map((tag) => tag.trim().slice(0, limits.tagLength)).filter(Boolean) })}
            clearable
          />
        </Stack>
        <Text size="xs" c="dimmed" mt="sm">
          {t("conversation.createdAt", { date: format.dateTime(conversation.createdAt) })}
        </Text>
      </section>
      <AssignmentHistory conversationId={conversation.id} />
      <Divider />
      <SlaPanel conversation={conversation} isEditable={isEditable} />
      <Divider />
      <CustomerPanel customerId={conversation.customer.id} currentConversationId={conversation.id} />
    </Stack>
  );
}
