// The job summary's test-results blocks for one target, whatever the target's result (a
// target can pass with failing tests under fail_on_test_failure: false, and a failed target
// must still name its tests): the suite totals, EVERY failing test by its full name (in a
// collapsed block when the list is long), nested failures under a parent that reported ok
// called out, and the failing tests' output excerpts in a collapsed block of their own, so
// that GitHub's size limit drops the excerpts before it drops a name.
import type { TargetResult } from '../plan/events.js'
import { escapeHtml, escapeMarkdownInline, preBlock } from './escape.js'
import { describeTestCounts, testsView, type TestFailureView, type TestsView } from './tests-view.js'
import { oneLine, truncate } from '../analysis/text.js'

/** Failing tests listed openly; past this the list is collapsed (never cut). */
const OPEN_LIST = 20
/** Failures whose excerpts the summary shows (the annotations and logs have the rest). */
const MAX_EXCERPTS = 30

function failureItem(f: TestFailureView): string {
  const why: string[] = []
  if (f.hidden) why.push(f.counted ? 'nested failure (parent reported ok)' : 'its test reported OK: not counted')
  if (f.reason && !f.label.includes(f.reason)) why.push(truncate(oneLine(f.reason), 200))
  return `- ${escapeMarkdownInline(f.label)}${why.length ? ` — ${escapeMarkdownInline(why.join('; '))}` : ''}`
}

function totalsLine(r: TargetResult, v: TestsView): string {
  const planned = v.planned !== null ? ` (planned ${v.planned})` : ''
  const reported = v.reported
    ? `; the program reported ${v.reported.passed} passed, ${v.reported.skipped} skipped, ${v.reported.failed} failed`
    : ''
  return `**${escapeMarkdownInline(r.name)}** ${escapeMarkdownInline(`${v.label}: ${describeTestCounts(v)}${planned}${reported}`)}`
}

/** The totals and the list of every failing test; undefined when the target has no tests. */
export function testsBlock(r: TargetResult): string | undefined {
  if (!r.tests) return undefined
  const v = testsView(r.tests)
  const parts = [totalsLine(r, v), '']
  const n = v.failures.length + v.failuresDropped
  if (n === 0) return parts.join('\n')
  const items = v.failures.map(failureItem)
  if (v.failuresDropped > 0)
    items.push(`- …and ${v.failuresDropped} more failures, counted but not kept by name: see the command log`)
  const hidden = v.failures.filter((f) => f.hidden).length
  const head = `Failing tests (${n})${hidden ? `, ${hidden} nested under a parent that reported ok` : ''}:`
  if (items.length <= OPEN_LIST) parts.push(escapeMarkdownInline(head), '', ...items, '')
  else parts.push(`<details><summary>${escapeHtml(head)}</summary>`, '', ...items, '', '</details>', '')
  return parts.join('\n')
}

/** The failing tests' output excerpts, collapsed; undefined when none has one. */
export function testExcerptsBlock(r: TargetResult): string | undefined {
  if (!r.tests) return undefined
  const withOutput = testsView(r.tests).failures.filter((f) => f.excerpt.length > 0)
  if (withOutput.length === 0) return undefined
  const parts = [`<details><summary>Output of the failing tests in <b>${escapeHtml(oneLine(r.name))}</b></summary>`, '']
  for (const f of withOutput.slice(0, MAX_EXCERPTS))
    parts.push(`<b>${escapeHtml(truncate(oneLine(f.label), 300))}</b>`, '', preBlock(f.excerpt), '')
  if (withOutput.length > MAX_EXCERPTS)
    parts.push(`…and ${withOutput.length - MAX_EXCERPTS} more: see the annotations and the command log.`, '')
  parts.push('</details>')
  return parts.join('\n')
}
