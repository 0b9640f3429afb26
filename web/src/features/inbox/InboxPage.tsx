import { Kbd, Stack, Text } from "@mantine/core";
import { IconMessages } from "@tabler/icons-react";
import { useParams } from "react-router";
import { Trans, useTranslation } from "react-i18next";
import { ConversationScreen } from "../conversation/ConversationScreen";
import { ConversationListPane } from "./ConversationListPane";
import classes from "./Inbox.module.css";

/** The inbox: the list beside the open conversation (one at a time on a phone). */
export function InboxPage() {
  const { conversationId } = useParams();
  return (
    <div className={classes.inbox} data-has-conversation={conversationId ? true : undefined}>
      <ConversationListPane selectedId={conversationId} />
      <div className={classes.conversationPane}>
        {conversationId ? <ConversationScreen key={conversationId} conversationId={conversationId} /> : <NoConversation />}
      </div>
    </div>
  );
}

function NoConversation() {
  const { t } = useTranslation();
  return (
    <div className={classes.placeholder}>
      <Stack align="center" gap={6} c="dimmed" maw={320} ta="center">
        <IconMessages size={40} stroke={1.25} aria-hidden />
        <Text fw={500}>{t("inbox.noneOpen")}</Text>
        <Text size="sm">
          <Trans i18nKey="inbox.noneOpenHint" components={{ key: <Kbd size="xs" /> }} />
        </Text>
      </Stack>
    </div>
  );
}
