import type { InboxFilters } from "../features/inbox/inbox-filters";

/**
 * Every react-query key in one place: realtime updates and optimistic mutations reach
 * into the same caches the screens read from.
 */
export const queryKeys = {
  session: ["session"] as const,
  counts: ["counts"] as const,
  conversationLists: ["conversations"] as const,
  conversationList: (filters: InboxFilters) => ["conversations", filters] as const,
  conversation: (id: string) => ["conversation", id] as const,
  messages: (conversationId: string) => ["messages", conversationId] as const,
  emailDrafts: (conversationId: string) => ["email-draft", conversationId] as const,
  emailDraft: (conversationId: string, mode: string, messageId: string | null) => ["email-draft", conversationId, mode, messageId] as const,
  customer: (id: string) => ["customer", id] as const,
  customerConversations: (customerId: string) => ["customer-conversations", customerId] as const,
  statuses: ["statuses"] as const,
  agents: ["agents"] as const,
  teams: ["teams"] as const,
  channels: ["channels"] as const,
  apiTokens: ["api-tokens"] as const,
  helpCenter: ["help-center"] as const,
  articleLists: ["articles"] as const,
  articles: (filters: { query?: string; locale?: string; status?: string }) => ["articles", filters] as const,
  article: (id: string) => ["article", id] as const,
  knowledgeCategories: ["knowledge-categories"] as const,
  intents: ["intents"] as const,
  botSettings: ["bot-settings"] as const,
  conversationBot: (conversationId: string) => ["conversation-bot", conversationId] as const,
  slaPolicies: ["sla-policies"] as const,
  businessHours: ["business-hours"] as const,
  escalations: (conversationId: string) => ["escalations", conversationId] as const,
  /** Everything routing shows (board, queues, offers): refreshed together on routing events. */
  routing: ["routing"] as const,
  board: ["routing", "board"] as const,
  teamQueue: (teamId: string) => ["routing", "queue", teamId] as const,
  offers: ["routing", "offers"] as const,
  routingRules: ["routing-rules"] as const,
  teamAssignment: (teamId: string) => ["team-assignment", teamId] as const,
};
