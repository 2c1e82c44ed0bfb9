// One reporter-side view of a target's parsed test results, whatever their format (KTAP,
// test_progs, test_verifier/test_maps): counts at the outer level and below it, and every
// failure with a display name and its excerpt. The summary, annotations, log lines and the
// `results` JSON all read this, so a format is explained to them in one place.
import { failingTestCount, type SuiteCounts, type TestSummary } from '../plan/test-results.js'

export interface TestFailureView {
  /** Full name: `collection:test/subtest` (KTAP), `name/sub` (test_progs), the case (BPF). */
  name: string
  /** How the failure reads in a list: `not ok 3 net:foo`, `#12/3 name/sub`, `#7/p case`. */
  label: string
  /** `exit=1`, `TIMEOUT 45 seconds`, `Bail out! …`, `planned 5 tests but 3 ran`. */
  reason?: string
  /** A nested failure under a parent that reported `ok`. */
  hidden: boolean
  /** Whether fail_on_test_failure counts it: not a test_progs subtest its own test cleared
   *  (a KTAP parent's `ok` over a `not ok` is the runner losing it, and counts). */
  counted: boolean
  excerpt: string[]
}

export interface TestsView {
  /** `KTAP`, `test_progs`, `test_verifier`, `test_maps`. */
  label: string
  planned: number | null
  /** Outer level: KTAP's top-level points, test_progs' tests, BPF cases. */
  top: SuiteCounts
  /** Below it: KTAP's nested subtests, test_progs' subtests; null for the BPF programs. */
  sub: SuiteCounts | null
  bailouts: number
  planProblems: number
  /** What fail_on_test_failure counts. */
  failing: number
  failures: TestFailureView[]
  /** Failures counted but not kept by name (past the parser's cap). */
  failuresDropped: number
  /** The program's own summary line (test_progs, test_verifier, test_maps). */
  reported: { passed: number; skipped: number; failed: number } | null
}

const counts = (passed: number, failed: number, skipped: number, todo = 0): SuiteCounts => ({
  passed,
  failed,
  skipped,
  todo,
})

export function testsView(s: TestSummary): TestsView {
  const base = { bailouts: 0, planProblems: 0, failing: failingTestCount(s), failuresDropped: s.failuresDropped }
  switch (s.format) {
    case 'ktap':
      return {
        ...base,
        label: 'KTAP',
        planned: s.documents > 0 && s.planned > 0 ? s.planned : null,
        top: { ...s.top },
        sub: s.nested.passed + s.nested.failed + s.nested.skipped + s.nested.todo > 0 ? { ...s.nested } : null,
        bailouts: s.bailouts,
        planProblems: s.planProblems,
        failures: s.failures.map((f) => {
          const v: TestFailureView = {
            name: f.name,
            label:
              f.kind === 'fail' || f.kind === 'timeout'
                ? `not ok${f.number !== undefined && !f.nested ? ` ${f.number}` : ''} ${f.name}`
                : `${f.name}: ${f.reason ?? f.kind}`,
            hidden: f.underPassingParent,
            counted: true,
            excerpt: f.excerpt,
          }
          if (f.reason) v.reason = f.reason
          return v
        }),
        reported: null,
      }
    case 'test_progs':
      return {
        ...base,
        label: 'test_progs',
        planned: null,
        top: counts(s.tests.passed, s.tests.failed, s.tests.skipped),
        sub: counts(s.subtests.passed, s.subtests.failed, s.subtests.skipped),
        failures: s.failures.map((f) => ({
          name: f.name,
          label: `#${f.number} ${f.name}`,
          hidden: f.underPassingParent === true,
          counted: f.underPassingParent !== true,
          excerpt: f.excerpt,
        })),
        reported: s.reported
          ? { passed: s.reported.passed, skipped: s.reported.skipped, failed: s.reported.failed }
          : null,
      }
    case 'bpf_summary':
      return {
        ...base,
        label: s.program,
        planned: null,
        top: counts(s.passed, s.failed, s.skipped),
        sub: null,
        failures: s.failures.map((f) => ({
          name: f.name,
          label: f.name,
          hidden: false,
          counted: true,
          excerpt: f.excerpt,
        })),
        reported: s.reported ? { ...s.reported } : null,
      }
  }
}

function countWords(c: SuiteCounts): string {
  const parts = [`${c.passed} passed`, `${c.failed} failed`]
  if (c.skipped) parts.push(`${c.skipped} skipped`)
  if (c.todo) parts.push(`${c.todo} todo`)
  return parts.join(', ')
}

/** `5 passed, 1 failed, 2 skipped; subtests: 40 passed, 3 failed` (and bail-outs, plans). */
export function describeTestCounts(v: TestsView): string {
  const parts = [countWords(v.top)]
  if (v.sub) parts.push(`subtests: ${countWords(v.sub)}`)
  const extra: string[] = []
  if (v.bailouts) extra.push(`${v.bailouts} bail-out${v.bailouts === 1 ? '' : 's'}`)
  if (v.planProblems) extra.push(`${v.planProblems} broken plan${v.planProblems === 1 ? '' : 's'}`)
  if (extra.length) parts.push(extra.join(', '))
  return parts.join('; ')
}
