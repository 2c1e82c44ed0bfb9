// One line of TAP 13/14 or KTAP, classified by plain string scanning. Every line of a
// command's output goes through here, so nothing here may backtrack: a regular expression
// like /^ok\b(?:\s+(\d+))?\s*(.*)$/ is cubic on `ok`, a long run of spaces and a character
// `.` does not match, and one such guest line stalled the whole process.
import { cleanLine, forMatching } from './text.js'

export type TapLine =
  | { kind: 'version' }
  | { kind: 'plan'; count: number }
  | { kind: 'point'; notOk: boolean; number?: number; rest: string }
  | { kind: 'bail'; reason: string }
  | { kind: 'subtest' }
  | { kind: 'other' }

const OTHER: TapLine = { kind: 'other' }

/**
 * What a cleaned, left-trimmed line is: `TAP version 13` / `KTAP version 1`, a plan `1..N`
 * (optionally `# comment`), a test point `ok`/`not ok` with an optional number and the rest
 * (description and directive), `Bail out!`, a TAP14 `# Subtest:` header, or anything else.
 */
export function classifyTapText(text: string): TapLine {
  switch (text.charCodeAt(0)) {
    case 0x54: // T
    case 0x4b: // K
      return isVersion(text) ? { kind: 'version' } : OTHER
    case 0x31: // 1
      return plan(text)
    case 0x6f: // o
    case 0x6e: // n
      return testPoint(text)
    case 0x42: // B
      return text.startsWith('Bail out!') ? { kind: 'bail', reason: text.slice(9).trimStart() } : OTHER
    case 0x23: // #
      return text.slice(1).trimStart().startsWith('Subtest:') ? { kind: 'subtest' } : OTHER
    default:
      return OTHER
  }
}

/** A raw line that could be a TAP version, plan or test point once cleaned: it holds the
 *  words themselves, or control characters (escape sequences) that cleaning removes. */
// eslint-disable-next-line no-control-regex
const COULD_BE_TAP = /ok|1\.\.|TAP|[\x00-\x08\x0b-\x1f\x7f-\x9f]/

/** The one cheap pre-check: false means the line cannot start or count as TAP. */
export function couldBeTap(raw: string): boolean {
  return COULD_BE_TAP.test(forMatching(raw))
}

/** A raw output line as the TAP code sees it: bounded, cleaned of escapes and controls. */
export function tapText(raw: string): string {
  return cleanLine(forMatching(raw))
}

function isVersion(text: string): boolean {
  const at = text.startsWith('TAP version ') ? 12 : text.startsWith('KTAP version ') ? 13 : -1
  if (at < 0) return false
  const end = digitsEnd(text, at)
  return end > at && text.slice(end).trim() === ''
}

function plan(text: string): TapLine {
  if (!text.startsWith('1..')) return OTHER
  const end = digitsEnd(text, 3)
  if (end === 3) return OTHER
  const rest = text.slice(end).trimStart()
  if (rest !== '' && !rest.startsWith('#')) return OTHER
  return { kind: 'plan', count: Number(text.slice(3, end)) }
}

function testPoint(text: string): TapLine {
  const notOk = text.startsWith('not ok')
  if (!notOk && !text.startsWith('ok')) return OTHER
  const at = notOk ? 6 : 2
  // `ok` must end a word: `okay` is not a test point.
  if (isWordChar(text.charCodeAt(at))) return OTHER
  const after = text.slice(at)
  const trimmed = after.trimStart()
  // The number needs whitespace before it (`ok 1`); `ok1` ended above, `ok-1` has none.
  const end = trimmed.length < after.length ? digitsEnd(trimmed, 0) : 0
  if (end === 0) return { kind: 'point', notOk, rest: trimmed }
  return { kind: 'point', notOk, number: Number(trimmed.slice(0, end)), rest: trimmed.slice(end).trimStart() }
}

function digitsEnd(text: string, from: number): number {
  let i = from
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c < 0x30 || c > 0x39) break
    i++
  }
  return i
}

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f
}

/**
 * Whether output carries TAP/KTAP, decided as the lines stream by: a version line, or a plan
 * plus a test point, each at the start of its line (indented ones are nested or quoted).
 */
export class TapDetector {
  private version = false
  private plan = false
  private point = false

  push(raw: string): void {
    if (this.detected || !couldBeTap(raw)) return
    const line = tapText(raw)
    if (line.length > 0 && line !== line.trimStart()) return
    const kind = classifyTapText(line).kind
    if (kind === 'version') this.version = true
    else if (kind === 'plan') this.plan = true
    else if (kind === 'point') this.point = true
  }

  get detected(): boolean {
    return this.version || (this.plan && this.point)
  }
}
