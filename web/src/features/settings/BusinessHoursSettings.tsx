import { ActionIcon, Badge, Button, Checkbox, Group, Paper, Select, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BusinessHoursView, OpeningIntervalView } from "../../../../common/views";
import { errorMessage } from "../../i18n/errors";
import { type BusinessHoursInput, useBusinessHours, useDeleteBusinessHours, useHolidayCalendars, useSaveBusinessHours } from "../sla/sla.api";

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

const blank: BusinessHoursInput = {
  name: "",
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
  weeklyHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "09:00", closes: "17:00" })),
  holidayCalendar: null,
  customHolidays: [],
  isDefault: false,
};

/** The account's business hours: weekly opening times in a time zone, a public-holiday calendar and own closed days. */
export function BusinessHoursSettings({ isEditable }: { isEditable: boolean }) {
  const { t } = useTranslation();
  const schedules = useBusinessHours();
  const [isAdding, setAdding] = useState(false);
  if (schedules.isPending) return <Text size="sm">{t("common.loading")}</Text>;
  return (
    <Stack gap="md">
      {(schedules.data ?? []).map((schedule) => (
        <ScheduleForm key={`${schedule.id}-${schedule.updatedAt}`} schedule={schedule} isEditable={isEditable} />
      ))}
      {isEditable &&
        (isAdding ? (
          <ScheduleForm schedule={null} isEditable onDone={() => setAdding(false)} />
        ) : (
          <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)} w="fit-content">
            {t("settings.businessHours.add")}
          </Button>
        ))}
    </Stack>
  );
}

