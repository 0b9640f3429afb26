import { ActionIcon, Group, NumberInput, Select, Stack, Table, Text, TextInput, Tooltip, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDeviceFloppy, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { channelTypes, priorities, slaAutoEscalations, slaMeasures, type ChannelType, type Priority, type SlaAutoEscalation, type SlaMeasure } from "../../../../common/domain";
import type { SlaPolicyView } from "../../../../common/views";
import { errorMessage } from "../../i18n/errors";
import { type SlaPolicyInput, useBusinessHours, useDeleteSlaPolicy, useSaveSlaPolicy, useSlaPolicies } from "../sla/sla.api";

const ANY = "any";
const newPolicy: SlaPolicyInput = {
  name: "",
  channelType: null,
  priority: null,
  firstResponseSeconds: 3600,
  nextResponseSeconds: 3600,
  resolutionSeconds: 8 * 3600,
  measure: "business_hours",
  businessHoursId: null,
  warningPercent: 75,
  autoEscalation: "off",
};

/** Targets are edited in minutes (chat promises two): seconds on the wire. */
const toMinutes = (seconds: number | null) => (seconds === null ? "" : Math.round((seconds / 60) * 100) / 100);
const toSeconds = (minutes: string | number) => (minutes === "" ? null : Math.max(1, Math.round(Number(minutes) * 60)));

/** The account's SLA policies: one row each, saved row by row; a new row at the end. */
export function SlaPoliciesSettings({ isEditable }: { isEditable: boolean }) {
  const { t } = useTranslation();
  const policies = useSlaPolicies();
  if (policies.isPending) return <Text size="sm">{t("common.loading")}</Text>;
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={980}>
        <Table verticalSpacing={4} striped aria-label={t("settings.sla.title")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("settings.sla.name")}</Table.Th>
              <Table.Th>{t("settings.sla.channelType")}</Table.Th>
              <Table.Th>{t("settings.sla.priority")}</Table.Th>
              <Table.Th>{t("settings.sla.firstResponse")}</Table.Th>
              <Table.Th>{t("settings.sla.nextResponse")}</Table.Th>
              <Table.Th>{t("settings.sla.resolution")}</Table.Th>
              <Table.Th>{t("settings.sla.measure")}</Table.Th>
              <Table.Th>{t("settings.sla.warningPercent")}</Table.Th>
              <Table.Th>{t("settings.sla.autoEscalation")}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t("settings.tokens.actions")}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(policies.data ?? []).map((policy) => (
              <PolicyRow key={`${policy.id}-${policy.updatedAt}`} policy={policy} isEditable={isEditable} />
            ))}
            {isEditable && <PolicyRow key={`new-${policies.data?.length ?? 0}`} policy={null} isEditable />}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        {t("settings.sla.hint")}
      </Text>
    </Stack>
  );
}

