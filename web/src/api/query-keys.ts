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
  customer: (id: string) => ["customer", id] as const,
  customerConversations: (customerId: string) => ["customer-conversations", customerId] as const,
  statuses: ["statuses"] as const,
  agents: ["agents"] as const,
  teams: ["teams"] as const,
  channels: ["channels"] as const,
  apiTokens: ["api-tokens"] as const,
  /** Everything routing shows (board, queues, offers): refreshed together on routing events. */
  routing: ["routing"] as const,
  board: ["routing", "board"] as const,
  teamQueue: (teamId: string) => ["routing", "queue", teamId] as const,
  offers: ["routing", "offers"] as const,
  routingRules: ["routing-rules"] as const,
  teamAssignment: (teamId: string) => ["team-assignment", teamId] as const,
};
