import { Alert, Anchor, Box, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../i18n/errors";
import { LanguageSwitcher } from "../../ui/LanguageSwitcher";
import { Logo } from "../../ui/Logo";
import { useDocumentTitle } from "../../ui/use-document-title";
import { useLogin } from "./session";

export function LoginPage() {
  const { t } = useTranslation();
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  useDocumentTitle(t("login.submit"));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  };

  return (
    <Center component="main" mih="100dvh" p="md" bg="var(--mantine-color-gray-0)">
      <Box w="100%" maw={400}>
        <Stack align="center" gap="xs" mb="lg">
          <Logo size={40} />
          <Title order={1} size="h2">
            {t("login.title")}
          </Title>
          <Text c="dimmed" size="sm">
            {t("login.subtitle")}
          </Text>
        </Stack>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <form onSubmit={submit} noValidate>
            <Stack>
              {login.isError && (
                <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} role="alert" title={t("login.failed")}>
                  {errorMessage(t, login.error)}
                </Alert>
              )}
              <TextInput
                label={t("login.email")}
                type="email"
                autoComplete="username"
                required
                autoFocus
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
              />
              <PasswordInput
                label={t("login.password")}
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
              />
              <Button type="submit" fullWidth loading={login.isPending} disabled={!email || !password}>
                {t("login.submit")}
              </Button>
            </Stack>
          </form>
        </Paper>
        <Stack align="center" mt="md" gap={4}>
          <LanguageSwitcher variant="subtle" />
          <Text size="xs" c="dimmed">
            <Anchor href="/api/docs" size="xs">
              {t("login.apiDocs")}
            </Anchor>
          </Text>
        </Stack>
      </Box>
    </Center>
  );
}
