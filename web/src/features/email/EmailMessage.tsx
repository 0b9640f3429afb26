import { Alert, Anchor, Badge, Button, Group, Text } from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconArrowBackUpDouble,
  IconArrowForwardUp,
  IconCode,
  IconDots,
  IconMailOff,
  IconPaperclip,
  IconPhoto,
  IconRefresh,
} from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { EmailAddressView, MessageView } from "../../../../common/views";
import { useFormatters } from "../../i18n/format";
import { canWork, useCurrentAgent } from "../auth/session";
import { SENDING_PREFIX } from "../conversation/conversation-cache";
import { requestEmailCompose } from "./compose-requests";
import { formatAddress } from "./email-addresses";
import { type EmailDetails, emailContent, splitAttachments } from "./email-view";
import { useAllowRemoteImages, useReprocessEmail } from "./email.api";
import { EmailFrame } from "./EmailFrame";
import { EmailSourceModal } from "./EmailSourceModal";
import classes from "./Email.module.css";

/** A mail in the thread: who it went between, what is new in it (quoted history one click away), its files and source. */
export function EmailMessage({ message, email }: { message: MessageView; email: EmailDetails }) {
  const { t } = useTranslation();
  const [isExpanded, setExpanded] = useState(false);
  const [isSourceOpen, setSourceOpen] = useState(false);
  const content = emailContent(message, email, isExpanded);
  const { files, inline } = splitAttachments(message.attachments, email);
  const isSending = message.id.startsWith(SENDING_PREFIX);
  const bodyId = `email-body-${message.id}`;

  return (
    <div className={classes.email}>
      <EmailHeader email={email} />
      <EmailMarks message={message} email={email} onShowSource={() => setSourceOpen(true)} />
      {email.hasRemoteImages && !email.remoteImagesAllowed && <RemoteImagesNotice messageId={message.id} />}
      <div id={bodyId} className={classes.body}>
        {content.kind === "html" ? (
          <EmailFrame html={content.html} allowRemoteImages={email.remoteImagesAllowed} title={t("email.frameTitle", { subject: email.subject || t("conversation.noSubject") })} />
        ) : (
          content.text && <div className={classes.text}>{content.text}</div>
        )}
      </div>
      {content.hasHiddenParts && (
        <Button
          variant="subtle"
          color="gray"
          size="compact-xs"
          leftSection={<IconDots size={14} aria-hidden />}
          aria-expanded={isExpanded}
          aria-controls={bodyId}
          onClick={() => setExpanded(!isExpanded)}
          className={classes.quotedToggle}
        >
          {isExpanded ? t("email.hideQuoted") : t("email.showQuoted")}
        </Button>
      )}
      {(files.length > 0 || inline.length > 0) && <EmailAttachments files={files} inlineCount={inline.length} />}
      {!isSending && <EmailActions message={message} email={email} onShowSource={() => setSourceOpen(true)} />}
      {email.rawUrl && isSourceOpen && <EmailSourceModal rawUrl={email.rawUrl} isOpen={isSourceOpen} onClose={() => setSourceOpen(false)} />}
    </div>
  );
}

