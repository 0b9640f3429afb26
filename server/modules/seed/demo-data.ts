import type { IdentityKind, Priority } from "../../../common/domain.js";
import type { AgentActor } from "../../platform/actor.js";
import type { ChannelRow } from "../../platform/db/rows.js";
import type { Services } from "../../services.js";
import { actorOf } from "../auth/auth.service.js";
import { recomputeAccountSlasJob } from "../sla/jobs/check-sla.job.js";
import { backdateConversation, markRepliesSent } from "./demo-history.store.js";
import { DEMO_SUPPORT_ADDRESS, demoMails } from "./demo-mail.js";
import { seedDemoKnowledge } from "./demo-knowledge.js";

export const DEMO_ADMIN_EMAIL = "admin@demo.caredesk.local";
export const DEMO_PASSWORD = "caredesk-demo";

type DemoCustomer = { name: string; language: "en" | "de"; identities: Array<{ kind: IdentityKind; value: string }> };
type DemoMessage = { from: "customer" | "agent" | "note"; text: string };
type DemoConversation = {
  channel: "email" | "chat" | "api" | "whatsapp";
  customer: DemoCustomer;
  subject: string;
  messages: DemoMessage[];
  status: "new" | "open" | "pending" | "solved" | "closed";
  agent?: "anna" | "ben" | "clara";
  team?: "firstLevel" | "billing" | "technical";
  priority?: Priority;
  tags?: string[];
  hoursAgo: number;
};

const emma: DemoCustomer = { name: "Emma Wilson", language: "en", identities: [{ kind: "email", value: "emma.wilson@example.com" }] };
const liam: DemoCustomer = { name: "Liam Johnson", language: "en", identities: [{ kind: "api", value: "shop-user-4711" }, { kind: "email", value: "liam.johnson@example.com" }] };
const olivia: DemoCustomer = { name: "Olivia Brown", language: "en", identities: [{ kind: "email", value: "olivia.brown@example.org" }] };
const noah: DemoCustomer = { name: "Noah Davis", language: "en", identities: [{ kind: "api", value: "shop-user-5120" }] };
const sophia: DemoCustomer = { name: "Sophia Miller", language: "en", identities: [{ kind: "chat_visitor", value: "visitor-8f2a" }] };
const lukas: DemoCustomer = { name: "Lukas Müller", language: "de", identities: [{ kind: "chat_visitor", value: "visitor-1c9d" }, { kind: "email", value: "lukas.mueller@example.de" }] };
const mia: DemoCustomer = { name: "Mia Schneider", language: "de", identities: [{ kind: "whatsapp", value: "+49 151 23456789" }] };
const felix: DemoCustomer = { name: "Felix Fischer", language: "de", identities: [{ kind: "chat_visitor", value: "visitor-77b0" }] };
const hannah: DemoCustomer = { name: "Hannah Weber", language: "de", identities: [{ kind: "email", value: "hannah.weber@example.de" }] };
const jonas: DemoCustomer = { name: "Jonas Wagner", language: "de", identities: [{ kind: "whatsapp", value: "+49 170 9876543" }] };

