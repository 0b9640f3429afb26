import { Badge, Container, Divider, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "../../ui/LanguageSwitcher";
import { useDocumentTitle } from "../../ui/use-document-title";
import { useSession } from "../auth/session";
import { ApiTokens } from "./ApiTokens";
import { BusinessHoursSettings } from "./BusinessHoursSettings";
import { SlaPoliciesSettings } from "./SlaPoliciesSettings";
import { PasswordForm } from "./PasswordForm";

/** The agent's own settings (profile and language, password, personal API tokens) and, for managers, SLA policies and business hours. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { agent, account } = useSession();
  const isManager = agent.role === "admin" || agent.role === "supervisor";
  useDocumentTitle(t("settings.title"));
  return (
    <div style={{ height: "calc(100dvh - var(--app-shell-header-offset, 0px))", overflowY: "auto" }}>
      <Container size="md" py="lg">
        <Title order={1} size="h2" mb="lg">
          {t("settings.title")}
        </Title>
        <Stack gap="lg">
          <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="settings-profile">
            <Title order={2} size="h4" id="settings-profile" mb="sm">
              {t("settings.profile.title")}
            </Title>
            <Group gap="xs">
              <Text fw={600}>{agent.name}</Text>
              <Badge variant="light" color="gray" style={{ textTransform: "none" }}>
                {t(`role.${agent.role}`)}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {agent.email} · {account.name}
            </Text>
            <Divider my="md" />
            <Group gap="sm">
              <Text size="sm" fw={500}>
                {t("language.label")}
              </Text>
              <LanguageSwitcher variant="default" isSaved />
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              {t("settings.profile.languageHint")}
            </Text>
          </Paper>
          <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="settings-password">
            <Title order={2} size="h4" id="settings-password" mb="sm">
              {t("settings.password.title")}
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              {t("settings.password.hint")}
            </Text>
            <PasswordForm />
          </Paper>
          <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="settings-tokens">
            <Title order={2} size="h4" id="settings-tokens" mb="sm">
              {t("settings.tokens.title")}
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              {t("settings.tokens.hint")}
            </Text>
            <ApiTokens />
          </Paper>
        </Stack>
        {isManager && (
          <Stack gap="lg" mt="lg">
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="settings-sla">
              <Title order={2} size="h4" id="settings-sla" mb="sm">
                {t("settings.sla.title")}
              </Title>
              <SlaPoliciesSettings isEditable />
            </Paper>
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="settings-business-hours">
              <Title order={2} size="h4" id="settings-business-hours" mb="sm">
                {t("settings.businessHours.title")}
              </Title>
              <Text size="sm" c="dimmed" mb="md">
                {t("settings.businessHours.hint")}
              </Text>
              <BusinessHoursSettings isEditable />
            </Paper>
          </Stack>
        )}
      </Container>
    </div>
  );
}
