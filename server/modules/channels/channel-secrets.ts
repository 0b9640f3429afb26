import type { ChannelType } from "../../../common/domain.js";
import { chatSecretSettings } from "../../channels/chat/chat-settings.js";
import { emailSecretSettings } from "../../channels/email/email-settings.js";

/** What a secret setting reads as in every channel view. */
export const REDACTED_SECRET = "********";

/** Secret settings per channel type, as paths into the settings object. */
const secretSettings: Partial<Record<ChannelType, ReadonlyArray<readonly string[]>>> = {
  email: emailSecretSettings,
  chat: chatSecretSettings,
};

/** The settings with every secret that is set replaced by REDACTED_SECRET. */
export function redactSecretSettings(type: ChannelType, settings: Record<string, unknown>): Record<string, unknown> {
  const paths = secretSettings[type];
  if (!paths) return settings;
  const copy = structuredClone(settings);
  for (const path of paths) {
    const parent = parentOf(copy, path);
    const key = path.at(-1)!;
    if (parent && typeof parent[key] === "string" && parent[key] !== "") parent[key] = REDACTED_SECRET;
  }
  return copy;
}

/**
 * Settings as updated by an admin who saw redacted secrets: a secret left out, or sent back
 * as REDACTED_SECRET, keeps its stored value; null or a new value replaces it.
 */
export function keepSecretSettings(type: ChannelType, stored: Record<string, unknown>, updated: Record<string, unknown>): Record<string, unknown> {
  const paths = secretSettings[type];
  if (!paths) return updated;
  const copy = structuredClone(updated);
  for (const path of paths) {
    const parent = parentOf(copy, path);
    const key = path.at(-1)!;
    if (!parent) continue;
    if (parent[key] === undefined || parent[key] === REDACTED_SECRET) {
      const previous = parentOf(stored, path)?.[key];
      if (previous === undefined) delete parent[key];
      else parent[key] = previous;
    }
  }
  return copy;
}

function parentOf(settings: Record<string, unknown>, path: readonly string[]): Record<string, unknown> | null {
  let current: unknown = settings;
  for (const key of path.slice(0, -1)) {
    if (!current || typeof current !== "object") return null;
    current = (current as Record<string, unknown>)[key];
  }
  return current && typeof current === "object" ? (current as Record<string, unknown>) : null;
}
