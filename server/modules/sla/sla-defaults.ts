import type { ChannelType } from "../../../common/domain.js";
import type { Executor } from "../../platform/db/database.js";
import { slaPolicies } from "./sla.table.js";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
/** One business day of the default schedule (Mon–Fri 9–17), in seconds. */
const BUSINESS_DAY = 8 * HOUR;

type DefaultPolicy = { name: string; channelType: ChannelType | null; firstResponseSeconds: number; nextResponseSeconds: number; resolutionSeconds: number };

/**
 * The response promises of DESIGN.md, per channel type, in business time: chat and phone
 * 2 minutes (resolution within the session, taken as an hour), messengers 15 minutes and the
 * same day, social media an hour and one business day, email one and two business days,
 * letters five and ten. Other channels (the API) fall back to the email promise.
 */
export const defaultSlaPolicies: readonly DefaultPolicy[] = [
  { name: "Chat", channelType: "chat", firstResponseSeconds: 2 * MINUTE, nextResponseSeconds: 2 * MINUTE, resolutionSeconds: HOUR },
  { name: "Phone", channelType: "phone", firstResponseSeconds: 2 * MINUTE, nextResponseSeconds: 2 * MINUTE, resolutionSeconds: HOUR },
  { name: "WhatsApp", channelType: "whatsapp", firstResponseSeconds: 15 * MINUTE, nextResponseSeconds: 15 * MINUTE, resolutionSeconds: BUSINESS_DAY },
  { name: "Telegram", channelType: "telegram", firstResponseSeconds: 15 * MINUTE, nextResponseSeconds: 15 * MINUTE, resolutionSeconds: BUSINESS_DAY },
  { name: "Messenger", channelType: "messenger", firstResponseSeconds: 15 * MINUTE, nextResponseSeconds: 15 * MINUTE, resolutionSeconds: BUSINESS_DAY },
  { name: "Instagram", channelType: "instagram", firstResponseSeconds: HOUR, nextResponseSeconds: HOUR, resolutionSeconds: BUSINESS_DAY },
  { name: "Email", channelType: "email", firstResponseSeconds: BUSINESS_DAY, nextResponseSeconds: BUSINESS_DAY, resolutionSeconds: 2 * BUSINESS_DAY },
  { name: "Letter", channelType: "letter", firstResponseSeconds: 5 * BUSINESS_DAY, nextResponseSeconds: 5 * BUSINESS_DAY, resolutionSeconds: 10 * BUSINESS_DAY },
  { name: "Any other channel", channelType: null, firstResponseSeconds: BUSINESS_DAY, nextResponseSeconds: BUSINESS_DAY, resolutionSeconds: 2 * BUSINESS_DAY },
];

/** A new account's SLA policies (DESIGN.md's table), measured in business hours, warning at 75 %. */
export async function insertDefaultSlaPolicies(executor: Executor, accountId: string): Promise<void> {
  await executor.insert(slaPolicies).values(defaultSlaPolicies.map((policy) => ({ ...policy, accountId, priority: null, measure: "business_hours" as const })));
}
