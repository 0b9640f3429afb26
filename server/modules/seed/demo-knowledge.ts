import type { AgentActor } from "../../platform/actor.js";
import type { Services } from "../../services.js";

type DemoArticle = { key: string; locale: "en" | "de"; category: string; title: string; body: string; questions: string[] };

const categories = [
  { key: "orders-en", locale: "en", name: "Orders & delivery", description: "Tracking, delivery times, shipping abroad", position: 1 },
  { key: "account-en", locale: "en", name: "Your account", description: "Login, password, personal details", position: 2 },
  { key: "returns-en", locale: "en", name: "Returns & refunds", description: "Sending items back and getting your money", position: 3 },
  { key: "orders-de", locale: "de", name: "Bestellung & Versand", description: "Sendungsverfolgung, Lieferzeiten, Versand ins Ausland", position: 1 },
  { key: "account-de", locale: "de", name: "Ihr Konto", description: "Anmeldung, Passwort, persönliche Daten", position: 2 },
  { key: "returns-de", locale: "de", name: "Rücksendung & Erstattung", description: "Ware zurückschicken und Geld zurückerhalten", position: 3 },
] as const;

const articles: DemoArticle[] = [
  {
    key: "password-en", locale: "en", category: "account-en", title: "Resetting your password",
    body: "Forgot your password? No problem:\n\n1. Open **Log in** and choose *Forgot password*.\n2. Enter the email address of your account.\n3. Follow the link in the email we send you. It works for **one hour**.\n\nNo email after ten minutes? Check your spam folder, then write to us.",
    questions: ["How do I change my password?", "I forgot my password", "The password reset link does not work"],
  },
  {
    key: "delivery-en", locale: "en", category: "orders-en", title: "Delivery times",
    body: "We ship within one business day. Parcels inside Germany arrive in **2–3 business days**, to the rest of the EU in 3–6 and to Canada in 5–8.\n\nYour shipping email contains a tracking link.",
    questions: ["How long does delivery take?", "When will my parcel arrive?", "Do you ship to Canada?"],
  },
  {
    key: "returns-en", locale: "en", category: "returns-en", title: "Returning an item",
    body: "You can return any item within **30 days**. Print the free return label from your order page, pack the item and drop it at any post office. We refund within 5 business days after the parcel arrives.",
    questions: ["How do I return something?", "Is the return shipping free?"],
  },
  {
    key: "password-de", locale: "de", category: "account-de", title: "Passwort zurücksetzen",
    body: "Passwort vergessen? Kein Problem:\n\n1. Öffnen Sie **Anmelden** und wählen Sie *Passwort vergessen*.\n2. Geben Sie die E-Mail-Adresse Ihres Kontos ein.\n3. Folgen Sie dem Link in unserer E-Mail. Er gilt **eine Stunde**.\n\nKeine E-Mail nach zehn Minuten? Sehen Sie im Spam-Ordner nach und schreiben Sie uns dann.",
    questions: ["Wie ändere ich mein Passwort?", "Ich habe mein Passwort vergessen", "Der Link zum Zurücksetzen funktioniert nicht"],
  },
  {
    key: "delivery-de", locale: "de", category: "orders-de", title: "Lieferzeiten",
    body: "Wir versenden innerhalb eines Werktags. Pakete innerhalb Deutschlands kommen in **2–3 Werktagen** an, in die übrige EU in 3–6 Werktagen.\n\nIn Ihrer Versandbestätigung finden Sie den Link zur Sendungsverfolgung.",
    questions: ["Wie lange dauert die Lieferung?", "Wann kommt mein Paket?", "Liefern Sie auch nach Österreich?"],
  },
  {
    key: "returns-de", locale: "de", category: "returns-de", title: "Artikel zurücksenden",
    body: "Sie können jeden Artikel innerhalb von **30 Tagen** zurücksenden. Drucken Sie das kostenlose Rücksendeetikett auf Ihrer Bestellseite aus und geben Sie das Paket bei der Post ab. Wir erstatten innerhalb von 5 Werktagen nach Eingang.",
    questions: ["Wie schicke ich etwas zurück?", "Ist die Rücksendung kostenlos?"],
  },
];

