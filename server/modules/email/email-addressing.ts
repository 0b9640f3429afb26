import { randomBytes } from "node:crypto";
import type { EmailKind } from "../../../common/domain.js";
import type { Executor } from "../../platform/db/database.js";
import type { ChannelRow, ConversationRow, EmailMessageRow } from "../../platform/db/rows.js";
import { type EmailChannelSettings, emailSettingsOf, ownAddresses } from "../../channels/email/email-settings.js";
import * as customerStore from "../customers/customers.store.js";
import * as emailStore from "./email.store.js";
import type { EmailAddress } from "./email.table.js";

const MAX_REFERENCES = 20;
const subjectPrefixes = /^\s*((re|aw|antw|wg|fw|fwd|tr|sv|vs)(\[\d+\])?\s*:\s*)+/i;

/** Addresses and threading headers of a mail Caredesk is about to send. */
export type PlannedMail = {
  to: EmailAddress[];
  cc: EmailAddress[];
  bcc: EmailAddress[];
  subject: string;
  headerMessageId: string;
  inReplyTo: string | null;
  references: string[];
};

/**
 * Plans an outgoing mail of a conversation. A reply goes to whoever the answered mail asks
 * replies to go to (Reply-To, else From), or the customer's address; reply-all adds that
 * mail's other recipients as Cc; a forward goes only where the agent says. Replies carry
 * In-Reply-To and References, and every mail a Message-ID with the conversation's token, so
 * the answer threads back; the subject carries `[#number]` as the last resort.
 */
export async function planOutgoing(
  executor: Executor,
  input: {
    channel: ChannelRow;
    conversation: Pick<ConversationRow, "id" | "accountId" | "number" | "subject" | "customerId">;
    kind: EmailKind;
    /** The mail answered or forwarded; by default the conversation's newest received mail. */
    parent?: EmailMessageRow | null;
    to?: EmailAddress[];
    cc?: EmailAddress[];
    bcc?: EmailAddress[];
  },
): Promise<PlannedMail> {
  const { channel, conversation, kind } = input;
  const settings = emailSettingsOf(channel.settings);
  const own = ownAddresses(settings);
  const parent = input.parent === undefined ? await emailStore.latestInbound(executor, conversation.accountId, conversation.id) : input.parent;
  const thread = await emailStore.ensureThread(executor, conversation.accountId, conversation.id);
  const customer = await customerAddress(executor, conversation, parent, own);

  let to: EmailAddress[];
  let cc: EmailAddress[];
  if (kind === "forward") {
    to = input.to ?? [];
    cc = input.cc ?? [];
  } else {
    to = input.to ?? (customer ? [customer] : []);
    const others = kind === "reply_all" && parent ? [...parent.to, ...parent.cc] : [];
    cc = input.cc ?? others;
  }
  to = withoutOwn(unique(to), own);
  const toAddresses = new Set(to.map((person) => person.address));
  cc = withoutOwn(unique(cc), own).filter((person) => !toAddresses.has(person.address));
  const bcc = withoutOwn(unique(input.bcc ?? []), own);

  const prefix = kind === "forward" ? (settings.language === "de" ? "WG:" : "Fwd:") : "Re:";
  const baseSubject = (parent?.subject || conversation.subject || "").replace(subjectPrefixes, "").replace(/\s*\[#\d+\]\s*/g, " ").trim();
  const subject = `${prefix} ${baseSubject} [#${conversation.number}]`.replace(/\s+/g, " ").trim();

  const isThreaded = kind !== "forward" && parent?.headerMessageId;
  return {
    to,
    cc,
    bcc,
    subject,
    headerMessageId: `cd.${thread.token}.${randomBytes(9).toString("hex")}@${domainOf(settings)}`,
    inReplyTo: isThreaded ? parent!.headerMessageId : null,
    references: isThreaded ? [...parent!.references, parent!.headerMessageId!].slice(-MAX_REFERENCES) : [],
  };
}

/** The token in our Message-IDs (`cd.<token>.<random>@…`) and reply addresses (`…+cd-<token>@…`). */
export function threadTokenIn(value: string): string | null {
  return /^cd\.([a-z0-9]{16})\./i.exec(value)?.[1]?.toLowerCase() ?? /\+cd-([a-z0-9]{16})@/i.exec(value)?.[1]?.toLowerCase() ?? null;
}

/** The channel's address with the conversation token (plus addressing): `support+cd-<token>@example.com`. */
export function replyAddressWithToken(address: string, token: string): string {
  const [local, domain] = address.split("@");
  return `${local}+cd-${token}@${domain}`;
}

export function domainOf(settings: EmailChannelSettings): string {
  return settings.address?.split("@")[1] ?? "caredesk.invalid";
}

async function customerAddress(
  executor: Executor,
  conversation: Pick<ConversationRow, "accountId" | "customerId">,
  parent: EmailMessageRow | null,
  own: Set<string>,
): Promise<EmailAddress | null> {
  if (parent?.direction === "in") {
    const replyTo = parent.replyTo.filter((person) => !own.has(person.address));
    if (replyTo[0]) return replyTo[0];
    if (parent.fromAddress && !own.has(parent.fromAddress)) return { name: parent.fromName, address: parent.fromAddress };
  }
  const customer = await customerStore.findById(executor, conversation.accountId, conversation.customerId);
  if (!customer) return null;
  const [withIdentities] = await customerStore.withIdentities(executor, [customer]);
  const email = withIdentities?.identities.find((identity) => identity.kind === "email" && !identity.value.endsWith(".invalid"));
  return email ? { name: customer.name || null, address: email.value } : null;
}

function unique(people: EmailAddress[]): EmailAddress[] {
  const seen = new Set<string>();
  return people
    .map((person) => ({ name: person.name?.trim() || null, address: person.address.trim().toLowerCase() }))
    .filter((person) => person.address.includes("@") && !seen.has(person.address) && seen.add(person.address));
}

function withoutOwn(people: EmailAddress[], own: Set<string>): EmailAddress[] {
  return people.filter((person) => !own.has(person.address) && !own.has(person.address.replace(/\+[^@]*@/, "@")));
}
