import { Button, Group, Loader, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { IconArrowBackUp, IconArrowBackUpDouble, IconArrowForwardUp } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../i18n/format";
import { displayName, formatAddress, uniqueRecipients } from "./email-addresses";
import { type EmailComposeMode, emailComposeModes } from "./email-compose";
import { RecipientsInput } from "./RecipientsInput";
import type { EmailCompose } from "./use-email-compose";
import classes from "./Email.module.css";

const modeIcons = { reply: IconArrowBackUp, reply_all: IconArrowBackUpDouble, forward: IconArrowForwardUp } as const;

/** Reply, reply-all or forward: next to the email / internal note switch of the composer. */
export function EmailKindControl({ compose }: { compose: EmailCompose }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      value={compose.mode}
      onChange={(value) => compose.setMode(value as EmailComposeMode)}
      aria-label={t("email.compose.kind")}
      data={emailComposeModes.map((mode) => {
        const Icon = modeIcons[mode];
        return {
          value: mode,
          label: (
            <Group gap={4} wrap="nowrap">
              <Icon size={14} aria-hidden />
              {t(`email.compose.mode.${mode}`)}
            </Group>
          ),
        };
      })}
    />
  );
}

/** Above the reply text on email conversations: the mail forwarded, To, Cc, Bcc, and where it comes from with which subject. */
export function EmailComposeFields({ compose }: { compose: EmailCompose }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { draft, recipients } = compose;
  const suggestions = uniqueRecipients([...(draft.data?.to ?? []), ...(draft.data?.cc ?? []), ...(draft.data?.participants ?? [])]);
  const addBcc = compose.isBccShown ? null : (
    <Button variant="subtle" size="compact-xs" mt={3} onClick={compose.showBcc}>
      {t("email.compose.addBcc")}
    </Button>
  );

  return (
    <Stack gap={4} mb={6} className={classes.composeFields}>
      {compose.isForward && (
        <Select
          size="xs"
          label={t("email.compose.forwardMessage")}
          value={compose.messageId}
          onChange={(value) => compose.setMessageId(value)}
          allowDeselect={false}
          data={[...compose.mails].reverse().map((message) => ({
            value: message.id,
            label: `${message.email?.from ? displayName(message.email.from) : (message.author?.name ?? "")} · ${format.dateTime(message.createdAt)} · ${(message.email?.body.text || message.text).replace(/\s+/g, " ").slice(0, 60)}`,
          }))}
        />
      )}
      {compose.isLoading ? (
        <Group gap={6}>
          <Loader size={12} aria-hidden />
          <Text size="xs" c="dimmed">
            {t("email.compose.loadingRecipients")}
          </Text>
        </Group>
      ) : (
        <>
          <RecipientsInput label={t("email.field.to")} value={recipients.to} onChange={(people) => compose.setRecipients("to", people)} suggestions={suggestions} />
          <RecipientsInput
            label={t("email.field.cc")}
            value={recipients.cc}
            onChange={(people) => compose.setRecipients("cc", people)}
            suggestions={suggestions}
            action={addBcc}
          />
          {compose.isBccShown && (
            <RecipientsInput label={t("email.field.bcc")} value={recipients.bcc} onChange={(people) => compose.setRecipients("bcc", people)} suggestions={suggestions} />
          )}
        </>
      )}
      {draft.data && (
        <Text size="xs" c="dimmed" truncate>
          {[t("email.compose.subject", { subject: draft.data.subject }), draft.data.from ? t("email.compose.from", { from: formatAddress(draft.data.from) }) : null]
            .filter(Boolean)
            .join(" · ")}
        </Text>
      )}
      {draft.isError && (
        <Text size="xs" c="red" role="alert">
          {t("email.compose.draftFailed")}
        </Text>
      )}
    </Stack>
  );
}
