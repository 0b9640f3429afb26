import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { type Locale, locales } from "../../../common/domain.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import { widgetBuildFolder } from "../../platform/paths.js";
import type { Services } from "../../services.js";

/** Sites embed one fixed address, so the script cannot be cached forever: a short max-age, then revalidation by ETag. */
const WIDGET_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400";

type CachedScript = { modifiedAt: number; body: Buffer; etag: string };

/**
 * GET /widget.js (the embeddable chat widget, built into dist/widget by `npm run build`) and
 * GET /widget-demo (a page embedding it: the demo account's chat, or any with ?channel=).
 */
export function registerWidgetAssetRoutes(app: HttpApp, { chat, deps }: Services): void {
  let cached: CachedScript | null = null;
  const scriptFile = path.join(widgetBuildFolder, "widget.js");

  app.get("/widget.js", { schema: { hide: true }, config: { access: "public" } }, async (request, reply) => {
    const file = await stat(scriptFile).catch(() => null);
    if (!file) return reply.status(503).type("text/plain").send("The chat widget is not built. Run `npm run build` (npm start does it for you).");
    // Re-read after a rebuild; otherwise served from memory.
    if (!cached || cached.modifiedAt !== file.mtimeMs) {
      const body = await readFile(scriptFile);
      cached = { modifiedAt: file.mtimeMs, body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
    }
    void reply
      .header("content-type", "text/javascript; charset=utf-8")
      .header("cache-control", WIDGET_CACHE_CONTROL)
      .header("etag", cached.etag)
      .header("cross-origin-resource-policy", "cross-origin")
      .header("x-content-type-options", "nosniff");
    if (request.headers["if-none-match"] === cached.etag) return reply.status(304).send();
    return reply.send(cached.body);
  });

  app.get(
    "/widget-demo",
    { schema: { hide: true, querystring: z.object({ channel: z.uuid().optional(), lang: z.enum(locales).optional() }) }, config: { access: "public" } },
    async (request, reply) => {
      const channelId = request.query.channel ?? (await chat.demoChannelId());
      void reply.header("content-type", "text/html; charset=utf-8").header("cache-control", "no-cache");
      if (!channelId) return reply.status(404).send(demoPage(null, request.query.lang ?? "en", deps.config.publicUrl));
      return reply.send(demoPage(channelId, request.query.lang ?? "en", deps.config.publicUrl));
    },
  );
}

const demoTexts: Record<Locale, { title: string; lead: string; missing: string; products: string[] }> = {
  en: {
    title: "Demo Shop",
    lead: "This page embeds the Caredesk chat widget with one script tag. Open the chat at the bottom right.",
    missing: "There is no chat channel to show. Add ?channel=<chat channel id> to the address.",
    products: ["Trail running shoes", "Rain jacket", "Water bottle"],
  },
  de: {
    title: "Demo-Shop",
    lead: "Diese Seite bindet das Caredesk-Chat-Widget mit einem Script-Tag ein. Öffnen Sie den Chat unten rechts.",
    missing: "Es gibt keinen Chat-Kanal zum Anzeigen. Hängen Sie ?channel=<Chat-Kanal-ID> an die Adresse an.",
    products: ["Trailrunning-Schuhe", "Regenjacke", "Trinkflasche"],
  },
};

/** A plain shop page whose own CSS tries hard to break embedded widgets. */
function demoPage(channelId: string | null, locale: Locale, publicUrl: string): string {
  const text = demoTexts[locale];
  // The address sites use: a page opened under another host name embeds it cross-origin, as a real site does.
  const scriptUrl = new URL("/widget.js", publicUrl).toString();
  const script = channelId ? `<script src="${scriptUrl}" data-channel="${channelId}" async></script>` : `<p>${text.missing}</p>`;
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text.title}</title>
<style>
  body { font-family: Georgia, serif; margin: 0; padding: 2rem; background: #fdf6e3; color: #333; }
  /* Hostile rules a real site might have: the widget's shadow DOM keeps them out. */
  button { background: hotpink !important; font-size: 30px !important; }
  div { border: 3px dashed red; }
  .product { display: inline-block; margin: 1rem; padding: 1rem; background: white; }
</style>
</head>
<body>
<h1>${text.title}</h1>
<p>${text.lead}</p>
<section>${text.products.map((product) => `<div class="product">${product}</div>`).join("")}</section>
${script}
</body>
</html>`;
}
