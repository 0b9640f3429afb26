import { Anchor, Avatar, Badge, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import {
  IconApi,
  IconAt,
  IconBrandInstagram,
  IconBrandMessenger,
  IconBrandTelegram,
  IconBrandWhatsapp,
  IconBuilding,
  IconClock,
  IconLanguage,
  IconMessageCircle,
  IconPhone,
  type Icon,
} from "@tabler/icons-react";
import { Link, useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import type { IdentityKind } from "../../../../common/domain";
import { useFormatters, useNow } from "../../i18n/format";
import { initialsOf } from "../../ui/initials";
import { StatusBadge } from "../../ui/StatusBadge";
import { useCustomer, useCustomerConversations } from "./customers.api";
import classes from "./CustomerPanel.module.css";

const identityIcons: Record<IdentityKind, Icon> = {
  email: IconAt,
  phone: IconPhone,
  chat_visitor: IconMessageCircle,
  api: IconApi,
  whatsapp: IconBrandWhatsapp,
  telegram: IconBrandTelegram,
  messenger: IconBrandMessenger,
  instagram: IconBrandInstagram,
};

/** Who the customer is, and what they wrote to us before. */
export function CustomerPanel({ customerId, currentConversationId }: { customerId: string; currentConversationId: string }) {
  const { t, i18n } = useTranslation();
  const customer = useCustomer(customerId);
  const conversations = useCustomerConversations(customerId);
  const format = useFormatters();
  const now = useNow();
  const location = useLocation();
  const earlier = (conversations.data ?? []).filter((conversation) => conversation.id !== currentConversationId);
  const languageName = (code: string) => {
    try {
      return new Intl.DisplayNames([i18n.language], { type: "language" }).of(code) ?? code;
    } catch {
      return code;
    }
  };

  return (
    <Stack gap="md">
      <section aria-labelledby="customer-title">
        <Title order={3} size="h6" mb="xs" tt="uppercase" c="dimmed">
          {t("customer.title")}
        </Title>
        {!customer.data ? (
          <Stack gap={6} aria-busy>
            <Skeleton height={20} width="60%" />
            <Skeleton height={14} width="80%" />
          </Stack>
        ) : (
          <Stack gap="xs">
            <Group gap="sm" wrap="nowrap">
              <Avatar radius="xl" color="indigo" aria-hidden>
                {initialsOf(customer.data.name)}
              </Avatar>
              <Text fw={600} id="customer-title">
                {customer.data.name}
              </Text>
            </Group>
            <dl className={classes.facts}>
              {customer.data.company && (
                <div>
                  <dt>
                    <IconBuilding size={14} aria-hidden />
                    <span className={classes.term}>{t("customer.company")}</span>
                  </dt>
                  <dd>{customer.data.company}</dd>
                </div>
              )}
              {customer.data.language && (
                <div>
                  <dt>
                    <IconLanguage size={14} aria-hidden />
                    <span className={classes.term}>{t("customer.language")}</span>
                  </dt>
                  <dd>{languageName(customer.data.language)}</dd>
                </div>
              )}
              {customer.data.timeZone && (
                <div>
                  <dt>
                    <IconClock size={14} aria-hidden />
                    <span className={classes.term}>{t("customer.timeZone")}</span>
                  </dt>
                  <dd>{customer.data.timeZone}</dd>
                </div>
              )}
            </dl>
            {customer.data.identities.length > 0 && (
              <ul className={classes.identities} aria-label={t("customer.identities")}>
                {customer.data.identities.map((identity) => {
                  const IdentityIcon = identityIcons[identity.kind];
                  return (
                    <li key={identity.id}>
                      <span role="img" aria-label={t(`identityKind.${identity.kind}`)} title={t(`identityKind.${identity.kind}`)} className={classes.identityIcon}>
                        <IdentityIcon size={14} aria-hidden />
                      </span>
                      {identity.kind === "email" ? (
                        <Anchor href={`mailto:${identity.value}`} size="sm" className={classes.identityValue}>
                          {identity.value}
                        </Anchor>
                      ) : (
                        <Text size="sm" className={classes.identityValue}>
                          {identity.value}
                        </Text>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
            {customer.data.tags.length > 0 && (
              <Group gap={4} aria-label={t("customer.tags")} role="list">
                {customer.data.tags.map((tag) => (
                  <Badge key={tag} variant="outline" color="gray" size="sm" radius="sm" role="listitem" style={{ textTransform: "none" }}>
                    {tag}
                  </Badge>
                ))}
              </Group>
            )}
          </Stack>
        )}
      </section>
      <section aria-labelledby="customer-conversations-title">
        <Title order={3} size="h6" id="customer-conversations-title" mb="xs" tt="uppercase" c="dimmed">
          {t("customer.earlierConversations")}
        </Title>
        {conversations.isPending ? (
          <Skeleton height={40} />
        ) : earlier.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("customer.noEarlierConversations")}
          </Text>
        ) : (
          <ul className={classes.conversations}>
            {earlier.map((conversation) => (
              <li key={conversation.id}>
                <Link to={`/inbox/${conversation.id}${location.search}`} className={classes.conversationLink}>
                  <Text size="sm" fw={500} truncate>
                    {conversation.subject || t("conversation.noSubject")}
                  </Text>
                  <Group gap={6} mt={2} wrap="nowrap">
                    <StatusBadge status={conversation.status} kind={conversation.statusKind} />
                    <Text size="xs" c="dimmed" truncate>
                      #{conversation.number} · {format.relativeTime(conversation.lastActivityAt, now)}
                    </Text>
                  </Group>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Stack>
  );
}
