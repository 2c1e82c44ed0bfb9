// The CLI's closing recap: one line per target in config order (verdict, boot and command
// times, accelerator) and a tally, `2 passed, 1 failed in 41.3s`. Upstream prints no such
// thing, and its stdout is what scripts parse (a one-liner's stdout is the headings plus the
// command's output), so the terminal reporter writes this to stderr: stdout stays exactly
// upstream's, and a person at a terminal still sees how the run went.
import type { Outcome, TargetResult } from '../plan/events.js'
import { accelWording } from './accel-words.js'
import { formatSeconds, oneLine, splitLines, truncate } from '../analysis/text.js'

const VERDICT: Record<Outcome, string> = {
  pass: 'PASS',
  fail: 'FAILED',
  timeout: 'TIMEOUT',
  error: 'ERROR',
  skipped: 'SKIPPED',
}
const VERDICT_WIDTH = 8
const NAME_WIDTH_MAX = 32
const REASON_CHARS = 200

/** `2 passed, 1 failed, 1 timed out, 1 error, 1 skipped in 41.3s`: passed and failed always,
 *  the rest only when there are any. */
export function tallyLine(results: readonly Pick<TargetResult, 'result'>[], seconds: number | undefined): string {
  const n = (o: Outcome): number => results.filter((r) => r.result === o).length
  const parts = [`${n('pass')} passed`, `${n('fail')} failed`]
  if (n('timeout')) parts.push(`${n('timeout')} timed out`)
  if (n('error')) parts.push(`${n('error')} error${n('error') === 1 ? '' : 's'}`)
  if (n('skipped')) parts.push(`${n('skipped')} skipped`)
  return `${parts.join(', ')}${seconds === undefined ? '' : ` in ${formatSeconds(seconds)}`}`
}

/** Why a target did not pass, in one line (upstream's wording for a failed command). */
export function reasonLine(r: TargetResult): string | undefined {
  if (r.result === 'pass') return undefined
  if (r.result === 'fail' && r.exitCode !== null && r.exitCode !== 0)
    return `Command failed with exit code: ${r.exitCode}`
  const first = r.error ? splitLines(r.error).find((l) => l.trim() !== '') : undefined
  return first ? truncate(oneLine(first), REASON_CHARS) : undefined
}

export interface RecapEntry {
  result: TargetResult
  /** The target's line: verdict, name, times, accelerator. */
  line: string
  /** Indented reason under it, for a target that did not pass. */
  reason?: string
}

/** One entry per result, in the order given (the caller passes config order). */
export function recapEntries(results: readonly TargetResult[]): RecapEntry[] {
  const width = Math.min(NAME_WIDTH_MAX, Math.max(0, ...results.map((r) => oneLine(r.name).length)))
  return results.map((r) => {
    const facts: string[] = []
    if (r.bootSeconds !== undefined) facts.push(`boot ${formatSeconds(r.bootSeconds)}`)
    if (r.commandSeconds !== undefined) facts.push(`command ${formatSeconds(r.commandSeconds)}`)
    const accel = accelWording(r.accel, r.accelReason)
    if (accel) facts.push(accel.long)
    const line =
      `${VERDICT[r.result].padEnd(VERDICT_WIDTH)}${oneLine(r.name).padEnd(width)}  ${facts.join(', ')}`.trimEnd()
    const reason = reasonLine(r)
    return reason ? { result: r, line, reason: `${' '.repeat(VERDICT_WIDTH)}${reason}` } : { result: r, line }
  })
}

/**
 * The recap's lines without the tally, at most `maxLines` of them (a live terminal's
 * height; none = no limit). When they do not fit, passing targets go first (the tally counts
 * them), then the reasons, then the rest is cut with a count: the failures are what must
 * stay on screen.
 */
export function recapLines(results: readonly TargetResult[], maxLines = Number.POSITIVE_INFINITY): string[] {
  const entries = recapEntries(results)
  const full = entries.flatMap((e) => (e.reason ? [e.line, e.reason] : [e.line]))
  if (full.length <= maxLines) return full
  const failed = entries.filter((e) => e.result.result !== 'pass')
  const withReasons = failed.flatMap((e) => (e.reason ? [e.line, e.reason] : [e.line]))
  if (withReasons.length <= maxLines) return withReasons
  if (failed.length <= maxLines) return failed.map((e) => e.line)
  if (maxLines <= 0) return []
  const kept = failed.slice(0, Math.max(0, maxLines - 1)).map((e) => e.line)
  return [...kept, `…and ${failed.length - kept.length} more that did not pass`]
}
