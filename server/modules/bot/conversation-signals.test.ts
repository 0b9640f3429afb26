import { describe, expect, it } from "vitest";
import { isHumanRequest, isStronglyNegative, negativeSentimentScore, readYesNo } from "./conversation-signals.js";
import { checkAnswer } from "./qualification.js";

describe("conversation signals", () => {
  it("recognises a request for a person, in English and German", () => {
    for (const text of ["agent", "Human please", "I want to talk to a real person", "Can I speak to someone?", "Mitarbeiter", "Ich möchte mit einem Menschen sprechen", "Bitte verbinden Sie mich mit einem Berater"]) {
      expect(isHumanRequest(text), text).toBe(true);
    }
    for (const text of ["Where is my order?", "Someone stole my parcel from the doorstep and the tracking says delivered yesterday", "Ich habe mein Passwort vergessen"]) {
      expect(isHumanRequest(text), text).toBe(false);
    }
  });

  it("scores strongly negative messages, with shouting as an amplifier", () => {
    expect(isStronglyNegative("This is unacceptable!")).toBe(true);
    expect(isStronglyNegative("Das ist eine Frechheit und wirklich ärgerlich")).toBe(true);
    expect(isStronglyNegative("The worst")).toBe(false);
    expect(negativeSentimentScore("Where is my order?")).toBe(0);
    expect(negativeSentimentScore("WORST SERVICE EVER, TERRIBLE!")).toBeGreaterThanOrEqual(3);
  });

  it("reads yes and no answers", () => {
    expect(readYesNo("Yes, thanks!")).toBe("yes");
    expect(readYesNo("Ja, danke")).toBe("yes");
    expect(readYesNo("No, it didn't")).toBe("no");
    expect(readYesNo("Leider nicht")).toBe("no");
    expect(readYesNo("nö")).toBe("no");
    expect(readYesNo("What about shipping?")).toBeNull();
  });
});

describe("pre-qualification answers", () => {
  const orderNumber = { key: "order_number", kind: "order_number" as const, prompt: { en: "Order number?", de: "Bestellnummer?" }, pattern: "\\d{5}", choices: [] };

  it("finds an order number inside a sentence and refuses one of the wrong shape", () => {
    expect(checkAnswer(orderNumber, "It is #48213, thanks", "en")).toEqual({ isValid: true, value: "48213" });
    expect(checkAnswer(orderNumber, "123456", "en").isValid).toBe(false);
    const refused = checkAnswer(orderNumber, "ABC", "de");
    expect(refused).toEqual({ isValid: false, retry: expect.stringContaining("Bestellnummer") });
  });

  it("reads email addresses, choices by label or number, and free text", () => {
    const email = { ...orderNumber, key: "email", kind: "email" as const, pattern: null };
    expect(checkAnswer(email, "Sure: Jane.Doe@Example.com", "en")).toEqual({ isValid: true, value: "jane.doe@example.com" });
    expect(checkAnswer(email, "jane at example", "en").isValid).toBe(false);
    const choice = {
      ...orderNumber,
      key: "reason",
      kind: "choice" as const,
      pattern: null,
      choices: [
        { value: "damaged", label: { en: "Damaged", de: "Beschädigt" } },
        { value: "wrong_size", label: { en: "Wrong size", de: "Falsche Größe" } },
      ],
    };
    expect(checkAnswer(choice, "beschädigt", "de")).toEqual({ isValid: true, value: "damaged" });
    expect(checkAnswer(choice, "2", "en")).toEqual({ isValid: true, value: "wrong_size" });
    expect(checkAnswer(choice, "It came in the wrong size", "en")).toEqual({ isValid: true, value: "wrong_size" });
    expect(checkAnswer(choice, "blue", "en")).toEqual({ isValid: false, retry: "Please answer with one of these options: Damaged, Wrong size." });
    expect(checkAnswer({ ...orderNumber, kind: "text" as const }, "x", "en").isValid).toBe(false);
  });
});
