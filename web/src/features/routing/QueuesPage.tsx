import { Alert, Anchor, Button, Container, Group, Select, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useTeams } from "../../api/reference-data";
import { useFormatters, useNow } from "../../i18n/format";
import { ChannelIcon } from "../../ui/ChannelIcon";
import { PriorityBadge } from "../../ui/StatusBadge";
import { useDocumentTitle } from "../../ui/use-document-title";
import { useSession } from "../auth/session";
import { useTakeNext, useTeamQueue } from "./routing.api";

/** A team's waiting work in the order it is handed out: priority first, then the longest waiting. */
export function QueuesPage() {
  const { t } = useTranslation();
  const { agent } = useSession();
  const teams = useTeams();
  const navigate = useNavigate();
  const formatters = useFormatters();
  const now = useNow();
  const [chosenTeamId, setTeamId] = useState<string | null>(null);
  const teamId = chosenTeamId ?? teams.data?.find((team) => team.memberIds.includes(agent.id))?.id ?? teams.data?.[0]?.id ?? null;
  const queue = useTeamQueue(teamId);
  const takeNext = useTakeNext();
  useDocumentTitle(t("queues.title"));

  const take = () =>
    teamId &&
    takeNext.mutate(teamId, {
      onSuccess: (conversation) => {
        if (conversation) void navigate(`/inbox/${conversation.id}`);
        else notifications.show({ message: t("queues.empty") });
      },
    });

  return (
    <div style={{ height: "calc(100dvh - var(--app-shell-header-offset, 0px))", overflowY: "auto" }}>
      <Container size="lg" py="lg">
        <Group justify="space-between" mb="md">
          <Title order={1} size="h2">
            {t("queues.title")}
          </Title>
          <Group>
            <Select
              label={t("queues.team")}
              data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
              value={teamId}
              onChange={setTeamId}
              allowDeselect={false}
              w={220}
            />
            <Button onClick={take} disabled={!teamId || (queue.data?.length ?? 0) === 0} loading={takeNext.isPending} mt={24}>
              {t("queues.takeNext")}
            </Button>
          </Group>
        </Group>
        {teams.data?.length === 0 && <Alert>{t("queues.noTeams")}</Alert>}
        {queue.data && queue.data.length === 0 && <Text c="dimmed">{t("queues.empty")}</Text>}
        {queue.data && queue.data.length > 0 && (
          <Table striped highlightOnHover aria-label={t("queues.tableLabel")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("queues.position")}</Table.Th>
                <Table.Th>{t("queues.conversation")}</Table.Th>
                <Table.Th>{t("queues.customer")}</Table.Th>
                <Table.Th>{t("queues.priority")}</Table.Th>
                <Table.Th>{t("queues.waiting")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queue.data.map((item) => (
                <Table.Tr key={item.conversation.id}>
                  <Table.Td>{item.position}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <ChannelIcon type={item.conversation.channel.type} />
                      <Anchor component={Link} to={`/inbox/${item.conversation.id}`} size="sm">
                        #{item.conversation.number} {item.conversation.subject || item.conversation.preview}
                      </Anchor>
                    </Group>
                  </Table.Td>
                  <Table.Td>{item.conversation.customer.name}</Table.Td>
                  <Table.Td>
                    <PriorityBadge priority={item.conversation.priority} />
                  </Table.Td>
                  <Table.Td>{formatters.relativeTime(item.queuedAt, now)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Container>
    </div>
  );
}