function ScheduleForm({ schedule, isEditable, onDone }: { schedule: BusinessHoursView | null; isEditable: boolean; onDone?: () => void }) {
  const { t, i18n } = useTranslation();
  const save = useSaveBusinessHours();
  const remove = useDeleteBusinessHours();
  const calendars = useHolidayCalendars(i18n.language.startsWith("de") ? "de" : "en");
  const [draft, setDraft] = useState<BusinessHoursInput>(schedule ?? blank);
  const change = (patch: Partial<BusinessHoursInput>) => setDraft((current) => ({ ...current, ...patch }));
  const timeZones = useMemo(() => (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [draft.timeZone]), [draft.timeZone]);
  const country = calendars.data?.find((candidate) => candidate.country === draft.holidayCalendar?.country);
  const title = schedule?.name ?? t("settings.businessHours.new");
  const fieldId = (name: string) => `business-hours-${schedule?.id ?? "new"}-${name}`;
  const intervalOf = (weekday: number): OpeningIntervalView | undefined => draft.weeklyHours.find((interval) => interval.weekday === weekday);
  const setDay = (weekday: number, interval: Omit<OpeningIntervalView, "weekday"> | null) =>
    change({ weeklyHours: [...draft.weeklyHours.filter((item) => item.weekday !== weekday), ...(interval ? [{ weekday, ...interval }] : [])].sort((a, b) => a.weekday - b.weekday) });
  const hasInvalidTime = draft.weeklyHours.some((interval) => !TIME.test(interval.opens) || !TIME.test(interval.closes) || interval.opens >= interval.closes);
  const fail = (error: unknown) => notifications.show({ color: "red", title: t("settings.businessHours.saveFailed"), message: errorMessage(t, error) });
  const submit = () =>
    save.mutate(
      { id: schedule?.id ?? null, input: schedule?.isDefault ? { ...draft, isDefault: true } : draft },
      {
        onSuccess: () => {
          notifications.show({ color: "teal", message: t("settings.businessHours.saved", { name: draft.name }) });
          onDone?.();
        },
        onError: fail,
      },
    );
  const weekdayName = (weekday: number) => new Intl.DateTimeFormat(i18n.language, { weekday: "long" }).format(new Date(Date.UTC(2024, 0, weekday)));

  return (
    <Paper withBorder p="md" radius="md" component="form" aria-labelledby={fieldId("title")} onSubmit={(event) => (event.preventDefault(), submit())}>
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Title order={3} size="h5" id={fieldId("title")}>
            {title}
          </Title>
          {schedule?.isDefault && <Badge variant="light">{t("settings.businessHours.default")}</Badge>}
          {schedule && <Badge color={schedule.isOpenNow ? "teal" : "gray"} variant="dot">{schedule.isOpenNow ? t("settings.businessHours.openNow") : t("settings.businessHours.closedNow")}</Badge>}
        </Group>
        {isEditable && schedule && !schedule.isDefault && (
          <ActionIcon variant="subtle" color="red" aria-label={t("settings.businessHours.delete", { name: schedule.name })} onClick={() => remove.mutate(schedule.id, { onError: fail })}>
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        )}
      </Group>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput label={t("settings.businessHours.name")} value={draft.name} disabled={!isEditable} required onChange={(event) => change({ name: event.currentTarget.value })} />
          <Select label={t("settings.businessHours.timeZone")} value={draft.timeZone} data={timeZones} searchable allowDeselect={false} disabled={!isEditable} onChange={(value) => value && change({ timeZone: value })} />
        </Group>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>
            <Text size="sm" fw={500}>
              {t("settings.businessHours.weeklyHours")}
            </Text>
          </legend>
          <Stack gap={4}>
            {weekdays.map((weekday) => {
              const interval = intervalOf(weekday);
              return (
                <Group key={weekday} gap="xs" wrap="nowrap">
                  <Checkbox
                    w={150}
                    label={weekdayName(weekday)}
                    checked={interval !== undefined}
                    disabled={!isEditable}
                    onChange={(event) => setDay(weekday, event.currentTarget.checked ? { opens: "09:00", closes: "17:00" } : null)}
                  />
                  {interval && (
                    <>
                      <TextInput size="xs" w={80} aria-label={t("settings.businessHours.opens", { day: weekdayName(weekday) })} value={interval.opens} disabled={!isEditable} error={!TIME.test(interval.opens)} onChange={(event) => setDay(weekday, { opens: event.currentTarget.value, closes: interval.closes })} />
                      <Text size="xs">–</Text>
                      <TextInput size="xs" w={80} aria-label={t("settings.businessHours.closes", { day: weekdayName(weekday) })} value={interval.closes} disabled={!isEditable} error={!TIME.test(interval.closes)} onChange={(event) => setDay(weekday, { opens: interval.opens, closes: event.currentTarget.value })} />
                    </>
                  )}
                </Group>
              );
            })}
          </Stack>
        </fieldset>
        <Group grow align="flex-start">
          <Select
            label={t("settings.businessHours.holidayCountry")}
            placeholder={t("settings.businessHours.noHolidays")}
            searchable
            clearable
            disabled={!isEditable}
            value={draft.holidayCalendar?.country ?? null}
            data={(calendars.data ?? []).map((candidate) => ({ value: candidate.country, label: candidate.name }))}
            onChange={(value) => change({ holidayCalendar: value ? { country: value, state: null } : null })}
          />
          <Select
            label={t("settings.businessHours.holidayState")}
            placeholder={t("settings.businessHours.wholeCountry")}
            searchable
            clearable
            disabled={!isEditable || !country || country.states.length === 0}
            value={draft.holidayCalendar?.state ?? null}
            data={(country?.states ?? []).map((state) => ({ value: state.state, label: state.name }))}
            onChange={(value) => draft.holidayCalendar && change({ holidayCalendar: { country: draft.holidayCalendar.country, state: value } })}
          />
        </Group>
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t("settings.businessHours.customHolidays")}
          </Text>
          <Stack gap={4}>
            {draft.customHolidays.map((holiday, index) => (
              <Group key={index} gap="xs" wrap="nowrap">
                <TextInput size="xs" type="date" aria-label={t("settings.businessHours.holidayDate")} value={holiday.date} disabled={!isEditable} onChange={(event) => change({ customHolidays: draft.customHolidays.map((item, position) => (position === index ? { ...item, date: event.currentTarget.value } : item)) })} />
                <TextInput size="xs" aria-label={t("settings.businessHours.holidayName")} placeholder={t("settings.businessHours.holidayName")} value={holiday.name} disabled={!isEditable} onChange={(event) => change({ customHolidays: draft.customHolidays.map((item, position) => (position === index ? { ...item, name: event.currentTarget.value } : item)) })} />
                {isEditable && (
                  <ActionIcon variant="subtle" color="red" aria-label={t("settings.businessHours.removeHoliday", { date: holiday.date })} onClick={() => change({ customHolidays: draft.customHolidays.filter((_, position) => position !== index) })}>
                    <IconTrash size={14} aria-hidden />
                  </ActionIcon>
                )}
              </Group>
            ))}
            {isEditable && (
              <Button size="compact-xs" variant="subtle" w="fit-content" leftSection={<IconPlus size={12} aria-hidden />} onClick={() => change({ customHolidays: [...draft.customHolidays, { date: new Date().toISOString().slice(0, 10), name: "" }] })}>
                {t("settings.businessHours.addHoliday")}
              </Button>
            )}
          </Stack>
        </div>
        {isEditable && (
          <Group justify="space-between">
            {!schedule?.isDefault ? <Switch label={t("settings.businessHours.makeDefault")} checked={draft.isDefault} onChange={(event) => change({ isDefault: event.currentTarget.checked })} /> : <span />}
            <Group gap="xs">
              {onDone && (
                <Button variant="default" onClick={onDone}>
                  {t("common.cancel")}
                </Button>
              )}
              <Button type="submit" loading={save.isPending} disabled={!draft.name.trim() || hasInvalidTime}>
                {t("settings.businessHours.save")}
              </Button>
            </Group>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
