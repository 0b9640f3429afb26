import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../i18n/errors";
import { useBotTest } from "./bot.api";

/** Type a customer's first message and see what the bot understands and would answer. */
export function TestConsole() {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const test = useBotTest();
  const result = test.data;
  const percent = (value: number) => `${Math.round(value * 100)} %`;

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="bot-test-title">
      <Title order={2} size="h5" id="bot-test-title" mb="xs">
        {t("bot.test.title")}
      </Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim()) test.mutate({ text: text.trim() });
        }}
      >
        <Stack gap="xs">
          <Textarea label={t("bot.test.message")} placeholder={t("bot.test.placeholder")} autosize minRows={2} value={text} onChange={(event) => setText(event.currentTarget.value)} />
          <Group>
            <Button type="submit" loading={test.isPending} disabled={!text.trim()}>
              {t("bot.test.run")}
            </Button>
          </Group>
        </Stack>
      </form>
      {test.isError && (
        <Alert color="red" mt="sm">
          {errorMessage(t, test.error)}
        </Alert>
      )}
      {result && (
        <Stack gap="xs" mt="md" aria-live="polite" data-testid="bot-test-result">
          <Group gap="xs">
            <Badge variant="light">
              {t("bot.test.language")}: {result.language.toUpperCase()}
            </Badge>
            <Badge variant="light" color={result.intent ? "indigo" : "gray"}>
              {t("bot.test.intent")}: {result.intent ?? t("bot.test.none")}
            </Badge>
            <Badge variant="light" color="gray">
              {t("bot.test.confidence")}: {percent(result.confidence)}
            </Badge>
            <Badge variant="filled" color={result.action === "handoff" ? "orange" : "green"}>
              {t(`bot.test.action.${result.action}`)}
              {result.handoffReason ? ` · ${t(`bot.handoffReason.${result.handoffReason}`)}` : ""}
            </Badge>
          </Group>
          <Text size="sm" fw={500}>
            {t("bot.test.replies")}
          </Text>
          {result.replies.map((reply, index) => (
            <Paper key={index} withBorder p="xs" bg="gray.0">
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {reply}
              </Text>
            </Paper>
          ))}
          {result.ranking.length > 0 && (
            <Table withTableBorder fz="sm" aria-label={t("bot.test.ranking")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("bot.test.intent")}</Table.Th>
                  <Table.Th>{t("bot.test.confidence")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.ranking.map((row) => (
                  <Table.Tr key={row.intent}>
                    <Table.Td>{row.intent}</Table.Td>
                    <Table.Td>{percent(row.confidence)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Paper>
  );
}
