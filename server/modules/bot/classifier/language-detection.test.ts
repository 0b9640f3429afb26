import { describe, expect, it } from "vitest";
import { detectLanguage } from "./language-detection.js";

const englishMessages = [
  "Hi",
  "Hello there",
  "Thanks!",
  "Where is my card?",
  "My card has not arrived yet",
  "I want a refund",
  "Top up failed",
  "How do I change my PIN?",
  "Why was I charged twice for the same order?",
  "Can you help me please",
  "The app keeps crashing when I log in",
  "I forgot my password",
  "What is the exchange rate today?",
  "Please cancel my subscription",
  "Is there a fee for international transfers?",
  "my parcel is late",
  "Your delivery driver was very rude to me yesterday.",
  "I would like to close my account.",
  "how long does it take",
  "Still waiting for an answer",
  "Order 12345 never arrived",
  "Where can I find the invoice for last month?",
  "I need to update my address",
  "thank you so much for the quick help",
  "Good morning, I have a question about my bill",
  "Why is my payment still pending?",
  "Which countries do you ship to?",
  "the discount code does not work",
  "Can I pay with Apple Pay?",
  "Someone stole my wallet and my cards",
];

const germanMessages = [
  "Hallo",
  "Danke!",
  "Guten Tag",
  "Wo ist meine Karte?",
  "Meine Karte ist noch nicht angekommen",
  "Ich möchte mein Geld zurück",
  "Passwort vergessen",
  "Wie ändere ich meine PIN?",
  "Warum wurde mir die Bestellung zweimal berechnet?",
  "Können Sie mir bitte helfen",
  "Die App stürzt immer ab, wenn ich mich anmelde",
  "Wie hoch ist der Wechselkurs heute?",
  "Bitte kündigen Sie mein Abo",
  "Gibt es eine Gebühr für Auslandsüberweisungen?",
  "Mein Paket ist zu spät",
  "Ihr Fahrer war gestern sehr unfreundlich zu mir.",
  "Ich würde gerne mein Konto schließen.",
  "wie lange dauert das",
  "Ich warte immer noch auf eine Antwort",
  "Bestellung 12345 ist nie angekommen",
  "Wo finde ich die Rechnung vom letzten Monat?",
  "Ich muss meine Adresse ändern",
  "vielen Dank für die schnelle Hilfe",
  "Guten Morgen, ich habe eine Frage zu meiner Rechnung",
  "Warum ist meine Zahlung noch offen?",
  "In welche Länder liefern Sie?",
  "der Rabattcode funktioniert nicht",
  "Kann ich mit Apple Pay bezahlen?",
  "Jemand hat mein Portemonnaie und meine Karten gestohlen",
  "Lieferung fehlt",
];

describe("detectLanguage", () => {
  it.each(englishMessages)("detects English: %s", (message) => {
    expect(detectLanguage(message).language).toBe("en");
  });

  it.each(germanMessages)("detects German: %s", (message) => {
    expect(detectLanguage(message).language).toBe("de");
  });

  it("reports no language for messages without words", () => {
    for (const message of ["", "👍", "12345", "?!", "a"]) expect(detectLanguage(message).language).toBeNull();
  });

  it("is more confident about longer messages", () => {
    const short = detectLanguage("Karte weg").confidence;
    const long = detectLanguage("Ich habe meine Karte verloren und brauche bitte schnell eine neue Karte").confidence;
    expect(long).toBeGreaterThan(short);
  });

  it("ranks only the candidate languages it is given", () => {
    const detection = detectLanguage("Wo ist meine Karte?", { languages: ["en"] });
    expect(detection.ranking.map((entry) => entry.language)).toEqual(["en"]);
  });
});
