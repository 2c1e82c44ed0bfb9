// Markdown inside the summary: lines that start an HTML block (`<details>`, `<pre>`) are raw
// HTML and get escapeHtml; paragraphs and list items are markdown and get
// escapeMarkdownInline (which also entity-escapes `<`, `>` and `&`).
//
// The job summary: one table row per target, then a collapsible block per failed target
// with its error and last lines, and one per target with kernel splats. renderSummary is
// pure; writeJobSummary is the only side effect (append to $GITHUB_STEP_SUMMARY).
import * as core from '@actions/core'
import { constants as osConstants } from 'node:os'
import type { Outcome, TargetResult } from '../plan/events.js'
import { escapeHtml, escapeMarkdownInline, preBlock } from './escape.js'
import { isFailed } from './results.js'
import { accelWording } from './accel-words.js'
import { tailOf, type CommandTails } from './tail.js'
import { testExcerptsBlock, testsBlock } from './summary-tests.js'
import { describeTestCounts, testsView } from './tests-view.js'
import { formatSeconds, oneLine, splitLines, truncate } from '../analysis/text.js'

const TAIL_LINES = 50
/** GitHub rejects step summaries over 1 MiB; stay well below with the details blocks. */
const MAX_SUMMARY_CHARS = 900_000

const OUTCOME_LABEL: Record<Outcome, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  error: '💥 error',
  timeout: '⏱️ timeout',
  skipped: '⏭️ skipped',
}

const SIGNAL_NAMES = new Map<number, string>(
  Object.entries(osConstants.signals).map(([name, n]) => [n, name] as [number, string]),
)

/** `137 (SIGKILL)` for a signal death reported as 128+n. */
export function describeExit(code: number | null): string {
  if (code === null) return '—'
  const sig = code > 128 ? SIGNAL_NAMES.get(code - 128) : undefined
  return sig ? `${code} (${sig})` : String(code)
}

function describeTests(r: TargetResult): string {
  return r.tests ? escapeMarkdownInline(describeTestCounts(testsView(r.tests))) : '—'
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}

function tableRow(r: TargetResult): string {
  const secs = (s: number | undefined): string => (s === undefined ? '—' : formatSeconds(s))
  return row([
    OUTCOME_LABEL[r.result],
    escapeMarkdownInline(r.name),
    escapeMarkdownInline(r.arch),
    escapeMarkdownInline(accelWording(r.accel, r.accelReason)?.short ?? '—'),
    r.kernelRelease ? escapeMarkdownInline(r.kernelRelease) : '—',
    secs(r.bootSeconds),
    secs(r.commandSeconds),
    describeExit(r.exitCode),
    String(r.splats?.length ?? 0),
    describeTests(r),
  ])
}

function countsLine(results: TargetResult[]): string {
  const counts = new Map<Outcome, number>()
  for (const r of results) counts.set(r.result, (counts.get(r.result) ?? 0) + 1)
  const order: Outcome[] = ['pass', 'fail', 'timeout', 'error', 'skipped']
  const words: Record<Outcome, string> = {
    pass: 'passed',
    fail: 'failed',
    timeout: 'timed out',
    error: 'errored',
    skipped: 'skipped',
  }
  const parts = order.filter((o) => counts.get(o)).map((o) => `${counts.get(o)} ${words[o]}`)
  return `${results.length} target${results.length === 1 ? '' : 's'}: ${parts.join(', ') || 'none run'}`
}

/**
 * The accelerator in plain words (`KVM`, `TCG (requested)`, `TCG: KVM failed: …`), once for
 * the run when every target shares it, else one line per wording with its targets. The
 * table cell has only the short form: the reason is here.
 */
function accelLines(results: TargetResult[]): string[] {
  const byWords = new Map<string, string[]>()
  for (const r of results) {
    const words = accelWording(r.accel, r.accelReason)?.long
    if (words) byWords.set(words, [...(byWords.get(words) ?? []), r.name])
  }
  if (byWords.size === 0) return []
  if (byWords.size === 1 && [...byWords.values()][0]?.length === results.length) {
    return [`Accelerator: ${escapeMarkdownInline([...byWords.keys()][0] as string)}`, '']
  }
  const lines = ['Accelerator:', '']
  for (const [words, names] of byWords) {
    const shown =
      names.slice(0, 10).map(oneLine).join(', ') + (names.length > 10 ? `, …and ${names.length - 10} more` : '')
    lines.push(`- ${escapeMarkdownInline(`${words} (${shown})`)}`)
  }
  lines.push('')
  return lines
}

