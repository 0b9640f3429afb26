import type { Executor } from "../../platform/db/database.js";
import type { ConversationRow } from "../../platform/db/rows.js";
import type { EmailInboundData } from "../../channels/email/email-inbound.js";
import * as conversationStore from "../conversations/conversations.store.js";
import { threadTokenIn } from "./email-addressing.js";
import * as emailStore from "./email.store.js";

export type ThreadMatch = { conversation: ConversationRow; by: "headers" | "token" | "subject" };

/**
 * The conversation a received mail continues, or null for a new one. Candidates come from
 * In-Reply-To and References (our own Message-IDs and the mails we received), the token in
 * our Message-IDs and reply addresses, and last the `[#number]` subject marker. A candidate
 * counts only if the sender is its customer or one of its participants: a stranger's mail
 * never joins someone else's conversation, whatever it quotes or however it is titled.
 * A closed conversation is not continued; the mail opens a new one.
 */
export async function findThreadConversation(
  tx: Executor,
  input: { accountId: string; customerId: string; senderAddress: string; data: EmailInboundData },
): Promise<ThreadMatch | null> {
  const { accountId, data } = input;
  const candidates: Array<{ conversationId: string; by: ThreadMatch["by"] }> = [];

  const referenced = [data.inReplyTo, ...[...data.references].reverse()].filter((id): id is string => Boolean(id));
  const uniqueReferenced = [...new Set(referenced)];
  if (uniqueReferenced.length > 0) {
    const known = await emailStore.findByHeaderMessageIds(tx, accountId, uniqueReferenced);
    // In-Reply-To first, then the newest reference: the order the sender's client gave.
    for (const id of uniqueReferenced) {
      for (const row of known.filter((candidate) => candidate.headerMessageId === id)) candidates.push({ conversationId: row.conversationId, by: "headers" });
    }
  }

  const tokens = new Set([...uniqueReferenced, ...data.recipients].map(threadTokenIn).filter((token): token is string => token !== null));
  for (const token of tokens) {
    const thread = await emailStore.findThreadByToken(tx, accountId, token);
    if (thread) candidates.push({ conversationId: thread.conversationId, by: "token" });
  }

  for (const match of data.subject.matchAll(/\[#(\d{1,9})\]/g)) {
    const conversationId = await emailStore.findConversationIdByNumber(tx, accountId, Number(match[1]));
    if (conversationId) candidates.push({ conversationId, by: "subject" });
  }

  const checked = new Set<string>();
  for (const candidate of candidates) {
    if (checked.has(candidate.conversationId)) continue;
    checked.add(candidate.conversationId);
    const conversation = await conversationStore.findForUpdate(tx, accountId, candidate.conversationId);
    if (!conversation || conversation.statusKind === "closed") continue;
    if (await isParticipant(tx, conversation, input.customerId, input.senderAddress)) return { conversation, by: candidate.by };
  }
  return null;
}

async function isParticipant(tx: Executor, conversation: ConversationRow, customerId: string, senderAddress: string): Promise<boolean> {
  if (conversation.customerId === customerId) return true;
  const thread = await emailStore.findThread(tx, conversation.accountId, conversation.id);
  return thread?.participants.some((person) => person.address === senderAddress) ?? false;
}
