import { Button, Group, NavLink, ScrollArea, Stack, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { useDocumentTitle } from "../../ui/use-document-title";
import { useSession } from "../auth/session";
import { BotSettingsPanel } from "./BotSettingsPanel";
import { useIntents } from "./bot.api";
import { IntentEditor } from "./IntentEditor";
import { TestConsole } from "./TestConsole";

/** The bot: its intents (left), the one being edited, and the test console with the settings. */
export function BotPage() {
  const { t } = useTranslation();
  const { intentId } = useParams();
  const navigate = useNavigate();
  const { agent } = useSession();
  const intents = useIntents();
  useDocumentTitle(t("bot.title"));
  const canManage = agent.role === "admin" || agent.role === "supervisor";
  const selected = intents.data?.find((intent) => intent.id === intentId) ?? null;

  return (
    <div style={{ display: "flex", height: "calc(100dvh - var(--app-shell-header-offset, 0px))" }}>
      <section aria-labelledby="bot-title" style={{ width: 260, borderRight: "1px solid var(--mantine-color-gray-3)", display: "flex", flexDirection: "column" }}>
        <Group justify="space-between" p="md">
          <Title order={1} size="h4" id="bot-title">
            {t("bot.title")}
          </Title>
          {canManage && (
            <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => navigate("/bot/new")}>
              {t("bot.intents.newShort")}
            </Button>
          )}
        </Group>
        <ScrollArea style={{ flex: 1 }}>
          <nav aria-label={t("bot.intents.title")}>
            {intents.data?.length === 0 && (
              <Text size="sm" c="dimmed" px="md">
                {t("bot.intents.empty")}
              </Text>
            )}
            {intents.data?.map((intent) => (
              <NavLink
                key={intent.id}
                label={intent.name}
                description={t("bot.intents.exampleCount", { count: intent.examples.length })}
                active={intent.id === intentId}
                aria-current={intent.id === intentId ? "page" : undefined}
                onClick={() => navigate(`/bot/${intent.id}`)}
              />
            ))}
          </nav>
        </ScrollArea>
      </section>
      <div style={{ flex: 1, overflowY: "auto", padding: "var(--mantine-spacing-lg)" }}>
        {intentId && (intentId === "new" || selected) && canManage ? (
          <IntentEditor key={intentId} intent={selected} onSaved={(intent) => navigate(`/bot/${intent.id}`, { replace: true })} onDeleted={() => navigate("/bot")} />
        ) : (
          <Text c="dimmed">{canManage ? t("bot.intents.pick") : t("bot.intents.readOnly")}</Text>
        )}
      </div>
      <aside style={{ width: 380, borderLeft: "1px solid var(--mantine-color-gray-3)", overflowY: "auto" }} aria-label={t("bot.test.title")}>
        <Stack p="md" gap="md">
          <TestConsole />
          <BotSettingsPanel canManage={canManage} />
        </Stack>
      </aside>
    </div>
  );
}
