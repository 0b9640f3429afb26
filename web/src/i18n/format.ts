import { useMemo, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// One ticker for every relative time on screen, so "5 min ago" moves on without re-fetching.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const notify of listeners) notify();
  }, 30_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

export type Formatters = ReturnType<typeof createFormatters>;

function createFormatters(locale: string) {
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" });
  const time = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
  const dayMonth = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short" });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return {
    /** "now", "5 min ago", "3 hr ago", "yesterday", then a date. */
    relativeTime(iso: string, reference: number): string {
      const elapsed = reference - Date.parse(iso);
      if (elapsed < MINUTE) return relative.format(0, "second");
      if (elapsed < HOUR) return relative.format(-Math.floor(elapsed / MINUTE), "minute");
      if (elapsed < DAY) return relative.format(-Math.floor(elapsed / HOUR), "hour");
      if (elapsed < 7 * DAY) return relative.format(-Math.floor(elapsed / DAY), "day");
      return dayMonth.format(new Date(iso));
    },
    /** Short time for today, a day and month otherwise. */
    messageTime(iso: string, reference: number): string {
      const value = new Date(iso);
      const isToday = new Date(reference).toDateString() === value.toDateString();
      return isToday ? time.format(value) : `${dayMonth.format(value)}, ${time.format(value)}`;
    },
    date: (iso: string) => date.format(new Date(iso)),
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
    fileSize(bytes: number): string {
      if (bytes < 1024) return `${bytes} B`;
      if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} KB`;
      return `${number.format(bytes / (1024 * 1024))} MB`;
    },
  };
}

/** Dates, times and sizes in the agent's language. */
export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  return useMemo(() => createFormatters(i18n.language), [i18n.language]);
}
