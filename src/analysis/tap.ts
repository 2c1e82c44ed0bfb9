// TAP 13/14 and KTAP parsing of the command's output (kselftest and KUnit print KTAP).
// Streaming: TapWatch takes one line at a time and keeps only what the summary needs
// (counts, failures with bounded diagnostics, the current nested block), so the engine can
// feed it the output as it arrives, and detects TAP for `test_output: auto`. parseTap() is
// the whole-array form.
//
// What counts: the test points of the outermost level (its plan numbers them). Nested
// subtests (indented, TAP14 `# Subtest:` or KTAP version lines) are parsed recursively and
// their failures become diagnostics of the parent's failure. Lines are classified by
// tap-line.ts, linear in their length.
import type { TapFailure, TapSummary } from '../plan/events.js'
import { classifyTapText, couldBeTap, TapDetector, tapText, type TapLine } from './tap-line.js'

/** Diagnostics kept per failure: its own output (before) and what follows it (after). */
const MAX_DIAGNOSTICS_AFTER = 40
const MAX_DIAGNOSTICS_BEFORE = 20
/** Lines buffered for one nested block (a test's subtests) before it is cut. */
const MAX_NESTED_LINES = 20_000
/** Nesting levels parsed (KTAP suites nest two or three deep): every level re-reads the
 *  lines below it, so an unbounded depth would make a crafted output quadratic. */
const MAX_DEPTH = 8

/** Parses TAP/KTAP; undefined when the lines hold no plan and no test point. */
export function parseTap(lines: string[]): TapSummary | undefined {
  return parseAtDepth(lines, 0)
}

function parseAtDepth(lines: string[], depth: number): TapSummary | undefined {
  const p = new Parser(depth)
  for (const l of lines) p.push(l)
  return p.result()
}

/**
 * TAP/KTAP in the command output, parsed as the lines stream by, so nothing but the parser's
 * bounded state is kept. `looksLikeTap` (for `test_output: auto`): the output so far holds a
 * version line, or a plan and a test point, each at the start of its line.
 */
export class TapWatch {
  private readonly parser = new Parser(0)
  private readonly detector = new TapDetector()

  push(line: string): void {
    this.parser.push(line)
    this.detector.push(line)
  }

  get looksLikeTap(): boolean {
    return this.detector.detected
  }

  /** The summary so far (callable at any time); undefined while no TAP has been seen. */
  result(): TapSummary | undefined {
    return this.parser.result()
  }
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

function addDiags(f: TapFailure, lines: string[], max: number): void {
  const room = MAX_DIAGNOSTICS_AFTER + MAX_DIAGNOSTICS_BEFORE - f.diagnostics.length
  f.diagnostics.push(...lines.slice(0, Math.max(0, Math.min(room, max))))
}

/** Counts and failures of one level; `depth` is how deep this level is nested. */
class Parser {
  private seen = false
  /** Indentation of the outermost level, fixed by the first TAP line. */
  private baseIndent = -1
  private convention: Convention = 'after'
  private planned: number | undefined
  private passed = 0
  private failed = 0
  private skipped = 0
  private todo = 0
  private count = 0
  private bailed = false
  private readonly failures: TapFailure[] = []
  /** The failure of the previous test point, if it failed. */
  private prevFailure: TapFailure | undefined
  /** Diagnostic and unknown lines since the last test point. */
  private between: string[] = []
  private betweenDropped = false
  private inYaml = false
  private yamlIndent = 0
  private lastWasPoint = false
  private nested: string[] = []
  private nestedIndent = -1

  constructor(private readonly depth: number) {}

  push(raw: string): void {
    if (this.bailed) return
    // Before TAP starts only a version, plan or test line matters: skip the cleaning of the
    // (often many) lines that cannot be one.
    if (this.baseIndent < 0 && !couldBeTap(raw)) return
    const line = tapText(raw)
    const text = line.trimStart()
    const indent = line.length - text.length
    const kind = classifyTapText(text)
    if (this.baseIndent < 0 && !this.start(kind, text, indent)) return
    if (this.inYaml) return this.yamlLine(line, text, indent)
    // A YAML diagnostic block directly follows its test point, indented.
    if (this.lastWasPoint && text === '---' && indent > this.baseIndent) {
      this.inYaml = true
      this.yamlIndent = indent
      this.lastWasPoint = false
      return
    }
    this.lastWasPoint = false
    if (indent > this.baseIndent && text !== '') return this.indentedLine(line, text, indent, kind)
    if (text !== '') this.levelLine(text, kind)
  }

  /** Output before the TAP starts (build logs, banners) is not TAP: true once it starts. */
  private start(kind: TapLine, text: string, indent: number): boolean {
    if (kind.kind !== 'version' && kind.kind !== 'plan' && kind.kind !== 'point') return false
    this.baseIndent = indent
    this.seen = true
    if (text.startsWith('KTAP')) this.convention = 'before'
    return true
  }

  private yamlLine(line: string, text: string, indent: number): void {
    if (text === '...' && indent <= this.yamlIndent) this.inYaml = false
    else if (this.prevFailure) addDiags(this.prevFailure, [line.slice(Math.min(this.yamlIndent, indent))], 1)
  }