function failureDetails(r: TargetResult, tail: string[] | undefined): string {
  const title = r.error ? `: ${truncate(oneLine(r.error), 200)}` : ''
  const parts = [
    `<details><summary>${OUTCOME_LABEL[r.result]} <b>${escapeHtml(oneLine(r.name))}</b>${escapeHtml(title)}</summary>`,
    '',
  ]
  if (r.error) parts.push(preBlock(splitLines(r.error).slice(0, 40)), '')
  const accel = accelWording(r.accel, r.accelReason)
  if (accel) parts.push(`Accelerator: ${escapeMarkdownInline(accel.long)}`, '')
  const command = (tail ?? []).slice(-TAIL_LINES)
  if (command.length > 0) {
    parts.push(`Last ${command.length} lines of command output:`, '', preBlock(command), '')
  }
  const consoleTail = (r.consoleTail ?? []).slice(-TAIL_LINES)
  // The console explains a VM that died or never booted; for a failing command the
  // command's own output is what matters.
  if (consoleTail.length > 0 && (r.result === 'error' || command.length === 0)) {
    parts.push(`Last ${consoleTail.length} console lines:`, '', preBlock(consoleTail), '')
  }
  const logs = [r.logs.command, r.logs.console].filter((p): p is string => !!p)
  if (logs.length > 0)
    parts.push(`Full logs: ${logs.map((p) => `<code>${escapeMarkdownInline(p)}</code>`).join(', ')}`, '')
  parts.push('</details>')
  return parts.join('\n')
}

function splatDetails(r: TargetResult): string {
  const splats = r.splats ?? []
  const parts = [
    `<details><summary>⚠️ <b>${escapeHtml(oneLine(r.name))}</b>: ${splats.length} kernel splat${splats.length === 1 ? '' : 's'}</summary>`,
    '',
  ]
  for (const s of splats.slice(0, 5)) {
    parts.push(
      `<b>${escapeMarkdownInline(s.kind)}</b> (${s.severity}): ${escapeMarkdownInline(truncate(s.title, 300))}`,
      '',
      preBlock(s.excerpt),
      '',
    )
  }
  if (splats.length > 5) parts.push(`…and ${splats.length - 5} more: see the console log.`, '')
  parts.push('</details>')
  return parts.join('\n')
}

/**
 * The job summary markdown. `tailLines` holds each target's last command-output lines
 * (see createTailCollector). Every piece of user or guest text is escaped: names and kernel
 * releases for markdown table cells, errors and output lines inside `<pre>` blocks.
 */
export function renderSummary(
  results: TargetResult[],
  opts: { title?: string; tailLines?: CommandTails } = {},
): string {
  const out: string[] = []
  out.push(`## ${escapeMarkdownInline(opts.title ?? 'vmtest')}`, '')
  out.push(countsLine(results), '')
  out.push(...accelLines(results))
  if (results.length > 0) {
    out.push(row(['Result', 'Target', 'Arch', 'Accel', 'Kernel', 'Boot', 'Command', 'Exit', 'Splats', 'Tests']))
    out.push(row(Array(10).fill('---') as string[]))
    for (const r of results) out.push(tableRow(r))
    out.push('')
  }
  let size = out.join('\n').length
  let omitted = 0
  const blocks: string[] = []
  for (const r of results) {
    const wanted: string[] = []
    if (isFailed(r)) wanted.push(failureDetails(r, tailOf(opts.tailLines, r)))
    // Every target's tests, whatever its result (summary-tests.ts).
    for (const b of [testsBlock(r), testExcerptsBlock(r)]) if (b) wanted.push(b)
    if (r.splats && r.splats.length > 0) wanted.push(splatDetails(r))
    for (const b of wanted) {
      if (size + b.length > MAX_SUMMARY_CHARS) {
        omitted++
        continue
      }
      size += b.length + 2
      blocks.push(b, '')
    }
  }
  out.push(...blocks)
  if (omitted > 0)
    out.push(
      `${omitted} more detail block${omitted === 1 ? '' : 's'} left out to stay under GitHub's summary size limit: see the logs.`,
      '',
    )
  return out.join('\n')
}

/**
 * Appends markdown to the job summary. Several steps (or several runs in one step) append,
 * never overwrite. Returns false, without error, when GITHUB_STEP_SUMMARY is unset (a local
 * run); a set but unwritable path is an error (from @actions/core).
 */
export async function writeJobSummary(markdown: string): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) return false
  await core.summary.addRaw(markdown, true).write()
  return true
}
