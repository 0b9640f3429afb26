import { Group, Text, Tooltip } from "@mantine/core";
import { IconEye, IconPencil } from "@tabler/icons-react";
import { memo } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { ConversationView, StatusView } from "../../../../common/views";
import { useFormatters, useNow } from "../../i18n/format";
import { usePresence } from "../../realtime/RealtimeProvider";
import { ChannelIcon } from "../../ui/ChannelIcon";
import { initialsOf } from "../../ui/initials";
import { PriorityBadge, StatusBadge } from "../../ui/StatusBadge";
import { SlaBadge } from "../sla/SlaBadge";
import classes from "./Inbox.module.css";

type Props = {
  conversation: ConversationView;
  href: string;
  isSelected: boolean;
  statuses: StatusView[] | undefined;
  onPrefetch: (conversation: ConversationView) => void;
};

export const ConversationRow = memo(function ConversationRow({ conversation, href, isSelected, statuses, onPrefetch }: Props) {
  const { t } = useTranslation();
  const format = useFormatters();
  const now = useNow();
  const isNew = conversation.statusKind === "new";
  return (
    <li className={classes.rowItem}>
      <Link
        to={href}
        className={classes.row}
        data-conversation-row
        data-selected={isSelected || undefined}
        aria-current={isSelected ? "page" : undefined}
        onMouseEnter={() => onPrefetch(conversation)}
        onFocus={() => onPrefetch(conversation)}
      >
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Group gap={6} wrap="nowrap" miw={0}>
            <ChannelIcon type={conversation.channel.type} name={conversation.channel.name} size={15} />
            <Text size="sm" fw={600} truncate>
              {conversation.customer.name}
            </Text>
            <Text size="xs" c="dimmed" className={classes.number}>
              #{conversation.number}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" component="time" dateTime={conversation.lastActivityAt} title={format.dateTime(conversation.lastActivityAt)} className={classes.time}>
            {format.relativeTime(conversation.lastActivityAt, now)}
          </Text>
        </Group>
        <Text size="sm" fw={isNew ? 700 : 500} truncate mt={2}>
          {conversation.subject || t("conversation.noSubject")}
        </Text>
        <Text size="sm" c="dimmed" lineClamp={1}>
          {conversation.preview}
        </Text>
        <Group gap={6} mt={6} wrap="nowrap">
          <StatusBadge status={conversation.status} kind={conversation.statusKind} statuses={statuses} />
          {conversation.priority !== "normal" && <PriorityBadge priority={conversation.priority} />}
          <SlaBadge sla={conversation.sla} />
          {conversation.level > 1 && (
            <Text size="xs" fw={600} c="orange.8" className={classes.number}>
              {t("conversation.levelShort", { level: conversation.level })}
            </Text>
          )}
          <Text size="xs" c="dimmed" truncate className={classes.assignee}>
            {conversation.assignee ? conversation.assignee.name : t("conversation.unassigned")}
          </Text>
          <RowPresence conversationId={conversation.id} />
        </Group>
      </Link>
    </li>
  );
});

/** A small badge when a colleague has this conversation open or is replying. */
function RowPresence({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const agents = usePresence(conversationId);
  if (agents.length === 0) return null;
  const isTyping = agents.some((agent) => agent.state === "typing");
  const label = agents.map((agent) => t(agent.state === "typing" ? "presence.typing" : "presence.viewing", { name: agent.name })).join(", ");
  const initials = agents.map((agent) => initialsOf(agent.name)).join(" ");
  return (
    <Tooltip label={label} withArrow>
      <span className={classes.presence} data-typing={isTyping || undefined} role="img" aria-label={label}>
        {isTyping ? <IconPencil size={12} aria-hidden /> : <IconEye size={12} aria-hidden />}
        <span aria-hidden>{initials}</span>
      </span>
    </Tooltip>
  );
}
