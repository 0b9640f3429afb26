import type { IdentityKind } from "../../../common/domain.js";

/** One spelling per address, so that the unique index really identifies a customer. */
export function normalizeIdentity(kind: IdentityKind, value: string): string {
  const trimmed = value.trim();
  switch (kind) {
    case "email":
      return trimmed.toLowerCase();
    case "phone":
    case "whatsapp":
      return normalizePhone(trimmed);
    default:
      return trimmed;
  }
}

function normalizePhone(value: string): string {
  const digits = value.replace(/[^\d]/g, "");
  if (value.startsWith("+")) return `+${digits}`;
  if (value.startsWith("00")) return `+${digits.slice(2)}`;
  return digits;
}
