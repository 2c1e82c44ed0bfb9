// KTAP / TAP parsing with nested subtests, as kselftest's run_kselftest.sh, the kselftest
// harness and KUnit print it. One stream may hold several documents (run_kselftest.sh prints
// `TAP version 13` and a plan per collection), and each test's own KTAP is nested inside the
// runner's: indented (KTAP, TAP 14, KUnit) or prefixed with `# ` (kselftest's runner passes
// every line of a test's output through its `prefix.pl`). Every level keeps its own plan and
// count, so a stream of 7 collections is 7 plans, not one plan contradicted by the rest.
//
// Results: the outermost level's test points (kselftest: one per program) and, separately,
// every nested subtest. Failures are named by their full path (`openat2:resolve_test`,
// `vmtest_demo:nested_fail.sh/second_fails`); a nested failure under a parent that reported
// `ok` is marked, since the runner's own verdict hides it. A failure carries a bounded excerpt
// of the output printed before it (the KTAP convention: a test's output precedes its result).
//
// Streaming: push() one line at a time, result() at any point. Time is linear in the input
// and memory bounded (depth, failures, excerpts, line width are all capped).
import type { KtapSummary, SuiteFailure, SuiteFailureKind, SuiteSkip } from '../plan/test-results.js'
import { createExcerpt, type Excerpt } from './excerpt.js'
import { classifyTapText, couldBeTap } from './tap-line.js'
import { cleanLine, forMatching } from './text.js'

export type { KtapSummary, SuiteCounts, SuiteFailure, SuiteFailureKind, SuiteSkip } from '../plan/test-results.js'
export { ktapHasFailures } from '../plan/test-results.js'

const MAX_DEPTH = 8
/** Failures and skips kept by name; later ones are only counted. */
const MAX_ITEMS = 2000
/** Failures that keep an excerpt of their output. */
const MAX_EXCERPTS = 200
/** Lines a TAP failure takes from the diagnostics after it. */
const MAX_AFTER_LINES = 40

export interface KtapOptions {
  /** Strip printk timestamps (`[    1.234567] `): KTAP read from the kernel console. */
  console?: boolean
}

export interface KtapParser {
  push(line: string): void
  result(): KtapSummary | undefined
}

const TIMESTAMP_RE = /^\[\s*\d+\.\d+\]\s?/

// Lines are classified by tap-line.ts (plain scanning, linear in the line's length) and the
// names below are cut out with indexOf/split, not regular expressions that could backtrack.

/** `# Subtest: name` → `name`. */
function subtestName(text: string): string | undefined {
  if (!text.startsWith('#')) return undefined
  const t = text.slice(1).trimStart()
  return t.startsWith('Subtest:') ? t.slice(8).trim() : undefined
}

/** `selftests: net: foo.sh` → ['net', 'foo.sh'] (the runner's names; `net:foo.sh` too). */
function ksftName(text: string): [string, string] | undefined {
  if (!text.startsWith('selftests:')) return undefined
  const rest = text.slice(10).trimStart()
  let end = 0
  while (end < rest.length && !/\s/.test(rest.charAt(end))) end++
  const word = rest.slice(0, end)
  const colon = word.lastIndexOf(':')
  if (colon <= 0) return undefined
  const test = `${word.slice(colon + 1)}${rest.slice(end)}`.trim()
  return test ? [word.slice(0, colon), test] : undefined
}

/** `#  RUN  fixture.test ...` (the kselftest harness) → `fixture.test`. */
function harnessRun(text: string): string | undefined {
  if (!text.startsWith('#') || !/\s/.test(text.charAt(1))) return undefined
  const t = text.slice(1).trimStart()
  if (!t.startsWith('RUN') || !/\s/.test(t.charAt(3))) return undefined
  const rest = t.slice(3).trim()
  if (!rest.endsWith('...')) return undefined
  const name = rest.slice(0, -3).trimEnd()
  return name && !/\s/.test(name) ? name : undefined
}

/** A result waiting for its path to be completed by the parents' test points. */
interface Item {
  segments: string[]
  number?: number
  kind: SuiteFailureKind | 'skip'
  reason?: string
  nested: boolean
  underPassingParent: boolean
  excerpt: string[]
}

