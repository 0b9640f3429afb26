import { Group, Kbd, Modal, Table, Text } from "@mantine/core";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";

const shortcuts: Array<{ keys: string[][]; action: string }> = [
  { keys: [["j"], ["↓"]], action: "next" },
  { keys: [["k"], ["↑"]], action: "previous" },
  { keys: [["Enter"]], action: "open" },
  { keys: [["/"]], action: "search" },
  { keys: [["r"]], action: "reply" },
  { keys: [["n"]], action: "note" },
  { keys: [["Ctrl", "Enter"]], action: "send" },
  { keys: [["Ctrl", "Shift", "Enter"]], action: "sendAndSolve" },
  { keys: [["s"]], action: "solve" },
  { keys: [["a"]], action: "assignToMe" },
  { keys: [["Esc"]], action: "back" },
  { keys: [["?"]], action: "help" },
];

export function ShortcutsHelp({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={isOpen} onClose={onClose} title={t("shortcuts.title")} size="md">
      <Table verticalSpacing={6} aria-label={t("shortcuts.title")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("shortcuts.key")}</Table.Th>
            <Table.Th scope="col">{t("shortcuts.action")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shortcuts.map(({ keys, action }) => (
            <Table.Tr key={action}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {keys.map((combination, index) => (
                    <Fragment key={combination.join("+")}>
                      {index > 0 && (
                        <Text span size="xs" c="dimmed">
                          {t("shortcuts.or")}
                        </Text>
                      )}
                      {combination.map((key, position) => (
                        <Fragment key={key}>
                          {position > 0 && "+"}
                          <Kbd>{key}</Kbd>
                        </Fragment>
                      ))}
                    </Fragment>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{t(`shortcuts.actions.${action}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
