import { Button, Menu, type ButtonProps } from "@mantine/core";
import { IconCheck, IconLanguage } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { locales } from "../../../common/domain";
import { api } from "../api/client";
import { chooseLocale, isLocale, languageNames } from "../i18n/i18n";

/**
 * Switches the UI language at once. With `isSaved` (inside the logged-in app) the choice is
 * also stored on the agent's profile, so it follows the agent to other browsers.
 */
export function LanguageSwitcher({ variant = "subtle", compact = false, isSaved = false }: { variant?: ButtonProps["variant"]; compact?: boolean; isSaved?: boolean }) {
  const { t, i18n } = useTranslation();
  const current = isLocale(i18n.language) ? i18n.language : "en";
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant={variant}
          color="gray"
          size="compact-sm"
          leftSection={<IconLanguage size={16} aria-hidden />}
          aria-label={t("language.change", { language: languageNames[current] })}
        >
          {compact ? current.toUpperCase() : languageNames[current]}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t("language.label")}</Menu.Label>
        {locales.map((locale) => (
          <Menu.Item
            key={locale}
            lang={locale}
            onClick={() => {
              chooseLocale(locale);
              if (isSaved) void api.patch("/api/auth/profile", { locale }).catch(() => undefined);
            }}
            rightSection={locale === current ? <IconCheck size={14} aria-hidden /> : null}
            aria-current={locale === current ? "true" : undefined}
          >
            {languageNames[locale]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
