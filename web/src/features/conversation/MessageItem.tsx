import { Anchor, Button, Group, Text } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconChecks, IconClock, IconLock, IconPaperclip, IconRobot } from "@tabler/icons-react";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { MessageView } from "../../../../common/views";
import { useFormatters, useNow } from "../../i18n/format";
import { EmailMessage } from "../email/EmailMessage";
import { useRetryDelivery } from "./conversation.api";
import { SENDING_PREFIX } from "./conversation-cache";
import classes from "./Conversation.module.css";

type Kind = "customer" | "reply" | "note" | "automated";

function kindOf(message: MessageView): Kind {
  if (message.isNote) return "note";
  if (message.authorType === "bot" || message.authorType === "system") return "automated";
  return message.direction === "in" ? "customer" : "reply";
}

/** One message: customers on the left, replies on the right, internal notes marked unmistakably. */
export const MessageItem = memo(function MessageItem({ message }: { message: MessageView }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const now = useNow();
  const kind = kindOf(message);
  const author = message.author?.name ?? t(`message.author.${message.authorType}`);
  const label = kind === "note" ? t("message.noteBy", { name: author }) : t("message.by", { name: author });
  return (
    <article className={classes.message} data-kind={kind} data-message-id={message.id} data-email={message.email ? true : undefined} aria-label={label}>
      <div className={classes.bubble}>
        <Group gap={6} justify="space-between" wrap="nowrap" mb={4}>
          <Group gap={6} wrap="nowrap" miw={0}>
            {kind === "note" && (
              <span className={classes.noteLabel}>
                <IconLock size={12} aria-hidden />
                {t("message.internalNote")}
              </span>
            )}
            {kind === "automated" && <IconRobot size={14} aria-hidden />}
            <Text size="xs" fw={600} truncate>
              {author}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" component="time" dateTime={message.createdAt} title={format.dateTime(message.createdAt)} className={classes.messageTime}>
            {format.messageTime(message.createdAt, now)}
          </Text>
        </Group>
        {message.email ? (
          <EmailMessage message={message} email={message.email} />
        ) : (
          message.text && <div className={classes.messageText}>{message.text}</div>
        )}
        {!message.email && message.attachments.length > 0 && (
          <ul className={classes.attachments} aria-label={t("message.attachments")}>
            {message.attachments.map((attachment) => (
              <li key={attachment.id}>
                <Anchor href={attachment.url} download={attachment.fileName} size="sm" className={classes.attachment}>
                  <IconPaperclip size={14} aria-hidden />
                  <span className={classes.attachmentName}>{attachment.fileName}</span>
                  <Text span size="xs" c="dimmed">
                    {format.fileSize(attachment.byteSize)}
                  </Text>
                </Anchor>
              </li>
            ))}
          </ul>
        )}
        {kind === "reply" && <DeliveryStatus message={message} />}
      </div>
    </article>
  );
});

function DeliveryStatus({ message }: { message: MessageView }) {
  const { t } = useTranslation();
  const retry = useRetryDelivery();
  const isSending = message.id.startsWith(SENDING_PREFIX);
  switch (isSending ? "pending" : message.deliveryStatus) {
    case "pending":
      return (
        <Group gap={4} mt={6} className={classes.delivery} c="dimmed">
          <IconClock size={13} aria-hidden />
          <Text size="xs">{isSending ? t("message.delivery.saving") : t("message.delivery.pending")}</Text>
        </Group>
      );
    case "sent":
      return (
        <Group gap={4} mt={6} className={classes.delivery} c="dimmed">
          <IconCheck size={13} aria-hidden />
          <Text size="xs">{t("message.delivery.sent")}</Text>
        </Group>
      );
    case "delivered":
      return (
        <Group gap={4} mt={6} className={classes.delivery} c="dimmed">
          <IconChecks size={13} aria-hidden />
          <Text size="xs">{t("message.delivery.delivered")}</Text>
        </Group>
      );
    case "failed":
      return (
        <div className={classes.deliveryFailed} role="group" aria-label={t("message.delivery.failed")}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconAlertTriangle size={15} aria-hidden className={classes.deliveryFailedIcon} />
            <div>
              <Text size="xs" fw={600}>
                {t("message.delivery.failed")}
              </Text>
              {message.deliveryError && <Text size="xs">{message.deliveryError}</Text>}
            </div>
          </Group>
          <Button size="compact-xs" variant="white" color="red" mt={6} loading={retry.isPending} onClick={() => retry.mutate(message.id)}>
            {t("message.delivery.retry")}
          </Button>
        </div>
      );
    default:
      return null;
  }
}
