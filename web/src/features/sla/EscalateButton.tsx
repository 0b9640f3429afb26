import { Button, Group, Modal, SegmentedControl, Select, Stack, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowUpRight } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ConversationView } from "../../../../common/views";
import { useTeams } from "../../api/reference-data";
import { errorMessage } from "../../i18n/errors";
import { useEscalate } from "./sla.api";

/** Hands the conversation to the next level or another team, with a reason that stays as an internal note. */
export function EscalateButton({ conversation }: { conversation: ConversationView }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const escalate = useEscalate(conversation.id);
  const [isOpen, setOpen] = useState(false);
  const canRaiseLevel = conversation.level < 3;
  const [target, setTarget] = useState<"next_level" | "team">(canRaiseLevel ? "next_level" : "team");
  const [teamId, setTeamId] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const otherTeams = (teams.data ?? []).filter((team) => team.id !== conversation.teamId);
  const isComplete = reason.trim().length > 0 && (target === "next_level" ? canRaiseLevel : teamId !== null);

  const close = () => {
    setOpen(false);
    setReason("");
    setTeamId(null);
  };
  const submit = () => {
    if (!isComplete) return;
    const input = target === "next_level" ? { to: "next_level" as const, reason: reason.trim() } : { to: "team" as const, teamId: teamId!, reason: reason.trim() };
    escalate.mutate(input, {
      onSuccess: () => {
        notifications.show({ color: "teal", message: t("escalation.done") });
        close();
      },
      onError: (error) => notifications.show({ color: "red", title: t("escalation.failed"), message: errorMessage(t, error) }),
    });
  };

  return (
    <>
      <Button size="compact-sm" variant="light" color="orange" leftSection={<IconArrowUpRight size={14} aria-hidden />} onClick={() => setOpen(true)}>
        {t("escalation.action")}
      </Button>
      <Modal opened={isOpen} onClose={close} title={t("escalation.title", { number: conversation.number })} centered>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack>
            <SegmentedControl
              fullWidth
              value={target}
              onChange={(value) => setTarget(value as "next_level" | "team")}
              data={[
                { value: "next_level", label: canRaiseLevel ? t("escalation.nextLevel", { level: conversation.level + 1 }) : t("escalation.topLevel"), disabled: !canRaiseLevel },
                { value: "team", label: t("escalation.otherTeam") },
              ]}
              aria-label={t("escalation.target")}
            />
            {target === "team" && (
              <Select
                label={t("escalation.team")}
                data={otherTeams.map((team) => ({ value: team.id, label: team.name }))}
                value={teamId}
                onChange={setTeamId}
                comboboxProps={{ withinPortal: true }}
                required
              />
            )}
            <Textarea label={t("escalation.reason")} description={t("escalation.reasonHint")} value={reason} onChange={(event) => setReason(event.currentTarget.value)} autosize minRows={3} maxLength={2000} required data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" color="orange" loading={escalate.isPending} disabled={!isComplete}>
                {t("escalation.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
