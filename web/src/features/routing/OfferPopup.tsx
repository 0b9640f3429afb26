import { Button, Group, Modal, Progress, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ChannelIcon } from "../../ui/ChannelIcon";
import { explanationText } from "./explanation";
import { useAnswerOffer, useMyOffers } from "./routing.api";

/** A real-time conversation offered to this agent: accept or decline before the time runs out. */
export function OfferPopup() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const offers = useMyOffers();
  const answer = useAnswerOffer();
  const [now, setNow] = useState(() => Date.now());
  const offer = offers.data?.find((candidate) => candidate.status === "pending" && Date.parse(candidate.expiresAt) > now) ?? null;

  useEffect(() => {
    if (!offer) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [offer]);

  if (!offer) return null;
  const total = Date.parse(offer.expiresAt) - Date.parse(offer.createdAt);
  const left = Math.max(0, Date.parse(offer.expiresAt) - now);
  const secondsLeft = Math.ceil(left / 1000);
  const respond = (kind: "accept" | "decline") =>
    answer.mutate(
      { offerId: offer.id, answer: kind },
      {
        onSuccess: (conversation) => {
          if (conversation) void navigate(`/inbox/${conversation.id}`);
        },
        onError: () => notifications.show({ color: "orange", message: t("offer.gone") }),
      },
    );
  return (
    <Modal opened onClose={() => respond("decline")} title={t("offer.title")} centered closeOnClickOutside={false} trapFocus>
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap">
          <ChannelIcon type={offer.conversation.channel.type} />
          <Text fw={600}>
            {offer.conversation.customer.name || t("offer.unknownCustomer")} · #{offer.conversation.number}
          </Text>
        </Group>
        {offer.conversation.subject && <Text size="sm">{offer.conversation.subject}</Text>}
        <Text size="sm" c="dimmed" lineClamp={3}>
          {offer.conversation.preview}
        </Text>
        <Text size="xs" c="dimmed">
          {t("offer.why", { reasons: explanationText(t, offer.explanation) })}
        </Text>
        <div role="timer" aria-live="off" aria-label={t("offer.secondsLeft", { count: secondsLeft })}>
          <Progress value={total > 0 ? (left / total) * 100 : 0} color={secondsLeft <= 5 ? "red" : "blue"} size="sm" aria-hidden />
          <Text size="xs" mt={4}>
            {t("offer.secondsLeft", { count: secondsLeft })}
          </Text>
        </div>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => respond("decline")} loading={answer.isPending && answer.variables?.answer === "decline"}>
            {t("offer.decline")}
          </Button>
          <Button onClick={() => respond("accept")} loading={answer.isPending && answer.variables?.answer === "accept"} data-autofocus>
            {t("offer.accept")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
