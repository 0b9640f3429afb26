import { z } from "zod";
import type { Locale } from "../../../common/domain.js";
import type { Logger } from "../../platform/logging.js";

export type LlmEndpoint = { baseUrl: string; apiKey: string | null; model: string };

export type RetrievedArticle = { title: string; url: string; text: string };

const ChatCompletion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

const TIMEOUT_MS = 15_000;
const ARTICLE_CHARACTERS = 4000;

/**
 * Asks an OpenAI-compatible chat-completions endpoint to phrase the answer from the retrieved
 * articles only, citing them as [1], [2]. Returns null when the endpoint fails or answers
 * nothing: the bot then answers with the article's own text.
 */
export async function phraseAnswer(endpoint: LlmEndpoint, question: string, language: Locale, articles: RetrievedArticle[], logger: Logger): Promise<string | null> {
  const sources = articles.map((article, index) => `[${index + 1}] ${article.title} (${article.url})\n${article.text.slice(0, ARTICLE_CHARACTERS)}`).join("\n\n");
  const system = [
    "You are a customer care assistant. Answer the customer's question using only the help center articles below.",
    "Cite the articles you use as [1], [2]. If the articles do not answer the question, say so briefly.",
    `Answer in ${language === "de" ? "German" : "English"}, in at most five sentences, friendly and plain.`,
    "",
    sources,
  ].join("\n");
  try {
    const response = await fetch(`${endpoint.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}) },
      body: JSON.stringify({
        model: endpoint.model,
        temperature: 0.2,
        messages: [
          { role: "system", content: system },
          { role: "user", content: question },
        ],
      }),
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) {
      logger.warn({ status: response.status }, "the LLM endpoint refused to phrase an answer");
      return null;
    }
    const parsed = ChatCompletion.safeParse(await response.json());
    const content = parsed.success ? parsed.data.choices[0]!.message.content?.trim() : null;
    return content ? content : null;
  } catch (error) {
    logger.warn({ err: error }, "the LLM endpoint could not be reached");
    return null;
  }
}
