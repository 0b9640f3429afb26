import { Badge, Tooltip } from "@mantine/core";
import { IconAlarm, IconAlertTriangle, IconClockPause } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { SlaState } from "../../../../common/domain";
import type { ConversationSlaView } from "../../../../common/views";
import { useFormatters, useNow } from "../../i18n/format";
import { useDueText } from "./due-text";

export const slaStateColors: Record<SlaState, string> = { ok: "gray", warning: "orange", breached: "red" };

/** The inbox row's SLA badge: the next due time, orange past the warning threshold, red once breached, grey while paused. */
export function SlaBadge({ sla }: { sla: ConversationSlaView | null | undefined }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const now = useNow();
  const dueText = useDueText();
  if (!sla) return null;
  if (sla.isPaused) {
    return (
      <Badge size="sm" variant="light" color="gray" leftSection={<IconClockPause size={11} aria-hidden />} data-sla-state="paused">
        {t("sla.paused")}
      </Badge>
    );
  }
  if (!sla.nextDueAt) return null;
  const text = sla.state === "breached" ? t("sla.breached") : dueText(sla.nextDueAt, now);
  const label = t("sla.dueAt", { date: format.dateTime(sla.nextDueAt) });
  return (
    <Tooltip label={label} withArrow>
      <Badge
        size="sm"
        variant={sla.state === "ok" ? "light" : "filled"}
        color={slaStateColors[sla.state]}
        leftSection={sla.state === "ok" ? <IconAlarm size={11} aria-hidden /> : <IconAlertTriangle size={11} aria-hidden />}
        aria-label={`${t(`sla.state.${sla.state}`)}: ${label}`}
        data-sla-state={sla.state}
      >
        {text}
      </Badge>
    </Tooltip>
  );
}
