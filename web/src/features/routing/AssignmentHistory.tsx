import { Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { AssignmentDecisionView } from "../../../../common/routing";
import { api, type Envelope } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useFormatters } from "../../i18n/format";
import { explanationText } from "./explanation";

/** Why the conversation went where it went: routing's decisions with their reasons. */
export function AssignmentHistory({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const decisions = useQuery({
    queryKey: [...queryKeys.routing, "decisions", conversationId],
    queryFn: async ({ signal }) => (await api.get<Envelope<AssignmentDecisionView[]>>(`/api/conversations/${conversationId}/assignment-decisions`, undefined, signal)).data,
  });
  if (!decisions.data || decisions.data.length === 0) return null;
  return (
    <section aria-labelledby={`assignment-history-${conversationId}`}>
      <Title order={3} size="h6" id={`assignment-history-${conversationId}`} mb="xs" tt="uppercase" c="dimmed">
        {t("routing.history")}
      </Title>
      <Stack gap={6} component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {decisions.data.slice(-5).map((decision) => (
          <Text component="li" key={decision.id} size="xs">
            <Text span fw={600} size="xs">
              {t(`routing.outcome.${decision.outcome}`, { name: decision.explanation.agent?.name ?? "" })}
            </Text>{" "}
            {explanationText(t, decision.explanation)} · {format.dateTime(decision.createdAt)}
          </Text>
        ))}
      </Stack>
    </section>
  );
}
