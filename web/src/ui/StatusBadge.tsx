import { Badge, VisuallyHidden } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Priority, StatusKind } from "../../../common/domain";
import type { StatusView } from "../../../common/views";

const statusColors: Record<StatusKind, string> = {
  new: "violet",
  open: "blue",
  pending: "yellow",
  on_hold: "gray",
  solved: "green",
  closed: "gray",
};

// Badges use the darkest shade for text so that they stay readable (WCAG AA) on their tint.
function badgeStyles(color: string) {
  return { root: { color: `var(--mantine-color-${color}-9)`, backgroundColor: `var(--mantine-color-${color}-1)` } };
}

/** A conversation's status: the account's own name, coloured by its built-in kind. */
export function StatusBadge({ status, kind, statuses }: { status: string; kind: StatusKind; statuses?: StatusView[] }) {
  const label = useStatusLabel(statuses)(status, kind);
  return (
    <Badge variant="light" size="sm" radius="sm" styles={badgeStyles(statusColors[kind])} style={{ textTransform: "none" }}>
      {label}
    </Badge>
  );
}

const priorityColors: Record<Priority, string> = { low: "gray", normal: "gray", high: "orange", urgent: "red" };

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" size="sm" radius="sm" styles={badgeStyles(priorityColors[priority])} style={{ textTransform: "none" }}>
      <VisuallyHidden>{t("priority.prefix")} </VisuallyHidden>
      {t(`priority.${priority}`)}
    </Badge>
  );
}

/** The label for a status key: custom names as the account spells them, built-in ones translated. */
export function useStatusLabel(statuses: StatusView[] | undefined) {
  const { t } = useTranslation();
  return (key: string, kind?: StatusKind) => {
    const status = statuses?.find((candidate) => candidate.key === key);
    if (status && !status.isBuiltIn) return status.name;
    const statusKind = status?.kind ?? kind;
    return statusKind ? t(`statusKind.${statusKind}`) : key;
  };
}
