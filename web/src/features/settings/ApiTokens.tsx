import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Table, Text, TextInput, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle, IconCheck, IconCopy, IconKey } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ApiTokenView } from "../../../../common/views";
import { errorMessage } from "../../i18n/errors";
import { useFormatters } from "../../i18n/format";
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from "./settings.api";

/** Personal API tokens: the secret is shown once, right after creating it. */
export function ApiTokens() {
  const { t } = useTranslation();
  const format = useFormatters();
  const tokens = useApiTokens();
  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ id: string; token: string } | null>(null);
  const [toRevoke, setToRevoke] = useState<ApiTokenView | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    create.mutate(name.trim(), {
      onSuccess: ({ token, apiToken }) => {
        setCreated({ id: apiToken.id, token });
        setName("");
      },
    });
  };

  return (
    <Stack gap="md">
      <form onSubmit={submit}>
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t("settings.tokens.name")}
            placeholder={t("settings.tokens.namePlaceholder")}
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.currentTarget.value)}
            w={280}
          />
          <Button type="submit" leftSection={<IconKey size={16} aria-hidden />} loading={create.isPending} disabled={!name.trim()}>
            {t("settings.tokens.create")}
          </Button>
        </Group>
      </form>
      {create.isError && (
        <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} role="alert">
          {errorMessage(t, create.error)}
        </Alert>
      )}
      {created && (
        <Alert color="green" variant="light" title={t("settings.tokens.createdTitle")} role="status" withCloseButton onClose={() => setCreated(null)} closeButtonLabel={t("common.close")}>
          <Text size="sm" mb="xs">
            {t("settings.tokens.createdHint")}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Code block style={{ flex: 1, overflowWrap: "anywhere", whiteSpace: "pre-wrap" }} aria-label={t("settings.tokens.secret")}>
              {created.token}
            </Code>
            <CopyButton value={created.token}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" color={copied ? "green" : "indigo"} leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />} onClick={copy}>
                  {copied ? t("common.copied") : t("common.copy")}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      {tokens.data && tokens.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("settings.tokens.none")}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" aria-label={t("settings.tokens.title")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("settings.tokens.name")}</Table.Th>
                <Table.Th scope="col">{t("settings.tokens.prefix")}</Table.Th>
                <Table.Th scope="col">{t("settings.tokens.createdAt")}</Table.Th>
                <Table.Th scope="col">{t("settings.tokens.lastUsedAt")}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t("settings.tokens.actions")}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(tokens.data ?? []).map((token) => (
                <Table.Tr key={token.id}>
                  <Table.Td>{token.name}</Table.Td>
                  <Table.Td>
                    <Code>{token.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{format.date(token.createdAt)}</Table.Td>
                  <Table.Td>{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t("settings.tokens.neverUsed")}</Table.Td>
                  <Table.Td ta="right">
                    <Button size="compact-sm" variant="subtle" color="red" onClick={() => setToRevoke(token)} aria-label={t("settings.tokens.revokeNamed", { name: token.name })}>
                      {t("settings.tokens.revoke")}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={toRevoke !== null} onClose={() => setToRevoke(null)} title={t("settings.tokens.revokeTitle")}>
        <Text size="sm">{t("settings.tokens.revokeConfirm", { name: toRevoke?.name ?? "" })}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setToRevoke(null)}>
            {t("common.cancel")}
          </Button>
          <Button
            color="red"
            loading={revoke.isPending}
            onClick={() =>
              toRevoke &&
              revoke.mutate(toRevoke.id, {
                onSuccess: () => setCreated((shown) => (shown?.id === toRevoke.id ? null : shown)),
                onError: (error) => notifications.show({ color: "red", title: t("settings.tokens.revokeFailed"), message: errorMessage(t, error) }),
                onSettled: () => setToRevoke(null),
              })
            }
          >
            {t("settings.tokens.revoke")}
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
