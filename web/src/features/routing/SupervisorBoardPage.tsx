import { Badge, Container, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { AgentLoadView } from "../../../../common/routing";
import { useFormatters, useNow } from "../../i18n/format";
import { useDocumentTitle } from "../../ui/use-document-title";
import { presenceColors } from "./PresenceSwitcher";
import { useSupervisorBoard } from "./routing.api";

/** Live queues per team and every agent's presence and load; kept current by realtime events. */
export function SupervisorBoardPage() {
  const { t } = useTranslation();
  const board = useSupervisorBoard();
  const formatters = useFormatters();
  const now = useNow();
  useDocumentTitle(t("board.title"));
  const teamNames = new Map((board.data?.teams ?? []).map((team) => [team.id, team.name]));

  return (
    <div style={{ height: "calc(100dvh - var(--app-shell-header-offset, 0px))", overflowY: "auto" }}>
      <Container size="xl" py="lg">
        <Title order={1} size="h2" mb="md">
          {t("board.title")}
        </Title>
        <Title order={2} size="h4" mb="sm">
          {t("board.queues")}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} mb="xl" component="ul" style={{ listStyle: "none", padding: 0 }} aria-label={t("board.queues")}>
          {board.data?.teams.map((team) => (
            <Paper component="li" key={team.id} withBorder p="md" radius="md" aria-label={team.name}>
              <Group justify="space-between" mb={4}>
                <Text fw={600}>{team.name}</Text>
                <Badge variant="light" color="gray" style={{ textTransform: "none" }}>
                  {t(`routing.strategy.${team.strategy}`)}
                </Badge>
              </Group>
              <Text size="xl" fw={700}>
                {t("board.waiting", { count: team.waiting })}
              </Text>
              <Text size="sm" c="dimmed">
                {team.oldestQueuedAt ? t("board.oldest", { time: formatters.relativeTime(team.oldestQueuedAt, now) }) : t("board.noneWaiting")}
              </Text>
              {team.pendingOffers > 0 && <Text size="sm">{t("board.offers", { count: team.pendingOffers })}</Text>}
            </Paper>
          ))}
        </SimpleGrid>
        <Title order={2} size="h4" mb="sm">
          {t("board.agents")}
        </Title>
        <Table striped aria-label={t("board.agents")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("board.agent")}</Table.Th>
              <Table.Th>{t("board.presence")}</Table.Th>
              <Table.Th>{t("board.level")}</Table.Th>
              <Table.Th>{t("board.teams")}</Table.Th>
              <Table.Th>{t("board.openConversations")}</Table.Th>
              <Table.Th>{t("board.chats")}</Table.Th>
              <Table.Th>{t("board.pendingOffers")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {board.data?.agents.map((agent) => (
              <Table.Tr key={agent.id} aria-label={agent.name}>
                <Table.Td>{agent.name}</Table.Td>
                <Table.Td>
                  <Badge color={presenceColors[agent.presence]} variant="dot" style={{ textTransform: "none" }}>
                    {t(`presence.state.${agent.presence}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{agent.level}</Table.Td>
                <Table.Td>{agent.teamIds.map((teamId) => teamNames.get(teamId)).filter(Boolean).join(", ")}</Table.Td>
                <Table.Td>
                  <Load label={t("board.openConversations")} used={agent.openConversations} max={agent.maxOpenConversations} />
                </Table.Td>
                <Table.Td>
                  <Load label={t("board.chats")} used={agent.chats} max={agent.maxChats} />
                </Table.Td>
                <Table.Td>{agent.pendingOffers}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Container>
    </div>
  );
}

function Load({ label, used, max }: { label: string; used: AgentLoadView["openConversations"]; max: number }) {
  const share = max > 0 ? Math.min(100, (used / max) * 100) : 100;
  return (
    <Stack gap={2} miw={90}>
      <Text size="sm" data-testid="load">
        {used} / {max}
      </Text>
      <Progress value={share} color={share >= 100 ? "red" : share >= 80 ? "orange" : "blue"} size="xs" aria-label={`${label}: ${used} / ${max}`} />
    </Stack>
  );
}
