import { ActionIcon, Menu, Tooltip } from "@mantine/core";
import { IconArrowsSort, IconCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { defaultFilters, inboxSorts, type InboxSort } from "./inbox-filters";

export function SortMenu({ sort, onChange }: { sort: InboxSort; onChange: (sort: InboxSort) => void }) {
  const { t } = useTranslation();
  const label = t("inbox.sort.current", { sort: t(`inbox.sort.${sort}`) });
  const isDefault = sort === defaultFilters.sort;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Tooltip label={label}>
          <ActionIcon variant={isDefault ? "subtle" : "light"} color={isDefault ? "gray" : "indigo"} size="lg" aria-label={label}>
            <IconArrowsSort size={18} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t("inbox.sort.label")}</Menu.Label>
        {inboxSorts.map((candidate) => (
          <Menu.Item
            key={candidate}
            onClick={() => onChange(candidate)}
            rightSection={candidate === sort ? <IconCheck size={14} aria-hidden /> : null}
            aria-current={candidate === sort ? "true" : undefined}
          >
            {t(`inbox.sort.${candidate}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
