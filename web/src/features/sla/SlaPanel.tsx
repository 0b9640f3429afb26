import { Badge, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { slaTargets, type SlaTarget } from "../../../../common/domain";
import type { ConversationView, SlaTargetView } from "../../../../common/views";
import { useTeams } from "../../api/reference-data";
import { useFormatters } from "../../i18n/format";
import { EscalateButton } from "./EscalateButton";
import { slaStateColors } from "./SlaBadge";
import { useEscalations } from "./sla.api";

const targetKey: Record<SlaTarget, "firstResponse" | "nextResponse" | "resolution"> = {
  first_response: "firstResponse",
  next_response: "nextResponse",
  resolution: "resolution",
};

/** The sidebar's SLA section: each target's due time and state, the escalate action and the escalation history. */
export function SlaPanel({ conversation, isEditable }: { conversation: ConversationView; isEditable: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const sla = conversation.sla;
  const escalations = useEscalations(conversation.id);
  const teams = useTeams();
  const teamName = (id: string | null) => (id ? (teams.data?.find((team) => team.id === id)?.name ?? "") : t("conversation.noTeam"));
  const headingId = `conversation-${conversation.id}-sla`;

  const describe = (target: SlaTargetView) => {
    if (target.completedAt) return t("sla.completedAt", { date: format.dateTime(target.completedAt) });
    if (!target.dueAt) return t("sla.paused");
    return t("sla.dueAt", { date: format.dateTime(target.dueAt) });
  };

  return (
    <section aria-labelledby={headingId}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h6" id={headingId} tt="uppercase" c="dimmed">
          {t("sla.title")}
        </Title>
        {isEditable && <EscalateButton conversation={conversation} />}
      </Group>
      {!sla ? (
        <Text size="sm" c="dimmed">
          {sla === null ? t("sla.none") : t("sla.computing")}
        </Text>
      ) : (
        <Stack gap={6} data-testid="sla-targets">
          {slaTargets.map((target) => {
            const view = sla[targetKey[target]];
            if (!view) return null;
            return (
              <Group key={target} justify="space-between" wrap="nowrap" gap="xs">
                <div>
                  <Text size="sm" fw={500}>
                    {t(`sla.target.${target}`)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {describe(view)}
                  </Text>
                </div>
                <Badge size="sm" variant={view.state === "ok" ? "light" : "filled"} color={slaStateColors[view.state]}>
                  {view.completedAt && view.state === "ok" ? t("sla.met") : t(`sla.state.${view.state}`)}
                </Badge>
              </Group>
            );
          })}
        </Stack>
      )}
      {(escalations.data?.length ?? 0) > 0 && (
        <Stack gap={4} mt="sm" component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label={t("escalation.history")}>
          {escalations.data!.map((escalation) => (
            <li key={escalation.id}>
              <Text size="xs" fw={500}>
                {escalation.fromLevel !== escalation.toLevel
                  ? t("escalation.toLevel", { from: escalation.fromLevel, to: escalation.toLevel })
                  : t("escalation.toTeam", { team: teamName(escalation.toTeamId) })}
                {" · "}
                {escalation.escalatedBy ? escalation.escalatedBy.name : t(`escalation.trigger.${escalation.trigger}`)}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={2}>
                {escalation.reason} · {format.dateTime(escalation.createdAt)}
              </Text>
            </li>
          ))}
        </Stack>
      )}
    </section>
  );
}