function PolicyRow({ policy, isEditable }: { policy: SlaPolicyView | null; isEditable: boolean }) {
  const { t } = useTranslation();
  const save = useSaveSlaPolicy();
  const remove = useDeleteSlaPolicy();
  const businessHours = useBusinessHours();
  const [draft, setDraft] = useState<SlaPolicyInput>(policy ?? newPolicy);
  const change = (patch: Partial<SlaPolicyInput>) => setDraft((current) => ({ ...current, ...patch }));
  const label = policy?.name || t("settings.sla.newPolicy");
  const fail = (error: unknown) => notifications.show({ color: "red", title: t("settings.sla.saveFailed"), message: errorMessage(t, error) });
  const submit = () =>
    save.mutate(
      { id: policy?.id ?? null, input: draft },
      { onSuccess: () => notifications.show({ color: "teal", message: t("settings.sla.saved", { name: draft.name }) }), onError: fail },
    );
  const common = { size: "xs" as const, disabled: !isEditable };
  const measureData = [
    ...slaMeasures.filter((measure) => measure === "calendar").map((measure) => ({ value: measure, label: t(`settings.sla.measures.${measure}`) })),
    { value: "business_hours", label: t("settings.sla.measures.business_hours") },
    ...(businessHours.data ?? []).map((schedule) => ({ value: `schedule:${schedule.id}`, label: schedule.name })),
  ];
  const measureValue = draft.measure === "calendar" ? "calendar" : draft.businessHoursId ? `schedule:${draft.businessHoursId}` : "business_hours";

  return (
    <Table.Tr>
      <Table.Td>
        <TextInput {...common} aria-label={t("settings.sla.name")} value={draft.name} placeholder={t("settings.sla.newPolicy")} onChange={(event) => change({ name: event.currentTarget.value })} />
      </Table.Td>
      <Table.Td>
        <Select
          {...common}
          aria-label={`${t("settings.sla.channelType")} (${label})`}
          value={draft.channelType ?? ANY}
          allowDeselect={false}
          data={[{ value: ANY, label: t("settings.sla.any") }, ...channelTypes.map((type) => ({ value: type, label: t(`channelType.${type}`) }))]}
          onChange={(value) => change({ channelType: value === ANY ? null : (value as ChannelType) })}
        />
      </Table.Td>
      <Table.Td>
        <Select
          {...common}
          aria-label={`${t("settings.sla.priority")} (${label})`}
          value={draft.priority ?? ANY}
          allowDeselect={false}
          data={[{ value: ANY, label: t("settings.sla.any") }, ...priorities.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }))]}
          onChange={(value) => change({ priority: value === ANY ? null : (value as Priority) })}
        />
      </Table.Td>
      {(["firstResponseSeconds", "nextResponseSeconds", "resolutionSeconds"] as const).map((field) => (
        <Table.Td key={field} w={110}>
          <NumberInput
            {...common}
            aria-label={`${t(`settings.sla.${field.replace("Seconds", "")}`)} (${label})`}
            value={toMinutes(draft[field])}
            min={0.1}
            decimalScale={2}
            placeholder={t("settings.sla.noTarget")}
            rightSection={<Text size="xs">{t("settings.sla.minutes")}</Text>}
            rightSectionWidth={36}
            onChange={(value) => change({ [field]: toSeconds(value) })}
          />
        </Table.Td>
      ))}
      <Table.Td>
        <Select
          {...common}
          aria-label={`${t("settings.sla.measure")} (${label})`}
          value={measureValue}
          allowDeselect={false}
          data={measureData}
          onChange={(value) =>
            change(
              value === "calendar"
                ? { measure: "calendar" as SlaMeasure, businessHoursId: null }
                : { measure: "business_hours", businessHoursId: value?.startsWith("schedule:") ? value.slice("schedule:".length) : null },
            )
          }
        />
      </Table.Td>
      <Table.Td w={80}>
        <NumberInput {...common} aria-label={`${t("settings.sla.warningPercent")} (${label})`} value={draft.warningPercent} min={1} max={99} suffix=" %" onChange={(value) => change({ warningPercent: Number(value) || 75 })} />
      </Table.Td>
      <Table.Td>
        <Select
          {...common}
          aria-label={`${t("settings.sla.autoEscalation")} (${label})`}
          value={draft.autoEscalation}
          allowDeselect={false}
          data={slaAutoEscalations.map((mode) => ({ value: mode, label: t(`settings.sla.autoEscalations.${mode}`) }))}
          onChange={(value) => change({ autoEscalation: value as SlaAutoEscalation })}
        />
      </Table.Td>
      <Table.Td>
        {isEditable && (
          <Group gap={4} wrap="nowrap">
            <Tooltip label={policy ? t("settings.sla.save", { name: label }) : t("settings.sla.add")}>
              <ActionIcon variant="light" aria-label={policy ? t("settings.sla.save", { name: label }) : t("settings.sla.add")} loading={save.isPending} disabled={!draft.name.trim()} onClick={submit}>
                {policy ? <IconDeviceFloppy size={16} aria-hidden /> : <IconPlus size={16} aria-hidden />}
              </ActionIcon>
            </Tooltip>
            {policy && (
              <Tooltip label={t("settings.sla.delete", { name: label })}>
                <ActionIcon variant="subtle" color="red" aria-label={t("settings.sla.delete", { name: label })} loading={remove.isPending} onClick={() => remove.mutate(policy.id, { onError: fail })}>
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

