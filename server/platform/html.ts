import sanitizeHtml from "sanitize-html";

/**
 * Message HTML as it may be stored and rendered: formatting and links only; no scripts,
 * styles, event handlers, forms or frames. Remote images are not loaded (they track the
 * reader); inline images (cid:, data:) are kept. `allowRemoteImages` keeps http(s) images
 * for callers that block them again until an agent allows them (email).
 */
export function sanitizeMessageHtml(html: string, { allowRemoteImages = false }: { allowRemoteImages?: boolean } = {}): string {
  return sanitizeHtml(html, {
    allowedTags: [
      "a", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
      "li", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
      "thead", "tr", "u", "ul",
    ],
    allowedAttributes: {
      a: ["href", "title"],
      img: ["src", "alt", "title", "width", "height"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan"],
    },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    allowedSchemesByTag: { img: allowRemoteImages ? ["cid", "data", "http", "https"] : ["cid", "data"] },
    transformTags: {
      a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }),
    },
    allowedAttributesByTag: undefined,
  } as sanitizeHtml.IOptions);
}

/** Plain text of an HTML fragment, keeping paragraph breaks, for previews and search. */
export function htmlToText(html: string): string {
  const withBreaks = html.replace(/<(br|\/p|\/div|\/li|\/h\d|\/tr)[^>]*>/gi, "\n");
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(text).replace(/\n{3,}/g, "\n\n").trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
