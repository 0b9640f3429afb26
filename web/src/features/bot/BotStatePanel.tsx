import { Badge, Group, Stack, Text, Title } from "@mantine/core";
import { IconRobot } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useConversationBot } from "./bot.api";

const stateColors = { bot_active: "indigo", waiting_for_human: "orange", assigned: "gray", solved_by_bot: "green" } as const;

/** What the bot did in this conversation: its state, what it understood and what it collected. */
export function BotStatePanel({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const bot = useConversationBot(conversationId);
  const state = bot.data;
  if (!state) return null;
  return (
    <section aria-labelledby={`bot-state-${conversationId}`}>
      <Title order={3} size="h6" id={`bot-state-${conversationId}`} mb="xs" tt="uppercase" c="dimmed">
        <Group gap={4} component="span">
          <IconRobot size={14} aria-hidden />
          {t("bot.state.title")}
        </Group>
      </Title>
      <Stack gap={4}>
        <Group gap="xs">
          <Badge color={stateColors[state.state]} variant="light" data-testid="bot-state">
            {t(`bot.state.${state.state}`)}
          </Badge>
          {state.handoffReason && (
            <Text size="xs" c="dimmed">
              {t(`bot.handoffReason.${state.handoffReason}`)}
            </Text>
          )}
        </Group>
        {state.intent && (
          <Text size="sm">
            {t("bot.test.intent")}: {state.intent}
            {state.confidence !== null ? ` (${Math.round(state.confidence * 100)} %)` : ""}
          </Text>
        )}
        {Object.entries(state.answers).map(([key, value]) => (
          <Text size="sm" key={key}>
            {key}: {value}
          </Text>
        ))}
      </Stack>
    </section>
  );
}