/**
 * The demo's knowledge base and bot: articles in English and German, intents that answer,
 * pre-qualify and route, and the bot switched on for the API and chat channels.
 */
export async function seedDemoKnowledge(
  services: Services,
  admin: AgentActor,
  teams: { firstLevel: { id: string }; billing: { id: string }; technical: { id: string } },
  channelIds: string[],
): Promise<void> {
  const categoryIds = new Map<string, string>();
  for (const { key, ...category } of categories) categoryIds.set(key, (await services.knowledge.createCategory(admin, category)).id);
  const articleIds = new Map<string, string>();
  for (const article of articles) {
    const created = await services.knowledge.createArticle(admin, {
      title: article.title,
      locale: article.locale,
      categoryId: categoryIds.get(article.category)!,
      bodyMarkdown: article.body,
      exampleQuestions: article.questions,
      status: "published",
    });
    articleIds.set(article.key, created.id);
  }
  await services.bot.createIntent(admin, {
    name: "password_reset",
    description: "Cannot log in or forgot the password",
    examples: ["I forgot my password", "How can I reset my password?", "I cannot log in to my account", "My login is not working", "I am locked out"],
    articleId: articleIds.get("password-en")!,
    questions: [],
    outcome: { topic: "login", category: "question", priority: null, level: null, teamId: teams.technical.id },
  });
  await services.bot.createIntent(admin, {
    name: "order_status",
    description: "Where is my order?",
    examples: [
      "Where is my order?", "My parcel has not arrived yet", "I ordered last week and still nothing came", "What is the status of my order", "Tracking shows no update",
      "Wo ist meine Bestellung?", "Mein Paket ist noch nicht angekommen", "Ich habe vor einer Woche bestellt und nichts ist gekommen", "Wie ist der Status meiner Bestellung",
    ],
    articleId: null,
    questions: [{ key: "order_number", kind: "order_number", prompt: { en: "What is your order number? (5 digits)", de: "Wie lautet Ihre Bestellnummer? (5 Ziffern)" }, pattern: "\\d{5}", choices: [] }],
    outcome: { topic: "delivery", category: "question", priority: "normal", level: 1, teamId: teams.firstLevel.id },
  });
  await services.bot.createIntent(admin, {
    name: "refund",
    description: "Money back for a return, a damaged item or a double charge",
    examples: [
      "I want my money back", "How do I get a refund?", "I returned the item but was not refunded", "I was charged twice",
      "Ich möchte mein Geld zurück", "Wie bekomme ich eine Rückerstattung?", "Mir wurde doppelt abgebucht", "Ich habe die Ware zurückgeschickt, aber kein Geld erhalten",
    ],
    articleId: null,
    questions: [
      { key: "order_number", kind: "order_number", prompt: { en: "What is your order number? (5 digits)", de: "Wie lautet Ihre Bestellnummer? (5 Ziffern)" }, pattern: "\\d{5}", choices: [] },
      {
        key: "reason",
        kind: "choice",
        prompt: { en: "What happened?", de: "Was ist passiert?" },
        pattern: null,
        choices: [
          { value: "returned", label: { en: "I sent it back", de: "Zurückgeschickt" } },
          { value: "damaged", label: { en: "It arrived damaged", de: "Beschädigt angekommen" } },
          { value: "double_charge", label: { en: "I was charged twice", de: "Doppelt abgebucht" } },
        ],
      },
      { key: "email", kind: "email", prompt: { en: "Which email address did you order with?", de: "Mit welcher E-Mail-Adresse haben Sie bestellt?" }, pattern: null, choices: [] },
    ],
    outcome: { topic: "refund", category: "request", priority: "high", level: 2, teamId: teams.billing.id },
  });
  await services.bot.updateSettings(admin, { channels: channelIds.map((channelId) => ({ channelId, mode: "always" as const })) });
}
