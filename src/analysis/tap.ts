// TAP 13/14 and KTAP parsing of the command's output (kselftest and KUnit print KTAP).
// Streaming-friendly: createTapParser() takes one line at a time and keeps only what the
// summary needs (counts, failures with bounded diagnostics, the current nested block), so
// the engine can feed it the output as it arrives. parseTap() is the whole-array form.
//
// What counts: the test points of the outermost level (its plan numbers them). Nested
// subtests (indented, TAP14 `# Subtest:` or KTAP version lines) are parsed recursively and
// their failures become diagnostics of the parent's failure.
import type { TapFailure, TapSummary } from '../plan/events.js'
import { cleanLine } from './text.js'

/** Diagnostics kept per failure: its own output (before) and what follows it (after). */
const MAX_DIAGNOSTICS_AFTER = 40
const MAX_DIAGNOSTICS_BEFORE = 20
/** Lines buffered for one nested block (a test's subtests) before it is cut. */
const MAX_NESTED_LINES = 20_000

const VERSION_RE = /^(?:K?TAP version \d+)\s*$/
const PLAN_RE = /^1\.\.(\d+)\s*(?:#\s*(.*))?$/
const TEST_RE = /^(not ok|ok)\b(?:\s+(\d+))?\s*(.*)$/
const BAIL_RE = /^Bail out!\s*(.*)$/
/** What a line that VERSION_RE, PLAN_RE or TEST_RE matches after cleanLine() must contain:
 *  the words themselves, or control characters (escape sequences) that cleaning removes. */
// eslint-disable-next-line no-control-regex
const COULD_START_TAP = /ok|1\.\.|TAP|[\x00-\x08\x0b-\x1f\x7f-\x9f]/
const SUBTEST_RE = /^#\s*Subtest:\s*(.*)$/

/** True when the lines carry TAP/KTAP: a version line, or a plan plus a test point. */
export function looksLikeTap(lines: string[]): boolean {
  let plan = false
  let point = false
  for (const raw of lines) {
    const line = cleanLine(raw)
    const text = line.trimStart()
    if (line === text) {
      if (VERSION_RE.test(text)) return true
      if (PLAN_RE.test(text)) plan = true
      else if (TEST_RE.test(text)) point = true
      if (plan && point) return true
    }
  }
  return false
}

/** Parses TAP/KTAP; undefined when the lines hold no plan and no test point. */
export function parseTap(lines: string[]): TapSummary | undefined {
  const p = createTapParser()
  for (const l of lines) p.push(l)
  return p.result()
}

export interface TapParser {
  push(line: string): void
  /** The summary so far (callable at any time); undefined while no TAP has been seen. */
  result(): TapSummary | undefined
}

interface Directive {
  kind: 'skip' | 'todo' | 'xfail' | 'other'
  text: string
}

/** Splits `desc # DIRECTIVE reason` at the first unescaped `#`. */
function splitDirective(rest: string): { name: string; directive?: Directive } {
  let idx = -1
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '\\') {
      i++
      continue
    }
    if (rest[i] === '#') {
      idx = i
      break
    }
  }
  const rawName = idx >= 0 ? rest.slice(0, idx) : rest
  const name = rawName.trim().replace(/^-\s*/, '').replace(/\\([\\#])/g, '$1')
  if (idx < 0) return { name }
  const text = rest.slice(idx + 1).trim()
  const word = /^([A-Za-z]+)/.exec(text)?.[1]?.toLowerCase() ?? ''
  let kind: Directive['kind'] = 'other'
  if (word.startsWith('skip')) kind = 'skip'
  else if (word === 'todo') kind = 'todo'
  else if (word === 'xfail') kind = 'xfail'
  return { name, directive: { kind, text } }
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length
}

/** Where diagnostics between two test points go, when no header line says. */
type Convention = 'after' | 'before'

/**
 * Splits the diagnostics seen between two test points between the previous test (TAP puts
 * diagnostics after a result) and the next one (KTAP and kselftest put a test's output
 * before its result). A line naming the next test (kselftest's `# selftests: net: foo`
 * header, the harness's `#  RUN  global.foo ...`) marks where the next test's output starts;
 * without one, the document's convention decides: KTAP → before, TAP → after, unless the
 * previous test passed (then nobody else wants them).
 */
function splitBetween(
  between: string[],
  nextName: string | undefined,
  prevFailed: boolean,
  convention: Convention,
): { prev: string[]; next: string[] } {
  if (nextName && nextName.length >= 3 && !/^\d+$/.test(nextName)) {
    const h = between.findIndex((l) => l.includes(nextName))
    if (h >= 0) return { prev: between.slice(0, h), next: between.slice(h) }
  }
  if (convention === 'before' || !prevFailed) return { prev: [], next: between }
  return { prev: between, next: [] }
}

export function createTapParser(): TapParser {
  let seen = false
  /** Indentation of the outermost level, fixed by the first TAP line. */
  let baseIndent = -1
  let convention: Convention = 'after'
  let planned: number | undefined
  let passed = 0
  let failed = 0
  let skipped = 0
  let todo = 0
  let count = 0
  let bailed = false
  const failures: TapFailure[] = []

  /** The failure of the previous test point, if it failed. */
  let prevFailure: TapFailure | undefined
  /** Diagnostic and unknown lines since the last test point. */
  let between: string[] = []
  let betweenDropped = false
  let inYaml = false
  let yamlIndent = 0
  let lastWasPoint = false
  let nested: string[] = []
  let nestedIndent = -1

  const addDiags = (f: TapFailure, lines: string[], max: number): void => {
    const room = MAX_DIAGNOSTICS_AFTER + MAX_DIAGNOSTICS_BEFORE - f.diagnostics.length
    f.diagnostics.push(...lines.slice(0, Math.max(0, Math.min(room, max))))
  }

  const takeNested = (): TapSummary | undefined => {
    if (nested.length === 0) return undefined
    const sub = parseTap(nested.map((l) => l.slice(Math.min(nestedIndent, indentOf(l)))))
    nested = []
    nestedIndent = -1
    return sub
  }

  const takeBetween = (nextName: string | undefined): { prev: string[]; next: string[] } => {
    const parts = splitBetween(between, nextName, prevFailure !== undefined, convention)
    if (betweenDropped && parts.next.length > 0) parts.next.unshift('…')
    between = []
    betweenDropped = false
    return parts
  }

  const onPoint = (notOk: boolean, num: number | undefined, rest: string): void => {
    const sub = takeNested()
    const { name, directive } = splitDirective(rest)
    // ksft_test_result_xfail/skip print the name after the directive: `ok 3 # XFAIL name`.
    const parts = takeBetween(name || directive?.text.replace(/^\S+\s*/, ''))
    if (prevFailure) addDiags(prevFailure, parts.prev, MAX_DIAGNOSTICS_AFTER)
    prevFailure = undefined
    count++
    if (directive?.kind === 'skip') {
      skipped++
      return
    }
    if (directive?.kind === 'todo' || directive?.kind === 'xfail') {
      todo++
      return
    }
    if (!notOk) {
      passed++
      return
    }
    failed++
    const failure: TapFailure = { name, diagnostics: [] }
    if (num !== undefined) failure.number = num
    if (directive) failure.diagnostics.push(`# ${directive.text}`)
    addDiags(failure, parts.next.slice(-MAX_DIAGNOSTICS_BEFORE), MAX_DIAGNOSTICS_BEFORE)
    for (const f of sub?.failures ?? []) {
      addDiags(failure, [`not ok${f.number !== undefined ? ` ${f.number}` : ''} ${f.name}`.trimEnd()], 1)
      addDiags(failure, f.diagnostics.slice(0, 10).map((d) => `  ${d}`), 10)
    }
    failures.push(failure)
    prevFailure = failure
  }

  const onDiagnostic = (text: string): void => {
    if (/^#\s*Totals:/.test(text)) return
    between.push(text)
    // Keep the start (the previous test's diagnostics) and the end (the next test's output).
    if (between.length > 4 * MAX_DIAGNOSTICS_AFTER) {
      between.splice(MAX_DIAGNOSTICS_AFTER, between.length - 3 * MAX_DIAGNOSTICS_AFTER)
      betweenDropped = true
    }
  }

  const push = (raw: string): void => {
    if (bailed) return
    // Before TAP starts only a version, plan or test line matters: skip the cleaning of the
    // (often many) lines that cannot be one.
    if (baseIndent < 0 && !COULD_START_TAP.test(raw)) return
    const line = cleanLine(raw)
    const text = line.trimStart()
    const indent = indentOf(line)

    if (baseIndent < 0) {
      // Output before the TAP starts (build logs, banners) is not TAP.
      if (VERSION_RE.test(text) || PLAN_RE.test(text) || TEST_RE.test(text)) {
        baseIndent = indent
        seen = true
        if (text.startsWith('KTAP')) convention = 'before'
      } else {
        return
      }
    }

    if (inYaml) {
      if (text === '...' && indent <= yamlIndent) inYaml = false
      else if (prevFailure) addDiags(prevFailure, [line.slice(Math.min(yamlIndent, indent))], 1)
      return
    }

    // A YAML diagnostic block directly follows its test point, indented.
    if (lastWasPoint && text === '---' && indent > baseIndent) {
      inYaml = true
      yamlIndent = indent
      lastWasPoint = false
      return
    }
    lastWasPoint = false

    if (indent > baseIndent && text !== '') {
      // A nested block (a test's subtests) starts with a TAP line at a deeper indent and ends
      // at the parent's test point. Other indented lines are diagnostics (KTAP allows
      // unknown lines at any indent; KUnit indents its expectation details).
      const startsBlock = VERSION_RE.test(text) || SUBTEST_RE.test(text) || PLAN_RE.test(text) || TEST_RE.test(text)
      if (nested.length > 0 || startsBlock) {
        if (nested.length < MAX_NESTED_LINES) nested.push(line)
        if (nestedIndent < 0 || indent < nestedIndent) nestedIndent = indent
        return
      }
      onDiagnostic(text)
      return
    }
    if (text === '') return

    const bail = BAIL_RE.exec(text)
    if (bail) {
      const parts = takeBetween(undefined)
      if (prevFailure) addDiags(prevFailure, parts.prev, MAX_DIAGNOSTICS_AFTER)
      bailed = true
      failed++
      failures.push({ name: `Bail out! ${bail[1] ?? ''}`.trim(), diagnostics: parts.next.slice(-MAX_DIAGNOSTICS_BEFORE) })
      return
    }
    const point = TEST_RE.exec(text)
    if (point) {
      const num = point[2] !== undefined ? Number(point[2]) : undefined
      onPoint(point[1] === 'not ok', num, point[3] ?? '')
      lastWasPoint = true
      return
    }
    const plan = PLAN_RE.exec(text)
    if (plan) {
      planned = Number(plan[1])
      return
    }
    if (VERSION_RE.test(text) || SUBTEST_RE.test(text)) return
    // `# ` diagnostics, and unknown lines: KTAP allows them and they often explain a failure.
    onDiagnostic(text)
  }

  const result = (): TapSummary | undefined => {
    if (!seen) return undefined
    // Trailing diagnostics belong to the last failure; attach them to copies so that
    // result() can be called mid-stream without changing the parser's state.
    const out = failures.map((f) => ({ ...f, diagnostics: f.diagnostics.slice() }))
    const trailing = bailed ? [] : between
    const lastIdx = prevFailure ? failures.indexOf(prevFailure) : -1
    const last = lastIdx >= 0 ? out[lastIdx] : undefined
    if (last && convention === 'after') addDiags(last, trailing, MAX_DIAGNOSTICS_AFTER)
    const summary: TapSummary = { passed, failed, skipped, todo, failures: out }
    if (planned !== undefined) summary.planned = planned
    if (!bailed && planned !== undefined && count !== planned) {
      // Missing (or extra) results mean the run died part-way: TAP counts that as a failure.
      summary.failed++
      summary.failures.push({
        name: `planned ${planned} tests but ${count} ran`,
        diagnostics: trailing.slice(-MAX_DIAGNOSTICS_BEFORE),
      })
    }
    return summary
  }

  return { push, result }
}
