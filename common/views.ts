/**
 * The public shape of every resource: the contract of the REST API, realtime events and
 * outbound webhooks. Presenters on the server produce exactly these.
 */
import { z } from "zod";
import {
  agentPresences,
  authorTypes,
  escalationTriggers,
  categories,
  channelTypes,
  deliveryStatuses,
  emailKinds,
  identityKinds,
  locales,
  messageDirections,
  priorities,
  roles,
  slaAutoEscalations,
  slaMeasures,
  slaStates,
  statusKinds,
} from "./domain.js";

const timestamp = z.iso.datetime({ offset: true });
const id = z.uuid();
const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const AgentSummaryView = z.object({ id, name: z.string() }).meta({ id: "AgentSummary" });

export const AgentView = z
  .object({
    id,
    name: z.string(),
    email: z.string(),
    role: z.enum(roles),
    level,
    skills: z.array(z.string()),
    languages: z.array(z.string()),
    locale: z.enum(locales),
    teamIds: z.array(id),
    isActive: z.boolean(),
    createdAt: timestamp,
    presence: z.enum(agentPresences).describe("online while connected and active; away by choice or after inactivity; offline without a connection"),
    presenceChangedAt: timestamp.nullable(),
    maxChats: z.number().int().describe("real-time conversations (chat, messengers, callbacks) at once"),
    maxOpenConversations: z.number().int().describe("open conversations assigned at once, all channels"),
  })
  .meta({ id: "Agent" });
export type AgentView = z.infer<typeof AgentView>;

export const TeamView = z
  .object({ id, name: z.string(), description: z.string(), memberIds: z.array(id), createdAt: timestamp })
  .meta({ id: "Team" });
export type TeamView = z.infer<typeof TeamView>;

export const OpeningIntervalView = z
  .object({
    weekday: z.number().int().min(1).max(7).describe("ISO weekday: 1 Monday … 7 Sunday"),
    opens: z.string().describe("local time HH:mm"),
    closes: z.string().describe("local time HH:mm, 24:00 for midnight"),
  })
  .meta({ id: "OpeningInterval" });
export type OpeningIntervalView = z.infer<typeof OpeningIntervalView>;

export const BusinessHoursView = z
  .object({
    id,
    name: z.string(),
    timeZone: z.string(),
    weeklyHours: z.array(OpeningIntervalView),
    holidayCalendar: z.object({ country: z.string(), state: z.string().nullable() }).nullable(),
    customHolidays: z.array(z.object({ date: z.iso.date(), name: z.string() })),
    isDefault: z.boolean(),
    teamIds: z.array(id),
    channelIds: z.array(id),
    isOpenNow: z.boolean(),
    nextOpeningAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "BusinessHours" });
export type BusinessHoursView = z.infer<typeof BusinessHoursView>;

export const IdentityView = z.object({ id, kind: z.enum(identityKinds), value: z.string() }).meta({ id: "Identity" });
export type IdentityView = z.infer<typeof IdentityView>;