interface Level {
  /** The full prefix of this level's lines (the parents' prefixes included). */
  prefix: string
  planned?: number
  count: number
  bailed: boolean
  /** Output since the last test point at this level, for the next failure's excerpt. */
  excerpt: Excerpt
  /** Items of closed child documents, waiting for this level's next test point. */
  childItems: Item[]
  /** Items of this level's own points (and their children), waiting for the parent's point. */
  items: Item[]
  /** The name announced for the next test point (`# Subtest:` or a kselftest header). */
  header?: string
  /** The last failure at this level, for a YAML block that follows it. */
  lastFailure?: Item
  inYaml: boolean
  /** A plain TAP document (not KTAP) at the outermost level: diagnostics follow a failure
   *  (the TAP convention), so the lines after one, up to the next test or header, are its. */
  tapAfter: boolean
  /** The last failure is still taking those lines. */
  afterOpen: boolean
}

type Directive = { kind: 'skip' | 'todo' | 'timeout' | 'other'; text: string }

/** Splits `desc # DIRECTIVE reason` at the first unescaped `#`. */
function splitDirective(rest: string): { name: string; directive?: Directive } {
  let idx = -1
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '\\') i++
    else if (rest[i] === '#') {
      idx = i
      break
    }
  }
  const name = (idx >= 0 ? rest.slice(0, idx) : rest)
    .trim()
    .replace(/^-\s*/, '')
    .replace(/\\([\\#])/g, '$1')
  if (idx < 0) return { name }
  const text = rest.slice(idx + 1).trim()
  const word = /^[A-Za-z]+/.exec(text)?.[0]?.toLowerCase() ?? ''
  let kind: Directive['kind'] = 'other'
  if (word.startsWith('skip')) kind = 'skip'
  else if (word === 'todo' || word === 'xfail') kind = 'todo'
  else if (word === 'timeout') kind = 'timeout'
  return { name, directive: { kind, text } }
}

/** `selftests: net: foo.sh` (kselftest's runner) → `net:foo.sh`; other names as they are. */
function pointName(
  name: string,
  num: number | undefined,
  directive: Directive | undefined,
  header: string | undefined,
): string {
  const k = ksftName(name)
  if (k) return `${k[0]}:${k[1]}`
  if (name) return name
  if (header) return header
  // ksft_test_result_skip/xfail print the name after the directive: `ok 3 # SKIP name`.
  const after = directive?.text.replace(/^\S+\s*/, '')
  if (directive && directive.kind !== 'other' && after) return after
  return num !== undefined ? `#${num}` : '#?'
}

/** A line announcing the next test point's name: `# Subtest: x`, the kselftest runner's
 *  `# selftests: dir: test`, the kselftest harness's `#  RUN  fixture.test ...`. */
function headerName(text: string): string | undefined {
  const sub = subtestName(text)
  if (sub !== undefined) return sub
  const k = text.startsWith('#') ? ksftName(text.slice(1).trimStart()) : undefined
  if (k && !/\s/.test(k[1])) return `${k[0]}:${k[1]}`
  return harnessRun(text)
}

/** How a line at a level starts a child level: the extra prefix, or undefined. */
function childPrefix(rest: string): string | undefined {
  let q: string
  if (rest.startsWith('# ')) q = '# '
  else {
    const ws = /^\s+/.exec(rest)?.[0]
    if (!ws) return undefined
    q = ws
  }
  const inner = rest.slice(q.length)
  const kind = classifyTapText(inner).kind
  if (kind === 'version' || kind === 'subtest' || kind === 'plan') return q
  // An indented test point may open a block without a header (TAP 14 allows it); a `# `
  // prefixed one is a comment unless a header opened the block.
  if (q !== '# ' && kind === 'point') return q
  return undefined
}

function hasPrefix(line: string, prefix: string): boolean {
  if (prefix === '') return true
  if (line.startsWith(prefix)) return true
  // prefix.pl turns an empty line into `# `, which loses its trailing space in cleaning.
  return prefix.endsWith('# ') && line === prefix.slice(0, -1)
}

function newLevel(prefix: string): Level {
  return {
    prefix,
    count: 0,
    bailed: false,
    excerpt: createExcerpt(),
    childItems: [],
    items: [],
    inYaml: false,
    tapAfter: false,
    afterOpen: false,
  }
}

/** Items that reached the outermost level: their names are complete. */
function emit(items: Item[], into: { failures: SuiteFailure[]; skips: SuiteSkip[] }): void {
  for (const it of items) {
    const name = it.segments.join('/') || '(unnamed)'
    if (it.kind === 'skip') {
      into.skips.push({ name, reason: it.reason ?? '', nested: it.nested })
      continue
    }
    const f: SuiteFailure = {
      name,
      kind: it.kind,
      nested: it.nested,
      underPassingParent: it.underPassingParent,
      excerpt: it.excerpt,
    }
    if (it.number !== undefined) f.number = it.number
    if (it.reason) f.reason = it.reason
    into.failures.push(f)
  }
}

class KtapState implements KtapParser {
  private readonly stack: Level[] = []
  private lastCollection: string | undefined
  private baseIndent = ''
  private readonly st = {
    seen: false,
    documents: 0,
    planned: 0,
    top: { passed: 0, failed: 0, skipped: 0, todo: 0 },
    nested: { passed: 0, failed: 0, skipped: 0, todo: 0 },
    bailouts: 0,
    planProblems: 0,
    failures: [] as SuiteFailure[],
    failuresDropped: 0,
    skips: [] as SuiteSkip[],
    skipsDropped: 0,
    items: 0,
    excerpts: 0,
  }

  constructor(private readonly opts: KtapOptions) {}

  /** An item for a result, or undefined when past the cap (then only counted). */
  private makeItem(
    seg: string,
    kind: Item['kind'],
    depth: number,
    num?: number,
    reason?: string,
    excerpt?: Excerpt,
  ): Item | undefined {
    if (this.st.items >= MAX_ITEMS) {
      if (kind === 'skip') this.st.skipsDropped++
      else this.st.failuresDropped++
      return undefined
    }
    this.st.items++
    const item: Item = { segments: seg ? [seg] : [], kind, nested: depth > 0, underPassingParent: false, excerpt: [] }
    if (num !== undefined) item.number = num
    if (reason) item.reason = reason
    if (excerpt && kind !== 'skip' && this.st.excerpts < MAX_EXCERPTS) {
      this.st.excerpts++
      item.excerpt = excerpt.lines()
    }
    return item
  }

  /** The plan check when a document ends: the items it adds (a broken plan is a failure). */
  private planItem(lv: Level, depth: number): Item | undefined {
    if (lv.bailed || lv.count === 0) return undefined
    if (lv.planned === undefined) {
      // Nested output without a plan is common (scripts printing TAP-like lines); only the
      // outermost document must have one.
      if (depth > 0) return undefined
      this.st.planProblems++
      return this.makeItem('', 'plan', depth, undefined, `no plan (${lv.count} tests ran)`)
    }
    if (lv.count === lv.planned) return undefined
    this.st.planProblems++
    return this.makeItem('', 'plan', depth, undefined, `planned ${lv.planned} tests but ${lv.count} ran`)
  }

  /** Closes the levels deeper than `depth`; their items wait for that level's next point. */
  private closeBelow(depth: number): void {
    while (this.stack.length > depth + 1) {
      const child = this.stack.pop() as Level
      const parent = this.stack[this.stack.length - 1] as Level
      const p = this.planItem(child, this.stack.length)
      parent.childItems.push(...child.items, ...child.childItems, ...(p ? [p] : []))
    }
  }

  /** Ends the outermost document (a new one starts, or the stream ends). */
  private endDocument(): void {
    this.closeBelow(0)
    const lv = this.stack[0]
    if (!lv) return
    const p = this.planItem(lv, 0)
    const rest = [...lv.childItems, ...(p ? [p] : [])]
    // A plan problem of the outermost document is named after its collection.
    if (p) p.segments = [this.lastCollection ?? `TAP document ${this.st.documents}`]
    emit(rest, this.st)
    this.stack.length = 0
  }

  private onPoint(depth: number, notOk: boolean, num: number | undefined, rest: string): void {
    this.closeBelow(depth)
    const lv = this.stack[depth] as Level
    if (lv.bailed) return
    lv.count++
    const { name: raw, directive } = splitDirective(rest)
    const name = pointName(raw, num, directive, lv.header)
    if (depth === 0) this.lastCollection = /^([^:/\s]+):/.exec(name)?.[1] ?? this.lastCollection
    const counts = depth === 0 ? this.st.top : this.st.nested
    let own: Item | undefined
    const passedParent = !notOk && directive?.kind !== 'skip'
    if (directive?.kind === 'skip') {
      counts.skipped++
      own = this.makeItem(name, 'skip', depth, num, directive.text.replace(/^\S+\s*/, ''))
    } else if (directive?.kind === 'todo') counts.todo++
    else if (!notOk) counts.passed++
    else {
      counts.failed++
      own = this.makeItem(
        name,
        directive?.kind === 'timeout' ? 'timeout' : 'fail',
        depth,
        num,
        directive?.text,
        lv.excerpt,
      )
    }
    for (const c of lv.childItems) {
      c.segments.unshift(name)
      if (passedParent && c.segments.length === 2 && c.kind !== 'skip') c.underPassingParent = true
    }
    const items = [...(own ? [own] : []), ...lv.childItems]
    lv.childItems = []
    lv.excerpt.reset()
    lv.header = undefined
    lv.lastFailure = own && own.kind !== 'skip' ? own : undefined
    // Bounded like the excerpts: only failures that kept one take the lines after them.
    lv.afterOpen = lv.tapAfter && lv.lastFailure !== undefined && this.st.excerpts < MAX_EXCERPTS
    if (depth === 0) emit(items, this.st)
    else lv.items.push(...items)
  }

  private onBail(depth: number, reason: string): void {
    this.closeBelow(depth)
    const lv = this.stack[depth] as Level
    if (lv.bailed) return
    lv.bailed = true
    this.st.bailouts++
    const item = this.makeItem('', 'bail', depth, undefined, `Bail out! ${reason}`.trim(), lv.excerpt)
    if (!item) return
    if (depth === 0) {
      item.segments = [this.lastCollection ?? `TAP document ${this.st.documents}`]
      emit([item], this.st)
    } else lv.childItems.push(item)
  }

  /** A TAP line (version, plan, point, bail) at `depth`, `text` without the level's prefix. */
  private onTapLine(depth: number, text: string): boolean {
    const t = classifyTapText(text)
    if (t.kind === 'version') {
      if (depth === 0) {
        this.endDocument()
        this.stack.push(newLevel(this.stack[0]?.prefix ?? this.baseIndent))
        ;(this.stack[0] as Level).tapAfter = text.startsWith('TAP')
        this.st.documents++
      } else {
        this.closeBelow(depth)
        const lv = this.stack[depth] as Level
        const p = this.planItem(lv, depth)
        if (p) lv.childItems.push(p)
        delete lv.planned
        lv.count = 0
        lv.bailed = false
      }
      return true
    }
    if (t.kind === 'plan') {
      this.closeBelow(depth)
      const lv = this.stack[depth] as Level
      lv.planned = t.count
      if (depth === 0) this.st.planned += lv.planned
      return true
    }
    if (t.kind === 'point') {
      this.onPoint(depth, t.notOk, t.number, t.rest)
      return true
    }
    if (t.kind === 'bail') {
      this.onBail(depth, t.reason)
      return true
    }
    return false
  }

  /** Every open level from `depth` up sees the line as output (for excerpts). */
  private addOutput(depth: number, line: string): void {
    for (let d = 0; d <= depth && d < this.stack.length; d++) {
      const lv = this.stack[d] as Level
      lv.excerpt.add(line.slice(Math.min(lv.prefix.length, line.length)))
    }
  }

  /** A YAML block directly after a failing point belongs to it. */
  private onYaml(lv: Level, rest: string): boolean {
    const t = rest.trim()
    if (lv.inYaml) {
      if (t === '...') lv.inYaml = false
      else if (lv.lastFailure && lv.lastFailure.excerpt.length < 40) lv.lastFailure.excerpt.push(t)
      return true
    }
    if (t === '---' && rest.startsWith(' ') && lv.lastFailure) {
      lv.inYaml = true
      return true
    }
    return false
  }

  push(raw: string): void {
    // Before the TAP starts, skip the cleaning of the (often many) lines that cannot start it.
    if (!this.st.seen && !couldBeTap(raw)) return
    let line = cleanLine(forMatching(raw))
    if (this.opts.console) line = line.replace(TIMESTAMP_RE, '')
    if (!this.st.seen) {
      const text = line.trimStart()
      const kind = classifyTapText(text).kind
      if (kind !== 'version' && kind !== 'plan' && kind !== 'point') return
      this.st.seen = true
      this.baseIndent = line.slice(0, line.length - text.length)
      if (kind !== 'version') {
        this.stack.push(newLevel(this.baseIndent))
        ;(this.stack[0] as Level).tapAfter = true
        this.st.documents++
      }
    }
    // The deepest open level whose prefix the line carries owns it.
    let depth = this.stack.length - 1
    while (depth > 0 && !hasPrefix(line, (this.stack[depth] as Level).prefix)) depth--
    if (depth < 0 || !hasPrefix(line, this.stack[0]?.prefix ?? this.baseIndent)) {
      if (depth < 0 && classifyTapText(line.trimStart()).kind === 'version') this.onTapLine(0, line.trimStart())
      return
    }
    const lv = this.stack[depth] as Level
    const rest = line.slice(Math.min(lv.prefix.length, line.length))
    if (this.onYaml(lv, rest)) return
    if (this.onTapLine(depth, rest)) {
      // A subtest's result is part of its parents' output.
      if (depth > 0) this.addOutput(depth - 1, line)
      return
    }
    const q = depth + 1 < MAX_DEPTH ? childPrefix(rest) : undefined
    if (q !== undefined) {
      lv.afterOpen = false
      this.stack.push(newLevel(lv.prefix + q))
      const inner = rest.slice(q.length)
      const sub = subtestName(inner)
      if (sub !== undefined) (this.stack[depth + 1] as Level).header = sub
      else this.onTapLine(depth + 1, inner)
      this.addOutput(depth, line)
      return
    }
    const header = headerName(rest)
    if (header) lv.header = header
    if (header || rest.trim() === '') lv.afterOpen = false
    else if (lv.afterOpen && lv.lastFailure && lv.lastFailure.excerpt.length < MAX_AFTER_LINES)
      lv.lastFailure.excerpt.push(rest.length > 300 ? `${rest.slice(0, 299)}…` : rest)
    this.addOutput(depth, line)
  }

  /** What the open levels hold at the end of the stream (or mid-stream), named as far as
   *  the headers tell, computed on copies so that result() leaves the parser's state alone. */
  private pendingItems(): { items: Item[]; planProblems: number } {
    let planProblems = 0
    let carry: Item[] = []
    const copy = (i: Item): Item => ({ ...i, segments: i.segments.slice() })
    for (let d = this.stack.length - 1; d >= 0; d--) {
      const lv = this.stack[d] as Level
      const below = [...lv.childItems.map(copy), ...carry]
      const broken = !lv.bailed && lv.count > 0 && (lv.planned === undefined ? d === 0 : lv.count !== lv.planned)
      const plan: Item[] = []
      if (broken) {
        planProblems++
        const reason =
          lv.planned === undefined
            ? `no plan (${lv.count} tests ran)`
            : `planned ${lv.planned} tests but ${lv.count} ran`
        plan.push({ segments: [], kind: 'plan', reason, nested: d > 0, underPassingParent: false, excerpt: [] })
      }
      // Items of the unfinished point at this level are named after its header.
      for (const i of below) i.segments.unshift(lv.header ?? '(unfinished)')
      carry = [...lv.items.map(copy), ...below, ...plan]
    }
    for (const i of carry)
      if (i.segments.length === 0) i.segments = [this.lastCollection ?? `TAP document ${this.st.documents}`]
    return { items: carry, planProblems }
  }

  result(): KtapSummary | undefined {
    if (!this.st.seen) return undefined
    const out = { failures: this.st.failures.slice(), skips: this.st.skips.slice() }
    const pending = this.pendingItems()
    emit(pending.items, out)
    return {
      documents: this.st.documents,
      planned: this.st.planned,
      top: { ...this.st.top },
      nested: { ...this.st.nested },
      bailouts: this.st.bailouts,
      planProblems: this.st.planProblems + pending.planProblems,
      failures: out.failures,
      failuresDropped: this.st.failuresDropped,
      skips: out.skips,
      skipsDropped: this.st.skipsDropped,
    }
  }
}

export function createKtapParser(opts: KtapOptions = {}): KtapParser {
  return new KtapState(opts)
}

/** The whole-array form of createKtapParser(). */
export function parseKtap(lines: Iterable<string>, opts?: KtapOptions): KtapSummary | undefined {
  const p = createKtapParser(opts)
  for (const l of lines) p.push(l)
  return p.result()
}
