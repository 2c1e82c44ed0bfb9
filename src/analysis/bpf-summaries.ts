// The two older BPF selftest programs print neither TAP nor test_progs' format:
// - test_verifier (tools/testing/selftests/bpf/test_verifier.c): per case `#<n>/<u|p>
//   <description> <OK|SKIP|FAIL…>` (u: unprivileged run, p: privileged), a failing case's
//   explanation on the lines after it, and `Summary: <n> PASSED, <n> SKIPPED, <n> FAILED`;
// - test_maps (test_maps.c): `test_maps: OK, <n> SKIPPED` when everything passed; the first
//   failing check prints `<function>(<line>):FAIL:<tag> <message>` and exits.
// Streaming like the other parsers: push() per line, result() at any point; bounded memory.
import type { BpfFailure, BpfSummary } from '../plan/test-results.js'
import { createExcerpt, type Excerpt } from './excerpt.js'
import { cleanLine, forMatching } from './text.js'

const MAX_FAILURES = 2000
const MAX_EXCERPTS = 200

export type { BpfFailure, BpfSummary } from '../plan/test-results.js'

export interface BpfSummaryParser {
  push(line: string): void
  result(): BpfSummary | undefined
}

/** `#12/p description OK`, `#3/u description 2 cases OK`, `#7/p description FAIL retval 1 != 2`. */
const VERIFIER_CASE_RE = /^#(\d+)\/([up]) (.*?) (?:\d+ cases )?(OK|SKIP|FAIL)\b(.*)$/
const VERIFIER_SUMMARY_RE = /^Summary: (\d+) PASSED, (\d+) SKIPPED, (\d+) FAILED$/
const MAPS_OK_RE = /^test_maps: OK, (\d+) SKIPPED$/
const MAPS_FAIL_RE = /^(\w+)\((\d+)\):FAIL:(.*)$/

/** True for a line only test_verifier or test_maps prints: for format detection. */
export function isBpfSummaryLine(line: string): boolean {
  return VERIFIER_SUMMARY_RE.test(line) || MAPS_OK_RE.test(line) || VERIFIER_CASE_RE.test(line)
}

export function createBpfSummaryParser(): BpfSummaryParser {
  let program: BpfSummary['program'] | undefined
  let passed = 0
  let skipped = 0
  let failed = 0
  let failuresDropped = 0
  let excerpts = 0
  let reported: BpfSummary['reported']
  const failures: BpfFailure[] = []
  /** test_verifier explains a failure after its case line: lines go to the last failure. */
  let open: { failure: BpfFailure; excerpt: Excerpt } | undefined
  /** test_maps prints a check's output before its FAIL line. */
  const before = createExcerpt()

  const closeOpen = (): void => {
    if (open) open.failure.excerpt = open.excerpt.lines()
    open = undefined
  }

  const fail = (name: string, first: string[], follow: boolean): void => {
    failed++
    if (failures.length >= MAX_FAILURES) {
      failuresDropped++
      return
    }
    const f: BpfFailure = { name, excerpt: [] }
    failures.push(f)
    if (excerpts >= MAX_EXCERPTS) return
    excerpts++
    const e = createExcerpt()
    for (const l of first) e.add(l)
    f.excerpt = e.lines()
    if (follow) open = { failure: f, excerpt: e }
  }

  const push = (raw: string): void => {
    const line = cleanLine(forMatching(raw))
    const c = VERIFIER_CASE_RE.exec(line)
    if (c) {
      closeOpen()
      program = 'test_verifier'
      const res = c[4]
      if (res === 'OK') passed++
      else if (res === 'SKIP') skipped++
      else fail(`#${c[1]}/${c[2]} ${c[3]}`, c[5]?.trim() ? [`FAIL${c[5]}`] : [], true)
      return
    }
    const s = VERIFIER_SUMMARY_RE.exec(line)
    if (s) {
      closeOpen()
      program = 'test_verifier'
      reported = { passed: Number(s[1]), skipped: Number(s[2]), failed: Number(s[3]) }
      return
    }
    const ok = MAPS_OK_RE.exec(line)
    if (ok) {
      program = 'test_maps'
      reported = { passed: 1, skipped: Number(ok[1]), failed: 0 }
      passed++
      skipped += Number(ok[1])
      return
    }
    const mf = program !== 'test_verifier' ? MAPS_FAIL_RE.exec(line) : null
    if (mf) {
      program = 'test_maps'
      fail(`${mf[1]}:${mf[2]}`, [...before.lines(), line], false)
      before.reset()
      return
    }
    if (open) open.excerpt.add(line)
    else before.add(line)
  }

  const result = (): BpfSummary | undefined => {
    if (!program) return undefined
    const out: BpfSummary = {
      program,
      passed,
      skipped,
      failed,
      failures: failures.map((f) => ({
        ...f,
        excerpt: f === open?.failure ? open.excerpt.lines() : f.excerpt.slice(),
      })),
      failuresDropped,
    }
    if (reported) out.reported = { ...reported }
    return out
  }

  return { push, result }
}