export const CustomerView = z
  .object({
    id,
    name: z.string(),
    language: z.string().nullable(),
    timeZone: z.string().nullable(),
    company: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()),
    tags: z.array(z.string()),
    accountManagerId: id.nullable().describe("a key account's own agent"),
    identities: z.array(IdentityView),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Customer" });
export type CustomerView = z.infer<typeof CustomerView>;

export const ChannelSummaryView = z.object({ id, type: z.enum(channelTypes), name: z.string() }).meta({ id: "ChannelSummary" });
export type ChannelSummaryView = z.infer<typeof ChannelSummaryView>;

export const ChannelView = z
  .object({
    id,
    type: z.enum(channelTypes),
    name: z.string(),
    isEnabled: z.boolean(),
    settings: z.record(z.string(), z.unknown()),
    createdAt: timestamp,
  })
  .meta({ id: "Channel" });
export type ChannelView = z.infer<typeof ChannelView>;

export const StatusView = z
  .object({ id, key: z.string(), name: z.string(), kind: z.enum(statusKinds), position: z.number().int(), isBuiltIn: z.boolean() })
  .meta({ id: "Status" });
export type StatusView = z.infer<typeof StatusView>;

export const SlaTargetView = z
  .object({
    dueAt: timestamp.nullable().describe("null while the clock is paused"),
    state: z.enum(slaStates),
    completedAt: timestamp.nullable().describe("when the target was met (or missed): the reply or the solution"),
  })
  .meta({ id: "SlaTarget" });
export type SlaTargetView = z.infer<typeof SlaTargetView>;

/** A conversation's SLA clocks; a target without a promise is null. */
export const ConversationSlaView = z
  .object({
    policyId: id.nullable(),
    isPaused: z.boolean().describe("the clocks stand still: pending, on hold, solved or closed"),
    firstResponse: SlaTargetView.nullable(),
    nextResponse: SlaTargetView.nullable(),
    resolution: SlaTargetView.nullable(),
    nextDueAt: timestamp.nullable().describe("the earliest due time of a running target"),
    state: z.enum(slaStates).describe("the worst state of a running target"),
  })
  .meta({ id: "ConversationSla" });
export type ConversationSlaView = z.infer<typeof ConversationSlaView>;

export const ConversationView = z
  .object({
    id,
    number: z.number().int(),
    subject: z.string(),
    channel: ChannelSummaryView,
    customer: z.object({ id, name: z.string() }),
    status: z.string(),
    statusKind: z.enum(statusKinds),
    priority: z.enum(priorities),
    assignee: AgentSummaryView.nullable(),
    teamId: id.nullable(),
    level,
    tags: z.array(z.string()),
    topic: z.string().nullable(),
    category: z.enum(categories).nullable(),
    language: z.string().nullable(),
    preview: z.string(),
    messageCount: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
    firstResponseAt: timestamp.nullable(),
    solvedAt: timestamp.nullable(),
    lastActivityAt: timestamp,
    sla: ConversationSlaView.nullable()
      .optional()
      .describe("null: no SLA policy applies (yet); absent from an event that did not read the clocks: keep what you have"),
  })
  .meta({ id: "Conversation" });
export type ConversationView = z.infer<typeof ConversationView>;

export const SlaPolicyView = z
  .object({
    id,
    name: z.string(),
    channelType: z.enum(channelTypes).nullable(),
    priority: z.enum(priorities).nullable(),
    firstResponseSeconds: z.number().int().nullable(),
    nextResponseSeconds: z.number().int().nullable(),
    resolutionSeconds: z.number().int().nullable(),
    measure: z.enum(slaMeasures),
    businessHoursId: id.nullable(),
    warningPercent: z.number().int(),
    autoEscalation: z.enum(slaAutoEscalations),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "SlaPolicy" });
export type SlaPolicyView = z.infer<typeof SlaPolicyView>;

export const EscalationView = z
  .object({
    id,
    conversationId: id,
    trigger: z.enum(escalationTriggers),
    fromLevel: level,
    toLevel: level,
    fromTeamId: id.nullable(),
    toTeamId: id.nullable(),
    reason: z.string(),
    noteId: id.nullable(),
    escalatedBy: AgentSummaryView.nullable().describe("null: escalated automatically"),
    createdAt: timestamp,
  })
  .meta({ id: "Escalation" });
export type EscalationView = z.infer<typeof EscalationView>;

export const AttachmentView = z
  .object({ id, fileName: z.string(), contentType: z.string(), byteSize: z.number().int(), url: z.string() })
  .meta({ id: "Attachment" });
export type AttachmentView = z.infer<typeof AttachmentView>;

export const EmailAddressView = z.object({ name: z.string().nullable(), address: z.string() }).meta({ id: "EmailAddress" });
export type EmailAddressView = z.infer<typeof EmailAddressView>;

/** The email side of a message: addresses, threading headers, the body split for collapsing, the raw source. */
export const EmailDetailsView = z
  .object({
    messageId: z.string().nullable().describe("The Message-ID header, without angle brackets"),
    kind: z.enum(emailKinds),
    subject: z.string(),
    from: EmailAddressView.nullable(),
    to: z.array(EmailAddressView),
    cc: z.array(EmailAddressView),
    bcc: z.array(EmailAddressView).describe("Only on sent mail"),
    replyTo: z.array(EmailAddressView),
    sentAt: timestamp.nullable(),
    inReplyTo: z.string().nullable(),
    body: z.object({
      text: z.string().describe("What the sender wrote now, without quoted history and signature"),
      signature: z.string().nullable(),
      quotedText: z.string().nullable().describe("The quoted history (collapsed by default)"),
      html: z.string().nullable().describe("Sanitized HTML of the new part; inline images point to attachments; remote images are removed unless allowed"),
      signatureHtml: z.string().nullable(),
      quotedHtml: z.string().nullable(),
    }),
    hasRemoteImages: z.boolean(),
    remoteImagesAllowed: z.boolean(),
    rawUrl: z.string().nullable().describe("The mail exactly as it arrived or was sent (message/rfc822)"),
    parseError: z.string().nullable().describe("Set when the mail could not be read fully; the raw mail is then attached and can be reprocessed"),
    automation: z.string().nullable().describe("Why the mail counts as sent by a machine; such mail is never acknowledged automatically"),
    isRateLimited: z.boolean().describe("The sender exceeded the channel's rate limit (a mail loop?)"),
    bounce: z
      .object({ recipient: z.string().nullable(), status: z.string().nullable(), diagnostic: z.string().nullable(), reportedAt: timestamp })
      .nullable()
      .describe("Sent mail that a delivery status notification reported"),
  })
  .meta({ id: "EmailDetails" });
export type EmailDetailsView = z.infer<typeof EmailDetailsView>;

export const MessageView = z
  .object({
    id,
    conversationId: id,
    direction: z.enum(messageDirections),
    authorType: z.enum(authorTypes),
    author: z.object({ id, name: z.string() }).nullable(),
    isNote: z.boolean(),
    text: z.string(),
    html: z.string().nullable(),
    externalId: z.string().nullable(),
    deliveryStatus: z.enum(deliveryStatuses),
    deliveryError: z.string().nullable(),
    attachments: z.array(AttachmentView),
    /** Only on messages of email channels. */
    email: EmailDetailsView.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "Message" });
export type MessageView = z.infer<typeof MessageView>;

export const ApiTokenView = z
  .object({ id, name: z.string(), prefix: z.string(), createdAt: timestamp, lastUsedAt: timestamp.nullable() })
  .meta({ id: "ApiToken" });
export type ApiTokenView = z.infer<typeof ApiTokenView>;

export const InboxCountsView = z
  .object({
    mine: z.number().int(),
    unassigned: z.number().int(),
    active: z.number().int(),
    byStatusKind: z.object(Object.fromEntries(statusKinds.map((kind) => [kind, z.number().int()])) as Record<(typeof statusKinds)[number], z.ZodNumber>),
    finishedCountLimit: z.number().int().describe("solved and closed are counted up to this many; show the limit as “10,000+”"),
  })
  .meta({ id: "InboxCounts" });
export type InboxCountsView = z.infer<typeof InboxCountsView>;

/** A page of a list: `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}
