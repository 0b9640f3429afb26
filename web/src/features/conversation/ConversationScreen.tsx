import { ActionIcon, Button, Center, Drawer, Group, Loader, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconArrowLeft, IconCircleCheck, IconLayoutSidebarRight, IconUserCheck } from "@tabler/icons-react";
import { useMediaQuery } from "@mantine/hooks";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import type { ConversationView } from "../../../../common/views";
import { isApiError } from "../../api/client";
import { useStatuses } from "../../api/reference-data";
import { errorMessage } from "../../i18n/errors";
import { usePresenceAnnouncement } from "../../realtime/RealtimeProvider";
import { useShortcuts } from "../../shortcuts/use-shortcuts";
import { useDocumentTitle } from "../../ui/use-document-title";
import { ChannelIcon } from "../../ui/ChannelIcon";
import { PriorityBadge, StatusBadge } from "../../ui/StatusBadge";
import { canWork, useCurrentAgent } from "../auth/session";
import { Composer, type ComposerHandle } from "./Composer";
import { ConversationSidebar } from "./ConversationSidebar";
import { PresenceBanner } from "./PresenceBanner";
import { Thread } from "./Thread";
import { useConversation, useUpdateConversation } from "./conversation.api";
import classes from "./Conversation.module.css";

/** One conversation: header with quick actions, who else is here, the thread, the composer and the details. */
export function ConversationScreen({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const conversation = useConversation(conversationId);
  const presence = usePresenceAnnouncement(conversationId);

  if (!conversation.data) {
    return (
      <Center flex={1} p="xl">
        {conversation.isError ? (
          <Stack align="center" gap="xs" role="alert">
            <Text fw={500}>{isApiError(conversation.error, "conversation_not_found") ? t("conversation.notFound") : errorMessage(t, conversation.error)}</Text>
            <Button component={Link} to="/inbox" variant="light" size="xs">
              {t("conversation.backToInbox")}
            </Button>
          </Stack>
        ) : (
          <Loader size="sm" aria-label={t("common.loading")} />
        )}
      </Center>
    );
  }
  return <LoadedConversation conversation={conversation.data} onTyping={presence.typing} onStoppedTyping={presence.stoppedTyping} />;
}

type LoadedProps = { conversation: ConversationView; onTyping: () => void; onStoppedTyping: () => void };

function LoadedConversation({ conversation, onTyping, onStoppedTyping }: LoadedProps) {
  const { t } = useTranslation();
  const agent = useCurrentAgent();
  const location = useLocation();
  const navigate = useNavigate();
  const statuses = useStatuses();
  const update = useUpdateConversation(conversation.id);
  const composer = useRef<ComposerHandle>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [areDetailsOpen, setDetailsOpen] = useState(false);
  const isWide = useMediaQuery("(min-width: 87.5em)", true, { getInitialValueInEffect: false });
  const isWorker = canWork(agent);
  const inboxHref = `/inbox${location.search}`;
  const solvedStatus = statuses.data?.find((status) => status.kind === "solved");
  const isSolved = conversation.statusKind === "solved" || conversation.statusKind === "closed";
  const isMine = conversation.assignee?.id === agent.id;
  useDocumentTitle(`#${conversation.number} ${conversation.subject || t("conversation.noSubject")}`);

  // Opening a conversation moves focus to it, so that screen readers announce it and r/n work at once.
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [conversation.id]);

  const solve = () => {
    if (isWorker && solvedStatus && !isSolved) update.mutate({ status: solvedStatus.key });
  };
  const assignToMe = () => {
    if (isWorker && !isMine) update.mutate({ assigneeId: agent.id });
  };

  useShortcuts({
    r: () => composer.current?.focus("reply"),
    n: () => composer.current?.focus("note"),
    s: solve,
    a: assignToMe,
    Escape: () => {
      void navigate(inboxHref);
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-conversation-row][href^="/inbox/${conversation.id}"]`)?.focus());
    },
  });

  return (
    <div className={classes.screen} data-with-sidebar={isWide || undefined}>
      <section className={classes.main} aria-labelledby="conversation-title">
        <header className={classes.header}>
          <Group gap="xs" wrap="nowrap" align="flex-start" className={classes.headerTitle}>
            <ActionIcon component={Link} to={inboxHref} variant="subtle" color="gray" hiddenFrom="sm" aria-label={t("conversation.backToInbox")} mt={2}>
              <IconArrowLeft size={20} aria-hidden />
            </ActionIcon>
            <div className={classes.headerText}>
              <Title order={2} size="h4" id="conversation-title" ref={heading} tabIndex={-1} className={classes.title}>
                {conversation.subject || t("conversation.noSubject")}
              </Title>
              <Group gap={6} wrap="nowrap" mt={2}>
                <ChannelIcon type={conversation.channel.type} name={conversation.channel.name} size={14} />
                <Text size="sm" c="dimmed" truncate>
                  #{conversation.number} · {conversation.customer.name} · {conversation.channel.name}
                </Text>
              </Group>
            </div>
          </Group>
          <Group gap={6} wrap="nowrap" className={classes.headerActions}>
            <span role="status" aria-label={t("conversation.statusLabel")}>
              <StatusBadge status={conversation.status} kind={conversation.statusKind} statuses={statuses.data} />
            </span>
            {conversation.priority !== "normal" && <PriorityBadge priority={conversation.priority} />}
            {isWorker && !isMine && (
              <Tooltip label={t("conversation.assignToMeHint")}>
                <Button size="xs" variant="default" leftSection={<IconUserCheck size={16} aria-hidden />} onClick={assignToMe} visibleFrom="md">
                  {t("conversation.assignToMe")}
                </Button>
              </Tooltip>
            )}
            {isWorker && !isSolved && solvedStatus && (
              <Tooltip label={t("conversation.solveHint")}>
                <Button size="xs" color="green" variant="light" leftSection={<IconCircleCheck size={16} aria-hidden />} onClick={solve}>
                  {t("conversation.solve")}
                </Button>
              </Tooltip>
            )}
            {!isWide && (
              <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t("conversation.showDetails")} onClick={() => setDetailsOpen(true)}>
                <IconLayoutSidebarRight size={20} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        </header>
        <PresenceBanner conversationId={conversation.id} />
        <Thread conversation={conversation} />
        {isWorker ? (
          <Composer ref={composer} conversation={conversation} statuses={statuses.data ?? []} onTyping={onTyping} onStoppedTyping={onStoppedTyping} />
        ) : (
          <Text size="sm" c="dimmed" p="md" className={classes.readOnly}>
            {t("conversation.readOnly")}
          </Text>
        )}
      </section>
      {isWide ? (
        <aside className={classes.sidebar} aria-label={t("conversation.details")}>
          <ConversationSidebar conversation={conversation} isEditable={isWorker} />
        </aside>
      ) : (
        <Drawer opened={areDetailsOpen} onClose={() => setDetailsOpen(false)} position="right" size="sm" title={t("conversation.details")}>
          <ConversationSidebar conversation={conversation} isEditable={isWorker} isInDrawer />
        </Drawer>
      )}
    </div>
  );
}
