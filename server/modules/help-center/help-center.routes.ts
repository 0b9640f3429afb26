import type { FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Locale, locales } from "../../../common/domain.js";
import type { AccountRow } from "../../platform/db/rows.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { articlePage, categoryPage, homePage, notFoundPage, type PageContext, searchPage } from "./help-center.pages.js";

const tags = ["help center"];
const Html = z.string().describe("an HTML page");
const AccountParams = z.object({ accountSlug: z.string().min(1).max(80) });
const LocaleParams = AccountParams.extend({ locale: z.enum(locales) });
const SlugParams = LocaleParams.extend({ slug: z.string().min(1).max(80) });
/** Votes a reader's address may cast per minute, across all articles. */
const VOTES_PER_MINUTE = 10;

/**
 * The public help center, rendered on the server: plain HTML and CSS that works without
 * JavaScript and can be indexed. URL scheme (docs/help-center.md):
 *   /help/:accountSlug                          → redirect to the reader's language
 *   /help/:accountSlug/:locale                  home: categories and their articles
 *   /help/:accountSlug/:locale/categories/:slug one category
 *   /help/:accountSlug/:locale/articles/:slug   one article, with the "did this help?" vote
 *   /help/:accountSlug/:locale/search?q=…       full-text search
 */
export function registerHelpCenterRoutes(app: HttpApp, { helpCenter }: Services): void {
  void app.register(async (scope) => {
    // A plain HTML form posts urlencoded fields; only this scope accepts them.
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 4096 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const pages = scope.withTypeProvider<ZodTypeProvider>();

    const sendPage = (reply: FastifyReply, status: number, html: string) =>
      reply.status(status).header("cache-control", "no-cache").header("content-security-policy", "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'").type("text/html; charset=utf-8").send(html);
    const notFound = (reply: FastifyReply, account: AccountRow | null, locale: Locale) =>
      sendPage(reply, 404, notFoundPage(contextOf(account, locale)));

    pages.get(
      "/help/:accountSlug",
      { schema: { tags, summary: "The help center: redirects to the reader's language", params: AccountParams, response: { 302: z.null(), 404: Html } }, config: { access: "public" } },
      async (request, reply) => {
        const account = await helpCenter.findAccount(request.params.accountSlug);
        if (!account) return notFound(reply, null, preferredLocale(request, "en"));
        return reply.redirect(`/help/${account.slug}/${preferredLocale(request, account.locale as Locale)}`, 302);
      },
    );
    pages.get(
      "/help/:accountSlug/:locale",
      { schema: { tags, summary: "Help center home page", params: LocaleParams, response: { 200: Html, 404: Html } }, config: { access: "public" } },
      async (request, reply) => {
        const account = await helpCenter.findAccount(request.params.accountSlug);
        if (!account) return notFound(reply, null, request.params.locale);
        const { categories, articles } = await helpCenter.home(account, request.params.locale);
        return sendPage(reply, 200, homePage(contextOf(account, request.params.locale), categories, articles));
      },
    );
    pages.get(
      "/help/:accountSlug/:locale/search",
      {
        schema: { tags, summary: "Help center search", params: LocaleParams, querystring: z.object({ q: z.string().max(200).default("") }), response: { 200: Html, 404: Html } },
        config: { access: "public" },
      },
      async (request, reply) => {
        const account = await helpCenter.findAccount(request.params.accountSlug);
        if (!account) return notFound(reply, null, request.params.locale);
        const query = request.query.q.trim();
        const articles = await helpCenter.search(account, request.params.locale, query);
        return sendPage(reply, 200, searchPage(contextOf(account, request.params.locale), query, articles));
      },
    );
    pages.get(
      "/help/:accountSlug/:locale/categories/:slug",
      { schema: { tags, summary: "A help center category", params: SlugParams, response: { 200: Html, 404: Html } }, config: { access: "public" } },
      async (request, reply) => {
        const account = await helpCenter.findAccount(request.params.accountSlug);
        const found = account ? await helpCenter.category(account, request.params.locale, request.params.slug) : null;
        if (!account || !found) return notFound(reply, account, request.params.locale);
        return sendPage(reply, 200, categoryPage(contextOf(account, request.params.locale), found.category, found.articles));
      },
    );
    pages.get(
      "/help/:accountSlug/:locale/articles/:slug",
      {
        schema: { tags, summary: "A published article", params: SlugParams, querystring: z.object({ voted: z.enum(["yes", "no"]).optional() }), response: { 200: Html, 404: Html } },
        config: { access: "public" },
      },
      async (request, reply) => {
        const account = await helpCenter.findAccount(request.params.accountSlug);
        const found = account ? await helpCenter.article(account, request.params.locale, request.params.slug) : null;
        if (!account || !found) return notFound(reply, account, request.params.locale);
        const page = articlePage(contextOf(account, request.params.locale), found.article, found.category, { hasVoted: request.query.voted !== undefined });
        return sendPage(reply, 200, page);
      },
    );
    pages.post(
      "/help/:accountSlug/:locale/articles/:slug/vote",
      {
        schema: { tags, summary: "Vote whether an article helped (a plain HTML form post)", params: SlugParams, body: z.object({ helpful: z.enum(["yes", "no"]) }), response: { 303: z.null(), 404: Html } },
        config: { access: "public", rateLimit: { max: VOTES_PER_MINUTE, timeWindow: "1 minute" } },
      },
      async (request, reply) => {
        const account = await helpCenter.findAccount(request.params.accountSlug);
        const isCounted = account ? await helpCenter.vote(account, request.params.locale, request.params.slug, request.body.helpful === "yes") : false;
        if (!account || !isCounted) return notFound(reply, account, request.params.locale);
        // Post/redirect/get: reloading the page does not vote again.
        return reply.redirect(`/help/${account.slug}/${request.params.locale}/articles/${encodeURIComponent(request.params.slug)}?voted=${request.body.helpful}`, 303);
      },
    );
  });
}

function contextOf(account: AccountRow | null, locale: Locale): PageContext {
  return { accountName: account?.name ?? "Caredesk", locale, base: `/help/${account?.slug ?? ""}` };
}

/** The reader's language from Accept-Language when the help center has it, else the account's. */
function preferredLocale(request: FastifyRequest, fallback: Locale): Locale {
  const header = String(request.headers["accept-language"] ?? "");
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...parameters] = part.trim().split(";");
      const quality = Number(parameters.find((parameter) => parameter.trim().startsWith("q="))?.trim().slice(2) ?? "1");
      return { language: (tag ?? "").slice(0, 2).toLowerCase(), quality: Number.isFinite(quality) ? quality : 0 };
    })
    .filter((entry) => (locales as readonly string[]).includes(entry.language))
    .sort((left, right) => right.quality - left.quality);
  return (ranked[0]?.language as Locale | undefined) ?? ((locales as readonly string[]).includes(fallback) ? fallback : "en");
}