  /**
   * A nested block (a test's subtests) starts with a TAP line at a deeper indent and ends at
   * the parent's test point. Other indented lines are diagnostics (KTAP allows unknown lines
   * at any indent; KUnit indents its expectation details).
   */
  private indentedLine(line: string, text: string, indent: number, kind: TapLine): void {
    const startsBlock = kind.kind === 'version' || kind.kind === 'subtest' || kind.kind === 'plan' || kind.kind === 'point'
    if (this.nested.length > 0 || startsBlock) {
      if (this.nested.length < MAX_NESTED_LINES) this.nested.push(line)
      if (this.nestedIndent < 0 || indent < this.nestedIndent) this.nestedIndent = indent
      return
    }
    this.onDiagnostic(text)
  }

  /** A line at this level's indent. */
  private levelLine(text: string, kind: TapLine): void {
    switch (kind.kind) {
      case 'bail':
        return this.onBail(kind.reason)
      case 'point':
        this.onPoint(kind.notOk, kind.number, kind.rest)
        this.lastWasPoint = true
        return
      case 'plan':
        this.planned = kind.count
        return
      case 'version':
      case 'subtest':
        return
      default:
        // `# ` diagnostics, and unknown lines: KTAP allows them and they often explain a failure.
        this.onDiagnostic(text)
    }
  }

  private onBail(reason: string): void {
    const parts = this.takeBetween(undefined)
    if (this.prevFailure) addDiags(this.prevFailure, parts.prev, MAX_DIAGNOSTICS_AFTER)
    this.bailed = true
    this.failed++
    this.failures.push({ name: `Bail out! ${reason}`.trim(), diagnostics: parts.next.slice(-MAX_DIAGNOSTICS_BEFORE) })
  }

  private takeNested(): TapSummary | undefined {
    if (this.nested.length === 0) return undefined
    const lines = this.nested.map((l) => l.slice(Math.min(this.nestedIndent, indentOf(l))))
    this.nested = []
    this.nestedIndent = -1
    return this.depth < MAX_DEPTH ? parseAtDepth(lines, this.depth + 1) : undefined
  }

  private takeBetween(nextName: string | undefined): { prev: string[]; next: string[] } {
    const parts = splitBetween(this.between, nextName, this.prevFailure !== undefined, this.convention)
    if (this.betweenDropped && parts.next.length > 0) parts.next.unshift('…')
    this.between = []
    this.betweenDropped = false
    return parts
  }

  private onPoint(notOk: boolean, num: number | undefined, rest: string): void {
    const sub = this.takeNested()
    const { name, directive } = splitDirective(rest)
    // ksft_test_result_xfail/skip print the name after the directive: `ok 3 # XFAIL name`.
    const parts = this.takeBetween(name || directive?.text.replace(/^\S+\s*/, ''))
    if (this.prevFailure) addDiags(this.prevFailure, parts.prev, MAX_DIAGNOSTICS_AFTER)
    this.prevFailure = undefined
    this.count++
    if (directive?.kind === 'skip') {
      this.skipped++
    } else if (directive?.kind === 'todo' || directive?.kind === 'xfail') {
      this.todo++
    } else if (!notOk) {
      this.passed++
    } else {
      this.failed++
      const failure: TapFailure = { name, diagnostics: [] }
      if (num !== undefined) failure.number = num
      if (directive) failure.diagnostics.push(`# ${directive.text}`)
      addDiags(failure, parts.next.slice(-MAX_DIAGNOSTICS_BEFORE), MAX_DIAGNOSTICS_BEFORE)
      for (const f of sub?.failures ?? []) {
        addDiags(failure, [`not ok${f.number !== undefined ? ` ${f.number}` : ''} ${f.name}`.trimEnd()], 1)
        addDiags(failure, f.diagnostics.slice(0, 10).map((d) => `  ${d}`), 10)
      }
      this.failures.push(failure)
      this.prevFailure = failure
    }
  }

  private onDiagnostic(text: string): void {
    if (/^#\s*Totals:/.test(text)) return
    this.between.push(text)
    // Keep the start (the previous test's diagnostics) and the end (the next test's output).
    if (this.between.length > 4 * MAX_DIAGNOSTICS_AFTER) {
      this.between.splice(MAX_DIAGNOSTICS_AFTER, this.between.length - 3 * MAX_DIAGNOSTICS_AFTER)
      this.betweenDropped = true
    }
  }

  result(): TapSummary | undefined {
    if (!this.seen) return undefined
    // Trailing diagnostics belong to the last failure; attach them to copies so that
    // result() can be called mid-stream without changing the parser's state.
    const out = this.failures.map((f) => ({ ...f, diagnostics: f.diagnostics.slice() }))
    const trailing = this.bailed ? [] : this.between
    const lastIdx = this.prevFailure ? this.failures.indexOf(this.prevFailure) : -1
    const last = lastIdx >= 0 ? out[lastIdx] : undefined
    if (last && this.convention === 'after') addDiags(last, trailing, MAX_DIAGNOSTICS_AFTER)
    const summary: TapSummary = { passed: this.passed, failed: this.failed, skipped: this.skipped, todo: this.todo, failures: out }
    if (this.planned !== undefined) summary.planned = this.planned
    if (!this.bailed && this.planned !== undefined && this.count !== this.planned) {
      // Missing (or extra) results mean the run died part-way: TAP counts that as a failure.
      summary.failed++
      summary.failures.push({
        name: `planned ${this.planned} tests but ${this.count} ran`,
        diagnostics: trailing.slice(-MAX_DIAGNOSTICS_BEFORE),
      })
    }
    return summary
  }
}
