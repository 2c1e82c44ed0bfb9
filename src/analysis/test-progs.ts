// The BPF selftests runner `test_progs` (tools/testing/selftests/bpf/test_progs.c) does not
// print TAP. Per test it prints `#<num> <name>:<OK|SKIP|FAIL>` (newer kernels also
// `OK (SKIP: n/m)`), per subtest `#<num>/<sub> <name>/<subname>:<result>`, each result
// preceded by that test's captured log when it failed (or with -v), and at the end
// `Summary: <tests>/<subtests> PASSED, <n> SKIPPED, <n> FAILED`. With failures and without
// -v it then repeats every failing test's log and result lines after `All error logs:`; with
// -j (parallel workers) tests report in the order they finish. With -J FILE (kernels since
// 6.4) it writes a JSON summary: the four counts and, per failing test, its log and failing
// subtests (parseTestProgsJson).
//
// Streaming: push() one line at a time, result() at any point; linear time, bounded memory
// (results are deduplicated by number, so the repeated section and reordering count once).
import type { ProgsCounts, ProgsFailure, TestProgsSummary } from '../plan/test-results.js'
import { createExcerpt } from './excerpt.js'
import { cleanLine, forMatching } from './text.js'

const MAX_FAILURES = 2000
const MAX_EXCERPTS = 200
/** Test numbers remembered to count a result once (test_progs has ~600 tests, ~3000 subtests). */
const MAX_SEEN = 100_000

export type { ProgsCounts, ProgsFailure, TestProgsSummary } from '../plan/test-results.js'

export type ProgsResult = 'OK' | 'SKIP' | 'FAIL'

export interface TestProgsParser {
  push(line: string): void
  result(): TestProgsSummary | undefined
}

/** `#12 name:OK`, `#12/3 name/sub:FAIL`, `#12 name:OK (SKIP: 2/5)`. The name may hold `:`. */
const RESULT_RE = /^#(\d+)(?:\/(\d+))?\s+(.+):(OK|SKIP|FAIL)(?: \(SKIP: \d+\/\d+\))?$/
const SUMMARY_RE = /^Summary: (\d+)\/(\d+) PASSED, (\d+) SKIPPED, (\d+) FAILED$/
const ERROR_LOGS_RE = /^All error logs:$/

/** True for a line only test_progs prints (a result or its summary): for format detection. */
export function isTestProgsLine(line: string): boolean {
  return RESULT_RE.test(line) || SUMMARY_RE.test(line)
}

export function createTestProgsParser(): TestProgsParser {
  let seen = false
  const tests: ProgsCounts = { passed: 0, skipped: 0, failed: 0 }
  const subtests: ProgsCounts = { passed: 0, skipped: 0, failed: 0 }
  const failures: ProgsFailure[] = []
  const byNumber = new Map<string, ProgsFailure>()
  let failuresDropped = 0
  let excerpts = 0
  let reported: TestProgsSummary['reported']
  const counted = new Set<string>()
  /** Failing subtests whose test has not reported yet (its line follows theirs). */
  const awaitingParent = new Map<string, ProgsFailure[]>()
  let subtestsUnderPassing = 0
  /** Output since the last result line (a subtest's log) and since the last test line. */
  const sinceResult = createExcerpt()
  const sinceTest = createExcerpt()

  const onResult = (num: string, sub: string | undefined, name: string, res: ProgsResult): void => {
    const key = sub ? `${num}/${sub}` : num
    const log = sub ? sinceResult : sinceTest
    const excerpt = log.count > 0 ? log.lines() : []
    sinceResult.reset()
    if (!sub) sinceTest.reset()
    const known = byNumber.get(key)
    if (counted.has(key)) {
      // The `All error logs:` section repeats a failure: keep its log if the first had none.
      if (known && known.excerpt.length === 0 && excerpts < MAX_EXCERPTS && excerpt.length > 0) {
        known.excerpt = excerpt
        excerpts++
      }
      return
    }
    if (counted.size < MAX_SEEN) counted.add(key)
    if (!sub) subtestsUnderPassing += judgeSubtests(awaitingParent, num, res)
    const counts = sub ? subtests : tests
    if (res === 'OK') counts.passed++
    else if (res === 'SKIP') counts.skipped++
    else {
      counts.failed++
      if (failures.length >= MAX_FAILURES) {
        failuresDropped++
        return
      }
      const f: ProgsFailure = { name, number: key, subtest: sub !== undefined, excerpt: [] }
      if (excerpts < MAX_EXCERPTS) {
        f.excerpt = excerpt
        excerpts++
      }
      failures.push(f)
      byNumber.set(key, f)
      if (sub && awaitingParent.size < MAX_SEEN) awaitingParent.set(num, [...(awaitingParent.get(num) ?? []), f])
    }
  }

  const push = (raw: string): void => {
    const line = cleanLine(forMatching(raw))
    const r = RESULT_RE.exec(line)
    if (r) {
      seen = true
      onResult(r[1] as string, r[2], r[3] as string, r[4] as ProgsResult)
      return
    }
    const s = SUMMARY_RE.exec(line)
    if (s) {
      seen = true
      reported = { passed: Number(s[1]), subtestsPassed: Number(s[2]), skipped: Number(s[3]), failed: Number(s[4]) }
      return
    }
    if (ERROR_LOGS_RE.test(line)) {
      sinceResult.reset()
      sinceTest.reset()
      return
    }
    sinceResult.add(line)
    sinceTest.add(line)
  }

  const result = (): TestProgsSummary | undefined => {
    if (!seen) return undefined
    const out: TestProgsSummary = {
      tests: { ...tests },
      subtests: { ...subtests },
      failures: failures.map((f) => ({ ...f, excerpt: f.excerpt.slice() })),
      failuresDropped,
    }
    if (subtestsUnderPassing) out.subtestsUnderPassing = subtestsUnderPassing
    if (reported) out.reported = { ...reported }
    return out
  }

  return { push, result }
}

