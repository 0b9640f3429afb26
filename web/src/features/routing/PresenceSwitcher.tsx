import { Badge, Menu, UnstyledButton } from "@mantine/core";
import { IconCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { AgentPresence } from "../../../../common/domain";
import { useAgents } from "../../api/reference-data";
import { useSession } from "../auth/session";
import { useSetPresence } from "./routing.api";

export const presenceColors: Record<AgentPresence, string> = { online: "green", away: "yellow", offline: "gray" };

/** The agent's own presence in the header: online takes new work, away does not. */
export function PresenceSwitcher() {
  const { t } = useTranslation();
  const { agent } = useSession();
  const agents = useAgents();
  const setPresence = useSetPresence();
  const presence: AgentPresence = agents.data?.find((other) => other.id === agent.id)?.presence ?? "online";
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t("presence.switcher", { presence: t(`presence.state.${presence}`) })}>
          <Badge color={presenceColors[presence]} variant="dot" size="lg" style={{ textTransform: "none", cursor: "pointer" }}>
            {t(`presence.state.${presence}`)}
          </Badge>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {(["online", "away"] as const).map((choice) => (
          <Menu.Item key={choice} onClick={() => setPresence.mutate(choice)} rightSection={presence === choice ? <IconCheck size={14} aria-hidden /> : null}>
            {t(`presence.choose.${choice}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
