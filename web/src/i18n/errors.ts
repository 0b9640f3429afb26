import type { TFunction } from "i18next";
import { ApiError } from "../api/client";

/** A failure as a sentence in the agent's language; the server's own message is the fallback. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t("errors.unexpected");
  if (error.code === "account_locked") {
    const minutes = Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60));
    return t("errors.account_locked", { count: minutes });
  }
  const key = `errors.${error.code}`;
  const translated = t(key, { defaultValue: "" });
  if (translated) return translated;
  return error.message || t("errors.unexpected");
}
