import { useMemo } from "react";
import { useTranslation } from "react-i18next";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "due in 12 min", "due in 3 hr", "overdue by 5 min" in the app's language. */
export function useDueText(): (iso: string, now: number) => string {
  const { t, i18n } = useTranslation();
  return useMemo(() => {
    const relative = new Intl.RelativeTimeFormat(i18n.language, { numeric: "always", style: "short" });
    const amount = (milliseconds: number) =>
      milliseconds < HOUR
        ? relative.format(Math.max(1, Math.round(milliseconds / MINUTE)), "minute")
        : milliseconds < DAY
          ? relative.format(Math.round(milliseconds / HOUR), "hour")
          : relative.format(Math.round(milliseconds / DAY), "day");
    return (iso: string, now: number) => {
      const left = Date.parse(iso) - now;
      return left >= 0 ? t("sla.dueIn", { relative: amount(left) }) : t("sla.overdue");
    };
  }, [t, i18n.language]);
}
