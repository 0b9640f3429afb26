import { Alert, Button, PasswordInput, Stack } from "@mantine/core";
import { IconAlertCircle, IconCheck } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { limits } from "../../../../common/limits";
import { errorMessage } from "../../i18n/errors";
import { useChangePassword } from "./settings.api";

export function PasswordForm() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [wasSubmitted, setSubmitted] = useState(false);
  const isTooShort = newPassword.length > 0 && newPassword.length < limits.passwordMinLength;
  const isMismatch = confirmation.length > 0 && confirmation !== newPassword;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!currentPassword || newPassword.length < limits.passwordMinLength || confirmation !== newPassword) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrentPassword("");
          setNewPassword("");
          setConfirmation("");
          setSubmitted(false);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        {change.isError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} role="alert">
            {errorMessage(t, change.error)}
          </Alert>
        )}
        {change.isSuccess && (
          <Alert color="green" variant="light" icon={<IconCheck aria-hidden />} role="status">
            {t("settings.password.changed")}
          </Alert>
        )}
        <PasswordInput
          label={t("settings.password.current")}
          autoComplete="current-password"
          required
          value={currentPassword}
          error={wasSubmitted && !currentPassword ? t("settings.password.required") : undefined}
          onChange={(event) => setCurrentPassword(event.currentTarget.value)}
        />
        <PasswordInput
          label={t("settings.password.new")}
          description={t("settings.password.rule", { count: limits.passwordMinLength })}
          autoComplete="new-password"
          required
          value={newPassword}
          error={(wasSubmitted || isTooShort) && newPassword.length < limits.passwordMinLength ? t("settings.password.tooShort", { count: limits.passwordMinLength }) : undefined}
          onChange={(event) => setNewPassword(event.currentTarget.value)}
        />
        <PasswordInput
          label={t("settings.password.confirm")}
          autoComplete="new-password"
          required
          value={confirmation}
          error={isMismatch ? t("settings.password.mismatch") : undefined}
          onChange={(event) => setConfirmation(event.currentTarget.value)}
        />
        <div>
          <Button type="submit" loading={change.isPending}>
            {t("settings.password.submit")}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
