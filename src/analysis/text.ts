// Small text helpers shared by the engine and the reporters. Guest and kernel output is
// untrusted text: it can carry ANSI escapes, carriage returns and other control characters
// that would corrupt a terminal window, a markdown table or a log line. Everything here is
// pure and linear in the length of its input.
import { CHAR } from '../util/char-codes.js'

/**
 * How much of a line the pattern matchers look at (TAP, splats, console verdicts). What they
 * look for starts a line and is short; a guest line can be up to a megabyte
 * (analysis/lines.ts MAX_LINE_BYTES), and the event loop must never spend long on one.
 */
export const MAX_MATCH_CHARS = 4096

/** The part of a line the matchers look at: its first MAX_MATCH_CHARS characters. */
export function forMatching(line: string): string {
  return line.length > MAX_MATCH_CHARS ? line.slice(0, MAX_MATCH_CHARS) : line
}

// CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), and the two-character escapes.
// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]/g

/** Removes ANSI escape sequences (colours, cursor movement, OSC titles). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_RE, '')
}

/**
 * One line of untrusted output made safe to show as a single line: no ANSI, no trailing
 * whitespace, tabs expanded, other control characters (CR included) dropped.
 */
export function cleanLine(line: string): string {
  return scrub(stripAnsi(line), 'line').trimEnd()
}

/** Untrusted text squeezed onto one line (for titles and table cells): newlines become spaces. */
export function oneLine(text: string): string {
  return scrub(stripAnsi(text), 'one-line').trim()
}

const { tab: TAB, lf: LF, cr: CR, space: SPACE } = CHAR
const TAB_WIDTH = 8

/** What the cleaners drop: C0 controls other than tab and newline, DEL, and the C1 range. */
function isDropped(c: number): boolean {
  return c < 0x09 || (c > 0x0a && c < 0x20) || (c >= 0x7f && c <= 0x9f)
}

/**
 * The character pass of cleanLine and oneLine, in one buffer: control characters dropped
 * (isDropped), and then
 * - 'line': tabs expanded to 8-column stops (columns counted in UTF-16 units);
 * - 'one-line': tabs and line breaks (CRLF, CR, LF) each become one space.
 * Two passes over the characters into one UTF-16LE buffer: a line of a million tabs or
 * control characters costs a few million steps, where a regular expression replace or a
 * string rebuilt per character took seconds.
 */
function scrub(text: string, mode: 'line' | 'one-line'): string {
  const oneLineMode = mode === 'one-line'
  let outLength = 0
  let changed = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === TAB) {
      outLength += oneLineMode ? 1 : TAB_WIDTH - (outLength % TAB_WIDTH)
      changed = true
    } else if (oneLineMode && (c === LF || c === CR)) {
      if (c === CR && text.charCodeAt(i + 1) === LF) i++
      outLength++
      changed = true
    } else if (isDropped(c)) changed = true
    else outLength++
  }
  if (!changed) return text
  const out = Buffer.allocUnsafe(outLength * 2)
  let o = 0
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c === TAB) {
      for (let pad = oneLineMode ? 1 : TAB_WIDTH - (o % TAB_WIDTH); pad > 0; pad--) {
        out[2 * o] = SPACE
        out[2 * o + 1] = 0
        o++
      }
      continue
    }
    if (oneLineMode && (c === LF || c === CR)) {
      if (c === CR && text.charCodeAt(i + 1) === LF) i++
      c = SPACE
    } else if (isDropped(c)) continue
    out[2 * o] = c & 0xff
    out[2 * o + 1] = c >> 8
    o++
  }
  // Node copies UTF-16LE units as they are: lone surrogates survive, as in the input.
  return out.toString('utf16le')
}

/** Cuts a string to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  if (max <= 1) return text.slice(0, max)
  return text.slice(0, max - 1) + '…'
}

/** Splits multi-line text (error messages) into lines, dropping a final empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/)
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** Human duration: `0.4s`, `12.3s`, `2m05s`, `1h02m03s`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?'
  if (seconds < 60) return `${seconds.toFixed(1)}s`
  const total = Math.round(seconds)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const mm = String(m).padStart(2, '0')
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}h${mm}m${ss}s` : `${m}m${ss}s`
}