const conversations: DemoConversation[] = [
  {
    channel: "email", customer: emma, subject: "Thanks for the quick help!", status: "closed", agent: "anna", hoursAgo: 24 * 9,
    messages: [
      { from: "customer", text: "My discount code SPRING10 was rejected at checkout." },
      { from: "agent", text: "Hi Emma, the code had expired yesterday. I have applied the discount to your order manually." },
      { from: "customer", text: "Thanks for the quick help!" },
    ],
  },
  {
    channel: "email", customer: emma, subject: "Where is my order #10234?", status: "new", priority: "normal", tags: ["delivery"], hoursAgo: 0.3,
    messages: [{ from: "customer", text: "Hi, I ordered a rain jacket last week (order #10234) and it still hasn't arrived. Tracking shows no update since Monday. Can you check?" }],
  },
  {
    channel: "chat", customer: lukas, subject: "Rückerstattung für Bestellung 20117", status: "open", agent: "anna", team: "firstLevel", priority: "high", tags: ["refund"], hoursAgo: 2,
    messages: [
      { from: "customer", text: "Hallo, ich habe meine Bestellung 20117 vor zwei Wochen zurückgeschickt, aber noch keine Rückerstattung erhalten." },
      { from: "agent", text: "Hallo Lukas, danke für Ihre Geduld. Ich prüfe den Rückversand sofort und melde mich gleich." },
      { from: "note", text: "Rücksendung laut Lager am 12. eingegangen – Erstattung hängt in der Buchhaltung." },
    ],
  },
  {
    channel: "api", customer: liam, subject: "Cannot log in to my account", status: "pending", agent: "ben", team: "technical", tags: ["login"], hoursAgo: 5,
    messages: [
      { from: "customer", text: "I can't log in since yesterday. The app says 'invalid session' every time." },
      { from: "agent", text: "Hi Liam, sorry about that. Could you tell me which app version you use (Settings → About)?" },
    ],
  },
  {
    channel: "whatsapp", customer: mia, subject: "Größe umtauschen", status: "solved", agent: "anna", tags: ["exchange"], hoursAgo: 30,
    messages: [
      { from: "customer", text: "Kann ich die Schuhe in Größe 39 gegen 40 tauschen?" },
      { from: "agent", text: "Hallo Mia, sehr gern! Ich habe Ihnen ein kostenloses Rücksendeetikett per E-Mail geschickt." },
      { from: "customer", text: "Super, danke!" },
    ],
  },
  {
    channel: "email", customer: olivia, subject: "Invoice missing VAT number", status: "open", agent: "clara", team: "billing", tags: ["invoice"], hoursAgo: 8,
    messages: [{ from: "customer", text: "Hello, our company needs invoices with our VAT number (GB123456789). Could you reissue invoice INV-2291?" }],
  },
  {
    channel: "chat", customer: felix, subject: "Lieferung beschädigt", status: "new", priority: "urgent", tags: ["complaint", "delivery"], hoursAgo: 0.1,
    messages: [{ from: "customer", text: "Das Paket kam völlig zerdrückt an und die Vase ist zerbrochen. Das ist wirklich ärgerlich!" }],
  },
  {
    channel: "api", customer: noah, subject: "Feature request: dark mode in the app", status: "closed", agent: "ben", tags: ["feedback"], hoursAgo: 24 * 4,
    messages: [
      { from: "customer", text: "Love the app! Any plans for a dark mode?" },
      { from: "agent", text: "Thanks Noah! I've passed it on to our product team – it's on the roadmap." },
    ],
  },
  {
    channel: "email", customer: hannah, subject: "Rechnung doppelt abgebucht", status: "open", team: "billing", priority: "high", tags: ["billing"], hoursAgo: 3,
    messages: [{ from: "customer", text: "Guten Tag, mir wurde die Rechnung RE-7731 zweimal von der Kreditkarte abgebucht. Bitte um Erstattung des doppelten Betrags." }],
  },
  {
    channel: "chat", customer: sophia, subject: "Do you ship to Canada?", status: "solved", agent: "ben", hoursAgo: 20,
    messages: [
      { from: "customer", text: "Do you ship to Canada, and how long does it take?" },
      { from: "agent", text: "Hi Sophia, yes we do! Delivery to Canada takes 5–8 business days." },
    ],
  },
  {
    channel: "whatsapp", customer: jonas, subject: "Gutschein funktioniert nicht", status: "pending", agent: "anna", tags: ["voucher"], hoursAgo: 26,
    messages: [
      { from: "customer", text: "Mein Gutscheincode GESCHENK25 funktioniert nicht." },
      { from: "agent", text: "Hallo Jonas, könnten Sie mir einen Screenshot der Fehlermeldung schicken?" },
    ],
  },
  {
    channel: "email", customer: liam, subject: "Password reset email not received", status: "new", priority: "normal", tags: ["login"], hoursAgo: 0.05,
    messages: [{ from: "customer", text: "I requested a password reset three times but no email arrives." }],
  },
];

