import { Button, Center, Divider, Loader, Stack, Text } from "@mantine/core";
import { IconArrowDown, IconRefresh } from "@tabler/icons-react";
import { Fragment, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ConversationView, MessageView } from "../../../../common/views";
import { errorMessage } from "../../i18n/errors";
import { useFormatters, useNow } from "../../i18n/format";
import { useCurrentAgent } from "../auth/session";
import { MessageItem } from "./MessageItem";
import { useMessages } from "./conversation.api";
import classes from "./Conversation.module.css";

const NEAR_BOTTOM_PX = 160;

/** The messages, oldest at the top; earlier pages load on demand without the view jumping. */
export function Thread({ conversation }: { conversation: ConversationView }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const now = useNow();
  const agent = useCurrentAgent();
  const messages = useMessages(conversation.id);
  const scroller = useRef<HTMLDivElement>(null);
  const lastSeen = useRef<{ firstId: string | null; lastId: string | null; scrollHeight: number }>({ firstId: null, lastId: null, scrollHeight: 0 });
  const wasNearBottom = useRef(true);
  const [hasUnseen, setUnseen] = useState(false);

  // Pages arrive newest first; each page reads oldest to newest.
  const items = useMemo(() => (messages.data ? [...messages.data.pages].reverse().flatMap((page) => page.data) : []), [messages.data]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const previous = lastSeen.current;
    if (previous.firstId === null) {
      element.scrollTop = element.scrollHeight; // opening: show the newest
    } else if (first.id !== previous.firstId && last.id === previous.lastId) {
      element.scrollTop += element.scrollHeight - previous.scrollHeight; // older page above: stay put
    } else if (last.id !== previous.lastId) {
      if (wasNearBottom.current || isOwn(last, agent.id)) element.scrollTo({ top: element.scrollHeight, behavior: "smooth" });
      else setUnseen(true); // reading further up: offer a way down instead of jumping
    }
    lastSeen.current = { firstId: first.id, lastId: last.id, scrollHeight: element.scrollHeight };
  }, [items, agent.id]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    wasNearBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    if (wasNearBottom.current) setUnseen(false);
  };

  const scrollToNewest = () => {
    scroller.current?.scrollTo({ top: scroller.current.scrollHeight, behavior: "smooth" });
    setUnseen(false);
  };

  return (
    <div className={classes.threadFrame}>
      <div className={classes.thread} ref={scroller} onScroll={onScroll} role="log" aria-label={t("thread.label")} aria-busy={messages.isFetching}>
        {messages.isPending ? (
          <Center p="xl">
            <Loader size="sm" aria-label={t("common.loading")} />
          </Center>
        ) : messages.isError && items.length === 0 ? (
          <Stack align="center" p="xl" gap="xs" role="alert">
            <Text size="sm">{errorMessage(t, messages.error)}</Text>
            <Button size="xs" variant="light" leftSection={<IconRefresh size={14} aria-hidden />} onClick={() => void messages.refetch()}>
              {t("common.retry")}
            </Button>
          </Stack>
        ) : (
          <Stack gap="sm" className={classes.threadInner}>
            {messages.hasNextPage && (
              <Center>
                <Button variant="subtle" size="xs" loading={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()}>
                  {t("thread.loadEarlier")}
                </Button>
              </Center>
            )}
            {items.map((message, index) => {
              const previous = items[index - 1];
              const isNewDay = !previous || new Date(previous.createdAt).toDateString() !== new Date(message.createdAt).toDateString();
              return (
                <Fragment key={message.id}>
                  {isNewDay && (
                    <Divider
                      label={
                        <Text size="xs" c="dimmed" component="span">
                          {dayLabel(message.createdAt, now, format.date, t)}
                        </Text>
                      }
                      labelPosition="center"
                    />
                  )}
                  <MessageItem message={message} />
                </Fragment>
              );
            })}
          </Stack>
        )}
      </div>
      {hasUnseen && (
        <Button className={classes.newMessages} size="xs" radius="xl" leftSection={<IconArrowDown size={14} aria-hidden />} onClick={scrollToNewest}>
          {t("thread.newMessages")}
        </Button>
      )}
    </div>
  );
}

function isOwn(message: MessageView, agentId: string): boolean {
  return message.authorType === "agent" && message.author?.id === agentId;
}

function dayLabel(iso: string, now: number, formatDate: (iso: string) => string, t: (key: string) => string): string {
  const day = new Date(iso).toDateString();
  if (day === new Date(now).toDateString()) return t("thread.today");
  if (day === new Date(now - 86_400_000).toDateString()) return t("thread.yesterday");
  return formatDate(iso);
}
