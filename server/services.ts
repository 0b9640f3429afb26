import { randomUUID } from "node:crypto";
import type { ServiceDeps } from "./context.js";
import { AccountService } from "./modules/accounts/accounts.service.js";
import { AgentService } from "./modules/agents/agents.service.js";
import { AttachmentService } from "./modules/attachments/attachments.service.js";
import { AuthService } from "./modules/auth/auth.service.js";
import { BusinessHoursService } from "./modules/business-hours/business-hours.service.js";
import { ChatIntake } from "./modules/chat/chat-intake.js";
import { ChatService } from "./modules/chat/chat.service.js";
import { ChannelService } from "./modules/channels/channels.service.js";
import { ConversationService } from "./modules/conversations/conversations.service.js";
import { StatusService } from "./modules/conversations/statuses.service.js";
import { CustomerService } from "./modules/customers/customers.service.js";
import { EmailIntake } from "./modules/email/email-intake.js";
import { EmailService } from "./modules/email/email.service.js";
import { botSubscriber } from "./modules/bot/bot.subscriber.js";
import { BotService } from "./modules/bot/bot.service.js";
import { HelpCenterService } from "./modules/help-center/help-center.service.js";
import { KnowledgeService } from "./modules/knowledge/knowledge.service.js";
import { IngestService } from "./modules/ingest/ingest.service.js";
import { processInboundMessageJob } from "./modules/ingest/jobs/process-inbound-message.job.js";
import { deliverMessageJob } from "./modules/messages/jobs/deliver-message.job.js";
import { performMessageDelivery } from "./modules/messages/message-delivery.js";
import { MessageService } from "./modules/messages/messages.service.js";
import { PresenceService } from "./modules/presence/presence.service.js";
import { AssignmentService, type AssignmentOptions } from "./modules/routing/assignment.service.js";
import { drainTeamQueueJob } from "./modules/routing/jobs/drain-team-queue.job.js";
import { expireOfferJob } from "./modules/routing/jobs/expire-offer.job.js";
import { RoutingRuleService } from "./modules/routing/routing-rules.service.js";
import { drainWhenCapacityFrees, routeNewConversations } from "./modules/routing/routing.subscribers.js";
import { TeamService } from "./modules/teams/teams.service.js";
import { escalationSubscriber } from "./modules/escalations/escalations.subscribers.js";
import { EscalationService } from "./modules/escalations/escalations.service.js";
import { checkSlaJob, recomputeAccountSlasJob } from "./modules/sla/jobs/check-sla.job.js";
import { SlaService } from "./modules/sla/sla.service.js";
import { slaClockSubscriber } from "./modules/sla/sla.subscribers.js";

export type Services = ReturnType<typeof createServices>;

export type ServiceOptions = { assignment?: AssignmentOptions; presence?: { staleAfterMs?: number } };

/** Wires every service to its dependencies and registers what the job queue performs. */
export function createServices(deps: ServiceDeps, options: ServiceOptions = {}) {
  const attachments = new AttachmentService(deps);
  const customers = new CustomerService(deps);
  const conversations = new ConversationService(deps);
  const messages = new MessageService(deps, conversations, attachments);
  const ingest = new IngestService(deps, customers, conversations, messages);
  const emailIntake = new EmailIntake(deps, ingest, customers, conversations, messages);
  ingest.useIntake("email", emailIntake);
  ingest.useIntake("chat", new ChatIntake(ingest));
  const businessHours = new BusinessHoursService(deps);
  const bot = new BotService(deps, messages, conversations, businessHours);
  deps.events.addSubscribers(botSubscriber(bot));
  const sla = new SlaService(deps, businessHours);
  const escalations = new EscalationService(deps, conversations, messages);
  sla.useThresholdHandler(async (tx, { conversation, target, kind }) => {
    const reason = `SLA ${kind === "breach" ? "breached" : "warning"} (${target.replace("_", " ")}): escalated automatically.`;
    await escalations.escalateAutomatically(tx, conversation.accountId, conversation.id, kind === "breach" ? "sla_breach" : "sla_warning", reason);
  });
  deps.events.addSubscribers(slaClockSubscriber(sla), escalationSubscriber(escalations, deps.db));
  const assignment = new AssignmentService(deps, conversations, options.assignment);
  const presence = new PresenceService(deps, { nodeId: randomUUID(), ...options.presence });

  deps.jobs.register(expireOfferJob, ({ offerId }) => assignment.expire(offerId));
  deps.jobs.register(drainTeamQueueJob, async ({ accountId, teamId }) => {
    await assignment.drain(accountId, teamId);
  });
  deps.events.addSubscribers(routeNewConversations(assignment, bot), drainWhenCapacityFrees(assignment));

  deps.jobs.register(deliverMessageJob, performMessageDelivery(deps, messages));
  deps.jobs.register(processInboundMessageJob, async ({ inboundMessageId }) => {
    const result = await ingest.process(inboundMessageId);
    if (result.status === "failed") throw new Error(result.error ?? "processing failed again");
  });
  deps.jobs.register(checkSlaJob, ({ accountId, conversationId }) => sla.reconcile(accountId, conversationId, { isTimer: true }));
  deps.jobs.register(recomputeAccountSlasJob, ({ accountId }) => sla.recomputeAccount(accountId));

  return {
    deps,
    accounts: new AccountService(deps),
    auth: new AuthService(deps),
    agents: new AgentService(deps),
    teams: new TeamService(deps),
    channels: new ChannelService(deps),
    statuses: new StatusService(deps),
    businessHours,
    chat: new ChatService(deps, ingest, customers, attachments, businessHours),
    sla,
    escalations,
    attachments,
    customers,
    conversations,
    messages,
    ingest,
    emailIntake,
    assignment,
    presence,
    routingRules: new RoutingRuleService(deps),
    email: new EmailService(deps, messages, conversations, attachments),
    knowledge: new KnowledgeService(deps),
    helpCenter: new HelpCenterService(deps),
    bot,
  };
}