/** A demo account with agents, teams, channels, customers and conversations in English and German. */
export async function seedDemoData(services: Services): Promise<void> {
  const { account, admin } = await services.accounts.create({
    name: "Demo Shop",
    admin: { email: DEMO_ADMIN_EMAIL, name: "Alex Admin", password: DEMO_PASSWORD },
  });
  const adminActor = actorOf(admin);
  const teams = {
    firstLevel: await services.teams.create(adminActor, { name: "First level", description: "Answers the frequent questions", memberIds: [] }),
    billing: await services.teams.create(adminActor, { name: "Billing", description: "Invoices, payments, refunds", memberIds: [] }),
    technical: await services.teams.create(adminActor, { name: "Technical", description: "Login, app and website problems", memberIds: [] }),
  };
  const newAgent = (email: string, name: string, role: "agent" | "supervisor" | "analyst", level: 1 | 2 | 3, languages: string[], teamIds: string[]) =>
    services.agents.create(adminActor, { email, name, role, level, languages, skills: [], locale: languages.includes("de") ? "de" : "en", password: DEMO_PASSWORD, teamIds });
  const agents = {
    anna: await newAgent("anna@demo.caredesk.local", "Anna Berger", "agent", 1, ["de", "en"], [teams.firstLevel.id]),
    ben: await newAgent("ben@demo.caredesk.local", "Ben Carter", "agent", 2, ["en"], [teams.technical.id]),
    clara: await newAgent("clara@demo.caredesk.local", "Clara Schmidt", "supervisor", 3, ["de", "en"], [teams.billing.id, teams.firstLevel.id]),
  };
  await newAgent("dana@demo.caredesk.local", "Dana Analyst", "analyst", 1, ["en"], []);

  const channels: Record<DemoConversation["channel"], ChannelRow> = {
    // No mailbox and no SMTP server: the demo reads no mail and its replies stay unsent (and say so).
    email: (
      await services.channels.create(adminActor, {
        type: "email",
        name: DEMO_SUPPORT_ADDRESS,
        isEnabled: true,
        settings: { address: DEMO_SUPPORT_ADDRESS, senderName: "Demo Shop Support", signature: "Demo Shop GmbH · Customer care · Hauptstraße 1, 10115 Berlin" },
      })
    ).channel,
    chat: (
      await services.channels.create(adminActor, {
        type: "chat",
        name: "Website chat",
        isEnabled: true,
        settings: {
          colors: { primary: "#0b7285", onPrimary: "#ffffff" },
          greeting: { en: "Hi! This is the Demo Shop team. How can we help you?", de: "Hallo! Hier ist das Team vom Demo-Shop. Wie können wir helfen?" },
        },
      })
    ).channel,
    api: (await services.channels.create(adminActor, { type: "api", name: "Shop app", isEnabled: true, settings: { webhookUrl: null } })).channel,
    whatsapp: (await services.channels.create(adminActor, { type: "whatsapp", name: "WhatsApp", isEnabled: true, settings: {} })).channel,
  };

  for (const [index, demo] of conversations.entries()) {
    const agentActor: AgentActor = demo.agent ? actorOf(agents[demo.agent]) : adminActor;
    let conversationId: string | null = null;
    const replyIds: string[] = [];
    for (const [position, message] of demo.messages.entries()) {
      if (message.from === "customer") {
        const result = await services.deps.db.transaction((tx) =>
          services.ingest.accept(tx, channels[demo.channel], {
            externalId: `demo-${index}-${position}`,
            customer: { identities: demo.customer.identities, name: demo.customer.name, language: demo.customer.language },
            subject: position === 0 ? demo.subject : null,
            text: message.text,
            html: null,
            attachments: [],
            sentAt: null,
          }),
        );
        conversationId = result.conversation.id;
      } else if (conversationId) {
        const sent = await services.messages.send(agentActor, conversationId, { text: message.text, html: null, isNote: message.from === "note", attachmentIds: [] });
        if (message.from === "agent") replyIds.push(sent.id);
      }
    }
    if (!conversationId) continue;
    await services.conversations.update(adminActor, conversationId, {
      status: demo.status,
      assigneeId: demo.agent ? agents[demo.agent].id : null,
      teamId: demo.team ? teams[demo.team].id : null,
      priority: demo.priority ?? "normal",
      tags: demo.tags ?? [],
      language: demo.customer.language,
    });
    // Demo history: these replies "went out" in the past, before any channel was set up.
    await markRepliesSent(services.deps.db, replyIds);
    await backdateConversation(services.deps.db, account.id, conversationId, demo.hoursAgo);
  }

  // Real mails through the email intake: addresses, Cc, quoted history, signature, attachment.
  for (const mail of demoMails()) {
    const { inboundMessage } = await services.emailIntake.receiveRaw(channels.email, mail.raw, { kind: "demo" });
    if (!inboundMessage.conversationId) continue;
    await services.conversations.update(adminActor, inboundMessage.conversationId, {
      status: mail.status,
      assigneeId: mail.agent ? agents[mail.agent].id : null,
      teamId: teams[mail.team].id,
      tags: mail.tags,
      language: mail.language,
    });
    await backdateConversation(services.deps.db, account.id, inboundMessage.conversationId, mail.hoursAgo);
  }
  // After the demo history: the bot joins only conversations begun after it was switched on.
  await seedDemoKnowledge(services, adminActor, teams, [channels.api.id, channels.chat.id]);
  // The demo history was backdated after its clocks started: start them again from the stored dates.
  await services.deps.jobs.enqueue(services.deps.db, recomputeAccountSlasJob, { accountId: account.id });
}
