import type { EmailAddressView } from "../../../../common/views";

// Deliberately loose: the server validates again; this only catches typos before sending.
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const NAMED = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<>"]*?))\s*<\s*([^<>\s]+)\s*>\s*$/;

/** `Kim Lee <kim@example.com>`, or the bare address when there is no name. */
export function formatAddress(person: EmailAddressView): string {
  if (!person.name) return person.address;
  const name = /[",;<>@]/.test(person.name) ? `"${person.name.replace(/(["\\])/g, "\\$1")}"` : person.name;
  return `${name} <${person.address}>`;
}

/** What a person is called in a short line: their name, else their address. */
export function displayName(person: EmailAddressView): string {
  return person.name?.trim() || person.address;
}

/** One typed or pasted recipient: `kim@example.com`, `Kim Lee <kim@example.com>`, `"Lee, Kim" <kim@example.com>`. */
export function parseAddress(input: string): EmailAddressView | null {
  const value = input.trim().replace(/^mailto:/i, "");
  if (!value) return null;
  const named = NAMED.exec(value);
  const address = (named ? named[3]! : value).toLowerCase();
  if (!ADDRESS.test(address)) return null;
  const name = named ? (named[1]?.replace(/\\(.)/g, "$1") ?? named[2] ?? "").trim() : "";
  return { name: name || null, address };
}

/** Splits a pasted list at commas and semicolons outside quotes and angle brackets. */
export function splitAddressList(input: string): string[] {
  const parts: string[] = [];
  let current = "";
  let isQuoted = false;
  let isBracketed = false;
  for (const character of input) {
    if (character === '"') isQuoted = !isQuoted;
    else if (character === "<" && !isQuoted) isBracketed = true;
    else if (character === ">" && !isQuoted) isBracketed = false;
    if ((character === "," || character === ";" || character === "\n") && !isQuoted && !isBracketed) {
      if (current.trim()) parts.push(current.trim());
      current = "";
    } else {
      current += character;
    }
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Reads recipient entries; what is not an address comes back as `invalid` so the agent can fix it. */
export function parseAddressList(entries: string[]): { addresses: EmailAddressView[]; invalid: string[] } {
  const addresses: EmailAddressView[] = [];
  const invalid: string[] = [];
  for (const entry of entries.flatMap(splitAddressList)) {
    const person = parseAddress(entry);
    if (person) addresses.push(person);
    else invalid.push(entry);
  }
  return { addresses: uniqueRecipients(addresses), invalid };
}

/** Drops repeated addresses (case-insensitive), keeping the first and the first name given. */
export function uniqueRecipients(people: EmailAddressView[]): EmailAddressView[] {
  const seen = new Map<string, EmailAddressView>();
  for (const person of people) {
    const address = person.address.toLowerCase();
    const existing = seen.get(address);
    if (!existing) seen.set(address, { name: person.name, address });
    else if (!existing.name && person.name) seen.set(address, { name: person.name, address });
  }
  return [...seen.values()];
}

/** Removes from `people` everyone already in one of `others` (an address in To is not repeated in Cc). */
export function withoutRecipients(people: EmailAddressView[], ...others: EmailAddressView[][]): EmailAddressView[] {
  const taken = new Set(others.flat().map((person) => person.address.toLowerCase()));
  return people.filter((person) => !taken.has(person.address.toLowerCase()));
}
