import { Marked } from "marked";
import { htmlToText, sanitizeMessageHtml } from "../../platform/html.js";

// One parser with GitHub-flavoured Markdown; raw HTML in the Markdown is passed through marked
// and then removed or cleaned by the sanitizer, like any HTML from outside.
const marked = new Marked({ gfm: true, breaks: false, async: false });

export type RenderedMarkdown = { html: string; text: string };

/** Markdown as sanitized HTML (safe to serve on the help center) and as plain text. */
export function renderMarkdown(markdown: string): RenderedMarkdown {
  const raw = marked.parse(markdown, { async: false });
  const html = sanitizeMessageHtml(raw, { allowRemoteImages: true });
  return { html, text: htmlToText(html) };
}
