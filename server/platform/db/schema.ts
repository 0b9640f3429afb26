/** Every table, for the typed database handle and for drizzle-kit. */
export * from "../../modules/accounts/accounts.table.js";
export * from "../../modules/agents/agents.table.js";
export * from "../../modules/teams/teams.table.js";
export * from "../../modules/auth/auth.table.js";
export * from "../../modules/customers/customers.table.js";
export * from "../../modules/channels/channels.table.js";
export * from "../../modules/conversations/conversations.table.js";
export * from "../../modules/messages/messages.table.js";
export * from "../../modules/attachments/attachments.table.js";
export * from "../../modules/ingest/ingest.table.js";
export * from "../../modules/business-hours/business-hours.table.js";
export * from "../../modules/presence/agent-connections.table.js";
export * from "../events/events.table.js";
export * from "../../modules/email/email.table.js";
export * from "../../modules/routing/routing.table.js";
