// The parsed test-suite results a target carries (TargetResult.tests), shared by the parsers
// in analysis/ that produce them and the reporters that show them. One shape per format,
// tagged by `format`, so a reporter switches on it and nothing a parser found (nested
// failures, excerpts, the program's own summary line) is squeezed out on the way.

export type SuiteFormat = 'ktap' | 'test_progs' | 'bpf_summary'

export type SuiteFailureKind = 'fail' | 'timeout' | 'bail' | 'plan'

export interface SuiteFailure {
  /** Full path: `collection:test` for kselftest programs, then `/subtest` per level. */
  name: string
  number?: number
  kind: SuiteFailureKind
  /** The directive or reason: `exit=1`, `TIMEOUT 45 seconds`, a bail-out or plan message. */
  reason?: string
  nested: boolean
  /** A nested failure whose parent reported `ok`: the runner's verdict hides it. */
  underPassingParent: boolean
  excerpt: string[]
}

export interface SuiteSkip {
  name: string
  reason: string
  nested: boolean
}

export interface SuiteCounts {
  passed: number
  failed: number
  skipped: number
  /** TODO and XFAIL results: expected failures, not failures. */
  todo: number
}

/** KTAP / TAP (kselftest, KUnit, any TAP producer), nested levels included. */
export interface KtapSummary {
  /** TAP documents at the outermost level (kselftest: one per collection). */
  documents: number
  /** Sum of the outermost documents' plans. */
  planned: number
  top: SuiteCounts
  nested: SuiteCounts
  bailouts: number
  /** Plans not met (missing, short or exceeded), at any level. */
  planProblems: number
  /** Every failure in output order (parents before their subtests), up to a cap. */
  failures: SuiteFailure[]
  failuresDropped: number
  skips: SuiteSkip[]
  skipsDropped: number
}

export interface ProgsFailure {
  /** `name` or `name/subname`. */
  name: string
  /** `12` or `12/3`. */
  number: string
  subtest: boolean
  /** A failing subtest whose test then reported OK (or SKIP): test_progs counts a test as
   *  passed only when no subtest failed, unless the test cleared its own state on purpose
   *  (its framework self-test, prog_tests_framework, does). Shown, not counted as failing. */
  underPassingParent?: boolean
  excerpt: string[]
}

export interface ProgsCounts {
  passed: number
  skipped: number
  failed: number
}

/** The BPF selftests' test_progs (its text output and its `-J` JSON summary). */
export interface TestProgsSummary {
  tests: ProgsCounts
  subtests: ProgsCounts
  failures: ProgsFailure[]
  failuresDropped: number
  /** Failing subtests whose test reported OK or SKIP (see ProgsFailure.underPassingParent). */
  subtestsUnderPassing?: number
  /** The program's own `Summary:` line (or the JSON's counts), when it printed one. */
  reported?: { passed: number; subtestsPassed: number; skipped: number; failed: number }
}

export interface BpfFailure {
  name: string
  excerpt: string[]
}

/** test_verifier and test_maps: per-case results and a summary line. */
export interface BpfSummary {
  program: 'test_verifier' | 'test_maps'
  passed: number
  skipped: number
  failed: number
  failures: BpfFailure[]
  failuresDropped: number
  /** The program's own summary line, when it printed one (a crash leaves none). */
  reported?: { passed: number; skipped: number; failed: number }
}

export type TestSummary =
  | ({ format: 'ktap' } & KtapSummary)
  | ({ format: 'test_progs' } & TestProgsSummary)
  | ({ format: 'bpf_summary' } & BpfSummary)

/** True when a KTAP summary has any failure, bail-out or broken plan, at any level. */
export function ktapHasFailures(s: KtapSummary): boolean {
  return s.top.failed + s.nested.failed + s.bailouts + s.planProblems > 0
}

/**
 * How many failures the parsed output holds, at every level: what `fail_on_test_failure`
 * counts. KTAP: failing tests and subtests, bail-outs and broken plans; test_progs: failing
 * tests and subtests but those under a test that still reported OK (or, with no result
 * lines parsed, the program's own FAILED count).
 */
export function failingTestCount(s: TestSummary): number {
  switch (s.format) {
    case 'ktap':
      return s.top.failed + s.nested.failed + s.bailouts + s.planProblems
    case 'test_progs':
      return Math.max(s.tests.failed + s.subtests.failed - (s.subtestsUnderPassing ?? 0), s.reported?.failed ?? 0)
    case 'bpf_summary':
      return Math.max(s.failed, s.reported?.failed ?? 0)
  }
}
