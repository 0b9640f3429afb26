import { Button, Group, Select, SimpleGrid, TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { priorities, statusKinds, type Priority } from "../../../../common/domain";
import { assignableAgents, useAgents, useChannels, useTeams } from "../../api/reference-data";
import { defaultFilters, type InboxFilters, type StatusFilter } from "./inbox-filters";

type Props = { filters: InboxFilters; onChange: (change: Partial<InboxFilters>) => void };

/** Status, assignee, team, channel, priority and tag; each narrows the list at once. */
export function InboxFiltersPanel({ filters, onChange }: Props) {
  const { t } = useTranslation();
  const agents = useAgents();
  const teams = useTeams();
  const channels = useChannels();
  const [tag, setTag] = useState(filters.tag ?? "");
  useEffect(() => setTag(filters.tag ?? ""), [filters.tag]);
  const commitTag = () => {
    const value = tag.trim() || null;
    if (value !== filters.tag) onChange({ tag: value });
  };
  const comboboxProps = { withinPortal: true } as const;

  return (
    <div role="group" aria-label={t("inbox.filters.label")}>
      <SimpleGrid cols={2} spacing="xs" verticalSpacing={6} mt="xs">
        <Select
          size="xs"
          label={t("inbox.filters.status")}
          allowDeselect={false}
          value={filters.status}
          data={[
            { value: "active", label: t("inbox.filters.statusActive") },
            { value: "all", label: t("inbox.filters.statusAll") },
            ...statusKinds.map((kind) => ({ value: kind, label: t(`statusKind.${kind}`) })),
          ]}
          onChange={(value) => value && onChange({ status: value as StatusFilter })}
          comboboxProps={comboboxProps}
        />
        <Select
          size="xs"
          label={t("inbox.filters.assignee")}
          placeholder={t("inbox.filters.anyone")}
          clearable
          searchable
          value={filters.assignee}
          data={[
            { value: "me", label: t("inbox.filters.me") },
            { value: "unassigned", label: t("conversation.unassigned") },
            ...assignableAgents(agents.data).map((agent) => ({ value: agent.id, label: agent.name })),
          ]}
          onChange={(value) => onChange({ assignee: value })}
          comboboxProps={comboboxProps}
        />
        <Select
          size="xs"
          label={t("inbox.filters.team")}
          placeholder={t("inbox.filters.anyTeam")}
          clearable
          value={filters.teamId}
          data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
          onChange={(value) => onChange({ teamId: value })}
          comboboxProps={comboboxProps}
        />
        <Select
          size="xs"
          label={t("inbox.filters.channel")}
          placeholder={t("inbox.filters.anyChannel")}
          clearable
          value={filters.channelId}
          data={(channels.data ?? []).map((channel) => ({ value: channel.id, label: `${channel.name} (${t(`channelType.${channel.type}`)})` }))}
          onChange={(value) => onChange({ channelId: value })}
          comboboxProps={comboboxProps}
        />
        <Select
          size="xs"
          label={t("inbox.filters.priority")}
          placeholder={t("inbox.filters.anyPriority")}
          clearable
          value={filters.priority}
          data={[...priorities].reverse().map((priority) => ({ value: priority, label: t(`priority.${priority}`) }))}
          onChange={(value) => onChange({ priority: value as Priority | null })}
          comboboxProps={comboboxProps}
        />
        <TextInput
          size="xs"
          label={t("inbox.filters.tag")}
          placeholder={t("inbox.filters.anyTag")}
          value={tag}
          onChange={(event) => setTag(event.currentTarget.value)}
          onBlur={commitTag}
          onKeyDown={(event) => {
            if (event.key === "Enter") commitTag();
          }}
        />
      </SimpleGrid>
      <Group justify="flex-end" mt={6}>
        <Button
          size="compact-xs"
          variant="subtle"
          color="gray"
          onClick={() => onChange({ ...defaultFilters, status: filters.status, assignee: filters.assignee, query: filters.query, sort: filters.sort })}
        >
          {t("inbox.filters.clear")}
        </Button>
      </Group>
    </div>
  );
}
