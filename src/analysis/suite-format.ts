// Which test output format a stream carries, for `test_output: auto`: KTAP/TAP (kselftest,
// KUnit, most TAP producers), test_progs, or test_verifier/test_maps. Decided by the first
// line only that format prints, then fixed: kselftest running the BPF collection prints
// `TAP version 13` before test_progs' lines (which it nests as `# #1 name:OK`), so TAP wins
// there, as it should. Cheap per line: a prefilter on the first characters before any regex.
import type { SuiteFormat } from '../plan/test-results.js'
import { isBpfSummaryLine } from './bpf-summaries.js'
import { isTestProgsLine } from './test-progs.js'
import { cleanLine, forMatching } from './text.js'

export type { SuiteFormat } from '../plan/test-results.js'

export interface FormatDetector {
  /** Feeds a line; returns the format once decided (then always the same). */
  push(line: string): SuiteFormat | undefined
  readonly format: SuiteFormat | undefined
}

const VERSION_RE = /^\s*K?TAP version \d+$/
const PLAN_RE = /^\s*1\.\.\d+(?:\s*#.*)?$/
const POINT_RE = /^\s*(?:not ok|ok)\b/

/** Lines that can matter start (after spaces) with one of these. */
// eslint-disable-next-line no-control-regex
const MAY_MATTER_RE = /^\s*(?:K?TAP|1\.\.|#\d|Summary:|test_maps:|ok|not ok)|[\x00-\x08\x0b-\x1f\x7f-\x9f]/

export function createFormatDetector(): FormatDetector {
  let format: SuiteFormat | undefined
  let plan = false
  let point = false

  const push = (raw: string): SuiteFormat | undefined => {
    if (format || !MAY_MATTER_RE.test(raw)) return format
    const line = cleanLine(forMatching(raw))
    if (VERSION_RE.test(line)) format = 'ktap'
    else if (isTestProgsLine(line)) format = 'test_progs'
    else if (isBpfSummaryLine(line)) format = 'bpf_summary'
    else {
      // TAP without a version line: a plan and a test point at the same indentation.
      if (PLAN_RE.test(line)) plan = true
      else if (POINT_RE.test(line)) point = true
      if (plan && point) format = 'ktap'
    }
    return format
  }

  return {
    push,
    get format() {
      return format
    },
  }
}

/** The format of a whole array of lines, or undefined. */
export function detectSuiteFormat(lines: Iterable<string>): SuiteFormat | undefined {
  const d = createFormatDetector()
  for (const l of lines) if (d.push(l)) return d.format
  return undefined
}
