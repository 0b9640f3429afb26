/**
 * Splits a mail into what the sender wrote now, their signature and the quoted history, so
 * that the agent app can collapse the last two. Nothing is dropped: when the split would
 * leave nothing to show (a bare forward, a top-quoted mail), everything stays in the body.
 */

export type TextParts = { body: string; signature: string | null; quoted: string | null };
export type HtmlParts = { body: string; signature: string | null; quoted: string | null };

/** Lines that introduce quoted history in the common mail clients, in English and German. */
const replyHeaderPatterns = [
  /^\s*On\b.{0,300}\bwrote:\s*$/i,
  /^\s*Am\b.{0,300}\bschrieb\b.{0,300}:\s*$/i,
  /^\s*Le\b.{0,300}\ba écrit\s*:\s*$/i,
  /^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Originalnachricht|Forwarded message|Weitergeleitete Nachricht|Message d'origine)\s*-{2,}\s*$/i,
  /^\s*Begin forwarded message:\s*$/i,
  /^\s*Anfang der weitergeleiteten Nachricht:\s*$/i,
];
/** Outlook puts a header block (From/Sent/To/Subject) above the quoted mail instead of a line. */
const outlookFromLine = /^\s*\*?(From|Von|De)\s*:\*?\s+\S/i;
const outlookDateLine = /^\s*\*?(Sent|Gesendet|Date|Datum|Envoyé)\s*:\*?\s+\S/i;
const outlookSeparator = /^\s*_{10,}\s*$/;
const signatureDelimiter = /^--\s?$/;
const mobileSignatures = [/^\s*Sent from my \S+/i, /^\s*Von meinem \S+( \S+)? gesendet/i, /^\s*Get Outlook for \S+/i, /^\s*Gesendet von \S+/i];
const MAX_SIGNATURE_LINES = 20;

export function splitText(text: string): TextParts {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const quoteStart = findQuoteStart(lines);
  const end = quoteStart ?? lines.length;
  const signatureStart = findSignatureStart(lines, end);
  const bodyEnd = signatureStart ?? end;
  const body = lines.slice(0, bodyEnd).join("\n").trim();
  if (!body) return { body: text.trim(), signature: null, quoted: null };
  const signature = signatureStart === null ? null : lines.slice(signatureStart, end).join("\n").trim() || null;
  const quoted = quoteStart === null ? null : lines.slice(quoteStart).join("\n").trim() || null;
  return { body, signature, quoted };
}

function findQuoteStart(lines: string[]): number | null {
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const joined = `${line} ${lines[index + 1] ?? ""}`.trim();
    if (replyHeaderPatterns.some((pattern) => pattern.test(line))) return index;
    // "On Mon, 3 Jun 2024 at 10:00, Kim <kim@example.com>" / "wrote:" wrapped over two lines.
    if (/^\s*(On|Am)\b/i.test(line) && replyHeaderPatterns.slice(0, 2).some((pattern) => pattern.test(joined))) return index;
    if (outlookSeparator.test(line) && lines.slice(index + 1, index + 4).some((next) => outlookFromLine.test(next))) return index;
    if (outlookFromLine.test(line) && lines.slice(index + 1, index + 4).some((next) => outlookDateLine.test(next))) return index;
  }
  // A trailing block of "> " lines (and blank lines) is quoted history; interleaved replies are left alone.
  let start: number | null = null;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index]!;
    if (line.startsWith(">")) start = index;
    else if (line.trim() !== "") break;
  }
  return start;
}

function findSignatureStart(lines: string[], end: number): number | null {
  for (let index = end - 1; index >= Math.max(0, end - MAX_SIGNATURE_LINES); index -= 1) {
    const line = lines[index]!;
    if (signatureDelimiter.test(line) || mobileSignatures.some((pattern) => pattern.test(line))) return index;
  }
  return null;
}

/** Elements with which mail clients wrap quoted history. */
const htmlQuoteMarkers = [
  /<div\b[^>]*\bclass\s*=\s*["']?[^"'>]*\bgmail_quote\b/i,
  /<blockquote\b[^>]*\bclass\s*=\s*["']?[^"'>]*\bgmail_quote\b/i,
  /<blockquote\b[^>]*\btype\s*=\s*["']?cite\b/i,
  /<div\b[^>]*\bclass\s*=\s*["']?[^"'>]*\bmoz-cite-prefix\b/i,
  /<div\b[^>]*\bid\s*=\s*["']?divRplyFwdMsg\b/i,
  /<div\b[^>]*\bid\s*=\s*["']?appendonsend\b/i,
  /<hr\b[^>]*\bid\s*=\s*["']?stopSpelling\b/i,
  /<div\b[^>]*\bclass\s*=\s*["']?[^"'>]*\byahoo_quoted\b/i,
  /<div\b[^>]*\bclass\s*=\s*["']?[^"'>]*\bzmail_extra\b/i,
  // Outlook desktop: the header block of the quoted mail sits in a div with a thin top border.
  /<div\b[^>]*\bstyle\s*=\s*["'][^"']*border-top\s*:\s*solid\s+#[0-9a-f]{6}\s+1\.0pt/i,
];
const htmlSignatureMarkers = [
  /<div\b[^>]*\bclass\s*=\s*["']?[^"'>]*\bgmail_signature\b/i,
  /<div\b[^>]*\bclass\s*=\s*["']?[^"'>]*\bmoz-signature\b/i,
  /<div\b[^>]*\bid\s*=\s*["']?signature\b/i,
];

/**
 * Splits raw (not yet sanitized) HTML at the first quote marker and the signature before it.
 * Each part is then sanitized on its own, which closes the elements the cut left open.
 */
export function splitHtml(html: string): HtmlParts {
  const quoteStart = earliestMatch(html, htmlQuoteMarkers);
  const beforeQuote = quoteStart === null ? html : html.slice(0, quoteStart);
  const signatureStart = earliestMatch(beforeQuote, htmlSignatureMarkers);
  const body = signatureStart === null ? beforeQuote : beforeQuote.slice(0, signatureStart);
  if (!hasVisibleContent(body)) return { body: html, signature: null, quoted: null };
  return {
    body,
    signature: signatureStart === null ? null : beforeQuote.slice(signatureStart),
    quoted: quoteStart === null ? null : html.slice(quoteStart),
  };
}

function earliestMatch(html: string, patterns: RegExp[]): number | null {
  let earliest: number | null = null;
  for (const pattern of patterns) {
    const match = pattern.exec(html);
    if (match && (earliest === null || match.index < earliest)) earliest = match.index;
  }
  return earliest;
}

function hasVisibleContent(html: string): boolean {
  const withoutHead = html.replace(/<(head|style|script|title)\b[\s\S]*?<\/\1>/gi, "");
  if (/<img\b/i.test(withoutHead)) return true;
  return withoutHead.replace(/<[^>]*>/g, "").replace(/&nbsp;|&#160;/g, " ").trim().length > 0;
}
