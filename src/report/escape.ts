// Escaping for the job summary (GitHub-flavoured markdown with raw HTML). `core.summary`
// escapes nothing, and everything we put there (target names, error messages, guest output,
// paths) is user or guest text, so each kind of context gets its own function here.
import { cleanLine, oneLine, stripAnsi } from '../analysis/text.js'

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)
}

// Characters that start markdown constructs inline: emphasis, code spans, links/images,
// strikethrough, math, table cells, autolinks/HTML. A backslash before ASCII punctuation is
// always a literal in GFM, so escaping more than needed is harmless.
const MD_PUNCT_RE = /[\\`*_[\]~|$!#]/g

/**
 * Escapes untrusted text for inline markdown (a paragraph or a table cell): markdown
 * punctuation gets a backslash (pipes too, which would split a cell even inside a code
 * span), `&`, `<`, `>` become entities (so no HTML tag or autolink can form), and line
 * breaks become `<br>` (a raw newline would end a table row).
 */
export function escapeMarkdownInline(text: string): string {
  const lines = stripAnsi(text)
    .split(/\r\n|\r|\n/)
    .map((l) => oneLine(l))
  return lines
    .map((l) => l.replace(/[&<>]/g, (c) => HTML_ESCAPES[c] ?? c).replace(MD_PUNCT_RE, (c) => `\\${c}`))
    .join('<br>')
}

/**
 * Untrusted lines as a `<pre>` block. A `<pre>` starts an HTML block that only `</pre>`
 * ends (blank lines included), and the content is HTML-escaped, so no line can close it or
 * inject markup. Lines are cleaned of ANSI and control characters and cut to `maxLineLength`.
 */
export function preBlock(lines: string[], maxLineLength = 1000): string {
  const body = lines.map((l) => escapeHtml(truncateLine(cleanLine(l), maxLineLength))).join('\n')
  return `<pre>\n${body}\n</pre>`
}

function truncateLine(line: string, max: number): string {
  return line.length > max ? `${line.slice(0, max)}… [${line.length - max} more characters]` : line
}
