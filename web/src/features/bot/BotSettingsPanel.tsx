import { Button, Paper, PasswordInput, Select, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type BotMode, botModes } from "../../../../common/bot-views";
import { useChannels } from "../../api/reference-data";
import { errorMessage } from "../../i18n/errors";
import { useBotSettings, useUpdateBotSettings } from "./bot.api";

/** Where the bot works (per channel) and the optional LLM that phrases its answers. */
export function BotSettingsPanel({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const settings = useBotSettings();
  const channels = useChannels();
  const update = useUpdateBotSettings();
  const [llm, setLlm] = useState({ isEnabled: false, baseUrl: "", model: "", apiKey: "" });

  useEffect(() => {
    if (settings.data) setLlm({ isEnabled: settings.data.llm.isEnabled, baseUrl: settings.data.llm.baseUrl ?? "", model: settings.data.llm.model ?? "", apiKey: "" });
  }, [settings.data]);

  const onError = (error: unknown) => notifications.show({ color: "red", title: t("bot.settings.saveFailed"), message: errorMessage(t, error) });
  const modeOf = (channelId: string): BotMode => settings.data?.channels.find((channel) => channel.channelId === channelId)?.mode ?? "off";

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="bot-settings-title">
      <Title order={2} size="h5" id="bot-settings-title" mb="xs">
        {t("bot.settings.title")}
      </Title>
      <Stack gap="xs">
        {(channels.data ?? []).map((channel) => (
          <Select
            key={channel.id}
            label={channel.name}
            size="sm"
            allowDeselect={false}
            disabled={!canManage}
            value={modeOf(channel.id)}
            data={botModes.map((mode) => ({ value: mode, label: t(`bot.mode.${mode}`) }))}
            onChange={(mode) => mode && update.mutate({ channels: [{ channelId: channel.id, mode: mode as BotMode }] }, { onError })}
          />
        ))}
        <Title order={3} size="h6" mt="sm">
          {t("bot.settings.llm")}
        </Title>
        <Text size="xs" c="dimmed">
          {t("bot.settings.llmHint")}
        </Text>
        <Switch label={t("bot.settings.llmEnabled")} disabled={!canManage} checked={llm.isEnabled} onChange={(event) => setLlm({ ...llm, isEnabled: event.currentTarget.checked })} />
        <TextInput label={t("bot.settings.baseUrl")} placeholder="https://api.openai.com/v1" disabled={!canManage} value={llm.baseUrl} onChange={(event) => setLlm({ ...llm, baseUrl: event.currentTarget.value })} />
        <TextInput label={t("bot.settings.model")} disabled={!canManage} value={llm.model} onChange={(event) => setLlm({ ...llm, model: event.currentTarget.value })} />
        <PasswordInput
          label={t("bot.settings.apiKey")}
          placeholder={settings.data?.llm.hasApiKey ? t("bot.settings.apiKeyStored") : ""}
          disabled={!canManage}
          value={llm.apiKey}
          onChange={(event) => setLlm({ ...llm, apiKey: event.currentTarget.value })}
        />
        {canManage && (
          <Button
            size="xs"
            variant="default"
            loading={update.isPending}
            onClick={() =>
              update.mutate(
                {
                  llm: {
                    isEnabled: llm.isEnabled,
                    baseUrl: llm.baseUrl.trim() || null,
                    model: llm.model.trim() || null,
                    ...(llm.apiKey ? { apiKey: llm.apiKey } : {}),
                  },
                },
                { onSuccess: () => notifications.show({ color: "green", message: t("bot.settings.saved") }), onError },
              )
            }
          >
            {t("bot.settings.save")}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
