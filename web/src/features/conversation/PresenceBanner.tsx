import { Avatar, Group, Text } from "@mantine/core";
import { IconEye, IconPencil } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useCustomerTyping, usePresence } from "../../realtime/RealtimeProvider";
import { initialsOf } from "../../ui/initials";
import classes from "./Conversation.module.css";

/** The collision warning: which colleagues have this conversation open, and who is replying. */
export function PresenceBanner({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const agents = usePresence(conversationId);
  const isTyping = agents.some((agent) => agent.state === "typing");
  const isCustomerTyping = useCustomerTyping(conversationId);
  return (
    <div role="status" aria-live="polite" className={classes.presenceBanner} data-visible={agents.length > 0 || isCustomerTyping || undefined} data-typing={isTyping || undefined}>
      {isCustomerTyping && (
        <Group gap="xs" wrap="nowrap">
          <IconPencil size={16} aria-hidden />
          <Text size="sm" fw={600}>
            {t("presence.customerTyping")}
          </Text>
        </Group>
      )}
      {agents.length > 0 && (
        <Group gap="xs" wrap="nowrap">
          <Avatar.Group spacing={6}>
            {agents.map((agent) => (
              <Avatar key={agent.id} size={24} radius="xl" color={agent.state === "typing" ? "orange" : "teal"} variant="filled" aria-hidden>
                {initialsOf(agent.name)}
              </Avatar>
            ))}
          </Avatar.Group>
          {isTyping ? <IconPencil size={16} aria-hidden /> : <IconEye size={16} aria-hidden />}
          <Text size="sm" fw={600}>
            {agents.map((agent) => t(agent.state === "typing" ? "presence.typing" : "presence.viewing", { name: agent.name })).join(" · ")}
          </Text>
        </Group>
      )}
    </div>
  );
}
