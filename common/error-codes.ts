/**
 * Every stable error code the API can answer with. Clients may switch on these;
 * never rename one, only add.
 */
export const errorCodes = [
  // platform
  "validation_failed",
  "invalid_json",
  "unauthenticated",
  "forbidden",
  "csrf_token_invalid",
  "route_not_found",
  "payload_too_large",
  "rate_limited",
  "conflict",
  "internal_error",
  "service_unavailable",
  "websocket_required",
  // auth
  "invalid_credentials",
  "account_locked",
  "password_incorrect",
  "password_too_weak",
  "api_token_not_found",
  // accounts, agents, teams
  "agent_not_found",
  "agent_email_taken",
  "team_not_found",
  "team_name_taken",
  // customers
  "customer_not_found",
  "identity_taken",
  // channels
  "channel_not_found",
  "channel_token_invalid",
  "channel_disabled",
  "channel_type_mismatch",
  // conversations and messages
  "conversation_not_found",
  "status_not_found",
  "status_key_taken",
  "message_not_found",
  "message_not_retryable",
  "attachment_not_found",
  "attachment_too_large",
  "attachment_type_blocked",
  "inbound_message_not_found",
  // delivery
  "delivery_failed",
  // business hours, presence
  "business_hours_not_found",
  "business_hours_name_taken",
  "business_hours_default_required",
  "time_zone_invalid",
  "holiday_calendar_invalid",
  // SLA and escalation
  "sla_policy_not_found",
  "sla_policy_scope_taken",
  "escalation_not_possible",
  // routing and assignment
  "routing_rule_not_found",
  "routing_rules_mismatch",
  "offer_not_found",
  "offer_closed",
  // bot
  "intent_training_data_invalid",
  "intent_classifier_invalid",
  "intent_classifier_outdated",
  // knowledge base and help center
  "account_not_found",
  "knowledge_article_not_found",
  "knowledge_article_slug_taken",
  "knowledge_category_not_found",
  "knowledge_category_slug_taken",
  "knowledge_category_locale_mismatch",
  // bot
  "intent_not_found",
  "intent_name_taken",
  "intent_article_not_found",
  "bot_llm_failed",
  // email
  "email_recipient_missing",
  "email_raw_missing",
  "email_not_reprocessable",
  // website chat
  "chat_visitor_token_invalid",
  "chat_identity_required",
  "chat_identity_invalid",
  "chat_origin_forbidden",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export type ErrorBody = {
  error: { code: ErrorCode; message: string; details?: unknown };
};