function EmailHeader({ email }: { email: EmailDetails }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const rows: Array<[string, string]> = [];
  const list = (people: EmailAddressView[]) => people.map(formatAddress).join(", ");
  if (email.from) rows.push([t("email.field.from"), formatAddress(email.from)]);
  if (email.to.length > 0) rows.push([t("email.field.to"), list(email.to)]);
  if (email.cc.length > 0) rows.push([t("email.field.cc"), list(email.cc)]);
  if (email.bcc.length > 0) rows.push([t("email.field.bcc"), list(email.bcc)]);
  if (email.sentAt) rows.push([t("email.field.date"), format.dateTime(email.sentAt)]);
  if (email.subject) rows.push([t("email.field.subject"), email.subject]);
  return (
    <dl className={classes.header} aria-label={t("email.headerLabel")}>
      {rows.map(([label, value]) => (
        <div key={label} className={classes.headerRow}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function EmailMarks({ message, email, onShowSource }: { message: MessageView; email: EmailDetails; onShowSource: () => void }) {
  const { t } = useTranslation();
  const agent = useCurrentAgent();
  const reprocess = useReprocessEmail();
  return (
    <>
      {email.parseError && (
        <Alert color="orange" variant="light" p="xs" mb={6} icon={<IconAlertTriangle size={16} aria-hidden />} title={t("email.parseError.title")} role="alert">
          <Text size="xs">{t("email.parseError.body", { reason: email.parseError })}</Text>
          <Group gap={6} mt={6}>
            {email.rawUrl && (
              <Button size="compact-xs" variant="white" color="orange" onClick={onShowSource}>
                {t("email.viewSource")}
              </Button>
            )}
            {canWork(agent) && message.direction === "in" && email.rawUrl && (
              <Button size="compact-xs" variant="white" color="orange" leftSection={<IconRefresh size={12} aria-hidden />} loading={reprocess.isPending} onClick={() => reprocess.mutate(message.id)}>
                {t("email.parseError.reprocess")}
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {email.bounce && (
        <Alert color="red" variant="light" p="xs" mb={6} icon={<IconMailOff size={16} aria-hidden />} title={t("email.bounce.title")} role="alert">
          <Text size="xs">
            {t("email.bounce.body", { recipient: email.bounce.recipient ?? t("email.bounce.unknownRecipient"), status: email.bounce.status ?? "–" })}
          </Text>
          {email.bounce.diagnostic && (
            <Text size="xs" c="dimmed">
              {email.bounce.diagnostic}
            </Text>
          )}
        </Alert>
      )}
      {(email.automation || email.isRateLimited) && (
        <Group gap={4} mb={6}>
          {email.automation && (
            <Badge size="xs" variant="light" color="gray" title={email.automation}>
              {t("email.automated")}
            </Badge>
          )}
          {email.isRateLimited && (
            <Badge size="xs" variant="light" color="orange">
              {t("email.rateLimited")}
            </Badge>
          )}
        </Group>
      )}
    </>
  );
}

function RemoteImagesNotice({ messageId }: { messageId: string }) {
  const { t } = useTranslation();
  const agent = useCurrentAgent();
  const allow = useAllowRemoteImages();
  return (
    <Group gap={6} mb={6} className={classes.remoteImages} role="note" wrap="nowrap">
      <IconPhoto size={14} aria-hidden />
      <Text size="xs" flex={1}>
        {t("email.remoteImages.blocked")}
      </Text>
      {canWork(agent) && (
        <Button size="compact-xs" variant="light" loading={allow.isPending} onClick={() => allow.mutate(messageId)}>
          {t("email.remoteImages.load")}
        </Button>
      )}
    </Group>
  );
}

function EmailAttachments({ files, inlineCount }: { files: MessageView["attachments"]; inlineCount: number }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <div className={classes.attachments}>
      {files.length > 0 && (
        <ul aria-label={t("message.attachments")}>
          {files.map((attachment) => (
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
      {inlineCount > 0 && (
        <Text size="xs" c="dimmed">
          {t("email.inlineImages", { count: inlineCount })}
        </Text>
      )}
    </div>
  );
}

function EmailActions({ message, email, onShowSource }: { message: MessageView; email: EmailDetails; onShowSource: () => void }) {
  const { t } = useTranslation();
  const agent = useCurrentAgent();
  const compose = (mode: "reply" | "reply_all" | "forward") => requestEmailCompose({ conversationId: message.conversationId, mode, messageId: message.id });
  const isWorker = canWork(agent);
  return (
    <Group gap={2} mt={4} className={classes.actions}>
      {isWorker && message.direction === "in" && (
        <>
          <Button variant="subtle" size="compact-xs" color="gray" leftSection={<IconArrowBackUp size={14} aria-hidden />} onClick={() => compose("reply")}>
            {t("email.compose.mode.reply")}
          </Button>
          <Button variant="subtle" size="compact-xs" color="gray" leftSection={<IconArrowBackUpDouble size={14} aria-hidden />} onClick={() => compose("reply_all")}>
            {t("email.compose.mode.reply_all")}
          </Button>
        </>
      )}
      {isWorker && (
        <Button variant="subtle" size="compact-xs" color="gray" leftSection={<IconArrowForwardUp size={14} aria-hidden />} onClick={() => compose("forward")}>
          {t("email.compose.mode.forward")}
        </Button>
      )}
      {email.rawUrl && (
        <Button variant="subtle" size="compact-xs" color="gray" leftSection={<IconCode size={14} aria-hidden />} onClick={onShowSource}>
          {t("email.viewSource")}
        </Button>
      )}
    </Group>
  );
}
