// Wording and width helpers shared by the CLI's plain lines (terminal.ts) and its live view
// (live-view.ts): upstream's headings and verdicts, and clipping a line to what a terminal
// row really holds, so that a redrawn region is exactly as many rows as it has lines.
import type { Stage, TargetResult } from '../plan/events.js'
import { isFailed } from './results.js'
import { splitLines } from '../analysis/text.js'

export const HEADINGS: Record<Stage, string> = {
  boot: '===> Booting',
  setup: '===> Setting up VM',
  command: '===> Running command',
}

/** The lines that explain a non-passing result, as upstream words them. */
export function errorLines(r: TargetResult, stageError: string | undefined): string[] {
  if (!isFailed(r)) return r.error && r.result === 'skipped' ? splitLines(r.error) : []
  if (r.result === 'fail' && r.exitCode !== null && r.exitCode !== 0) {
    return [`Command failed with exit code: ${r.exitCode}`]
  }
  const text = r.error ?? stageError
  return text ? splitLines(text) : [`Target ${r.result}`]
}

/** Upstream prints no verdict after a VM error (the error is the last word): none here either. */
export function verdict(r: TargetResult): string | undefined {
  if (r.result === 'error') return undefined
  return isFailed(r) ? 'FAILED' : r.result === 'pass' ? 'PASS' : 'SKIPPED'
}

/** Columns a code point takes in a terminal: 0 for combining marks and zero-width
 *  characters, 2 for East Asian wide and emoji ranges, 1 otherwise. */
function columnsOf(cp: number): number {
  if (
    cp === 0x200b ||
    cp === 0x200c ||
    cp === 0x200d ||
    cp === 0xfeff ||
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f)
  )
    return 0
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2
  }
  return 1
}

/**
 * `text` (already cleaned: no escapes, tabs expanded) cut to at most `max` terminal
 * columns, the cut marked with `…`. A row filled to the last column leaves some terminals
 * in a pending-wrap state, so callers pass the width minus one.
 */
export function fitColumns(text: string, max: number): string {
  let used = 0
  let end = 0
  let cutAt = -1
  for (const ch of text) {
    const w = columnsOf(ch.codePointAt(0) as number)
    // Remember where the text would have to stop to leave room for the ellipsis.
    if (cutAt < 0 && used + w > max - 1) cutAt = end
    if (used + w > max) return text.slice(0, cutAt < 0 ? end : cutAt) + '…'
    used += w
    end += ch.length
  }
  return text
}
