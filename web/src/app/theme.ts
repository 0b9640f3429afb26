import { CloseButton, createTheme, Input, PasswordInput, type MantineThemeOverride } from "@mantine/core";
import type { TFunction } from "i18next";

/**
 * Calm and legible: system fonts, one accent colour, text that meets WCAG AA. Mantine's
 * own icon buttons get names in the agent's language.
 */
export function createAppTheme(t: TFunction): MantineThemeOverride {
  return createTheme({
    primaryColor: "indigo",
    primaryShade: 7,
    autoContrast: true,
    defaultRadius: "md",
    fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    headings: { fontWeight: "650" },
    focusRing: "auto",
    cursorType: "pointer",
    components: {
      // CloseButton is polymorphic, so its props are typed without DOM attributes; Mantine passes them on.
      CloseButton: CloseButton.extend({ defaultProps: { "aria-label": t("common.close") } as Partial<CloseButton.Props> }),
      InputClearButton: Input.ClearButton.extend({ defaultProps: { "aria-label": t("common.clear") } }),
      PasswordInput: PasswordInput.extend({ defaultProps: { visibilityToggleButtonProps: { "aria-label": t("common.showPassword") } } }),
    },
  });
}