/** A test's own verdict on its failing subtests (waiting for it in `awaiting`): an OK (or
 *  SKIP) over them means the test cleared its state on purpose, so they do not count as
 *  failing. Returns how many it cleared. */
function judgeSubtests(awaiting: Map<string, ProgsFailure[]>, num: string, res: ProgsResult): number {
  const waiting = awaiting.get(num)
  if (!waiting) return 0
  awaiting.delete(num)
  if (res === 'FAIL') return 0
  for (const f of waiting) f.underPassingParent = true
  return waiting.length
}

/** The whole-array form of createTestProgsParser(). */
export function parseTestProgs(lines: Iterable<string>): TestProgsSummary | undefined {
  const p = createTestProgsParser()
  for (const l of lines) p.push(l)
  return p.result()
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined
}

/** A log message from the JSON, as excerpt lines (bounded like the text parser's). */
function messageLines(v: unknown): string[] {
  if (typeof v !== 'string' || v === '') return []
  const e = createExcerpt()
  for (const l of v.split('\n')) if (l !== '') e.add(cleanLine(forMatching(l)))
  return e.lines()
}

/**
 * The `-J FILE` summary: `{"success", "success_subtest", "skipped", "failed", "results":
 * [{"name", "number", "message", "failed", "subtests": [{"name", "number", "message",
 * "failed"}]}]}`. It lists failing tests only (and their failing subtests), so passed and
 * skipped counts come from its totals. Undefined when the text is not that shape.
 */
export function parseTestProgsJson(text: string): TestProgsSummary | undefined {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof doc !== 'object' || doc === null) return undefined
  const d = doc as Record<string, unknown>
  const passed = num(d.success)
  const subtestsPassed = num(d.success_subtest)
  const skipped = num(d.skipped)
  const failed = num(d.failed)
  if (passed === undefined || subtestsPassed === undefined || skipped === undefined || failed === undefined)
    return undefined
  const failures: ProgsFailure[] = []
  let failuresDropped = 0
  let subFailed = 0
  const add = (f: ProgsFailure): void => {
    if (failures.length < MAX_FAILURES) failures.push(f)
    else failuresDropped++
  }
  for (const r of Array.isArray(d.results) ? d.results : []) {
    if (typeof r !== 'object' || r === null) continue
    const t = r as Record<string, unknown>
    const name = typeof t.name === 'string' ? t.name : '?'
    const n = num(t.number) ?? 0
    if (t.failed === true) add({ name, number: String(n), subtest: false, excerpt: messageLines(t.message) })
    for (const s of Array.isArray(t.subtests) ? t.subtests : []) {
      if (typeof s !== 'object' || s === null || (s as Record<string, unknown>).failed !== true) continue
      const st = s as Record<string, unknown>
      subFailed++
      const sname = typeof st.name === 'string' ? st.name : '?'
      add({
        name: `${name}/${sname}`,
        number: `${n}/${num(st.number) ?? 0}`,
        subtest: true,
        excerpt: messageLines(st.message),
      })
    }
  }
  return {
    // `success` counts every test without an error, skipped ones included (test_progs.c).
    tests: { passed, skipped, failed },
    subtests: { passed: subtestsPassed, skipped: 0, failed: subFailed },
    failures,
    failuresDropped,
    reported: { passed, subtestsPassed, skipped, failed },
  }
}
