import { ChatWidget } from "./chat-widget.js";
import { pickLocale, translator } from "./i18n.js";

/**
 * `<script src="https://caredesk.example/widget.js" data-channel="CHANNEL_ID" async></script>`
 *
 * Optional attributes: `data-locale` (en, de), and a signed identity of the site's
 * logged-in user (docs/chat-channel.md): `data-user-id`, `data-user-email`, `data-user-name`
 * with `data-user-signature`, or `data-identity-token` (an HS256 JWT).
 */
function boot(script: HTMLScriptElement | null): void {
  const marker = window as unknown as { caredeskChat?: boolean };
  if (!script?.dataset.channel || marker.caredeskChat) return;
  marker.caredeskChat = true;
  const data = script.dataset;
  const locale = pickLocale(data.locale);
  let identity: Record<string, string> | undefined;
  if (data.identityToken) identity = { token: data.identityToken };
  else if (data.userId && data.userSignature) {
    identity = { userId: data.userId, signature: data.userSignature };
    if (data.userEmail) identity.email = data.userEmail;
    if (data.userName) identity.name = data.userName;
  }
  const widget = new ChatWidget({ baseUrl: new URL(script.src).origin, channelId: script.dataset.channel, locale, t: translator(locale), identity });
  void widget.start();
}

const current = document.currentScript as HTMLScriptElement | null;
if (document.body) boot(current);
else document.addEventListener("DOMContentLoaded", () => boot(current));
