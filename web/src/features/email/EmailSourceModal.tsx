import { Alert, Anchor, Center, Code, Group, Loader, Modal, Text } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { fetchEmailSource } from "./email.api";
import classes from "./Email.module.css";

/** The mail exactly as it arrived or was sent; long mails show their beginning, the whole is a download. */
export function EmailSourceModal({ rawUrl, isOpen, onClose }: { rawUrl: string; isOpen: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const source = useQuery({
    queryKey: ["email-source", rawUrl],
    queryFn: ({ signal }) => fetchEmailSource(rawUrl, signal),
    enabled: isOpen,
    staleTime: Infinity,
  });
  return (
    <Modal opened={isOpen} onClose={onClose} title={t("email.source.title")} size="xl">
      <Group justify="flex-end" mb="xs">
        <Anchor href={rawUrl} download size="sm">
          <Group gap={4} wrap="nowrap">
            <IconDownload size={14} aria-hidden />
            {t("email.source.download")}
          </Group>
        </Anchor>
      </Group>
      {source.data ? (
        <>
          {source.data.isTruncated && (
            <Text size="xs" c="dimmed" mb="xs">
              {t("email.source.truncated")}
            </Text>
          )}
          <Code block className={classes.source} aria-label={t("email.source.title")}>
            {source.data.text}
          </Code>
        </>
      ) : source.isError ? (
        <Alert color="red" role="alert">
          {t("email.source.failed")}
        </Alert>
      ) : (
        <Center p="md">
          <Loader size="sm" aria-label={t("common.loading")} />
        </Center>
      )}
    </Modal>
  );
}
