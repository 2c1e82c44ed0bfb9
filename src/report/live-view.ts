// The CLI's live view (a TTY, like upstream's ui.rs): every target of the run in config
// order, a running one as its heading, stage headings and a rolling window of its current
// stage's last lines, redrawn in place below everything already printed.
//
// Finished targets become permanent in config order, as plain mode prints them: `=> name`
// and `PASS`, or on failure the stages with the failing stage's lines expanded, the error and
// `FAILED`. A target that ends before one above it waits in the live region as one line
// (a failure in red) until its turn.
//
// Redrawing moves the cursor up over the region (ESC[nF) and clears it row by row (ESC[2K),
// never the screen: tmux (scroll-on-clear) and others push a cleared screen into the
// scrollback, which filled it with dozens of stale copies of the region. The region is never
// taller than the terminal less one row, and each of its lines is clipped to the width, so
// it is exactly as many rows as it has lines; when it cannot fit in full it folds to one line
// per target, and then to the running and failed targets.
import type { EngineEvent, Stage, TargetResult } from '../plan/events.js'
import type { Target } from '../plan/types.js'
import { targetKey, type TargetKey } from './reporter.js'
import { isFailed } from './results.js'
import { reasonLine } from './recap.js'
import { errorLines, fitColumns, HEADINGS, verdict } from './terminal-text.js'
import { LineTail } from '../analysis/tail.js'
import { cleanLine } from '../analysis/text.js'

export interface LiveViewOptions {
  out: NodeJS.WritableStream & { columns?: number; rows?: number }
  color: boolean
  configMode: boolean
  windowLines?: number
  redrawMs?: number
  columns?: () => number
  rows?: () => number
}

const WINDOW_LINES = 10
/** Lines (and characters) of the failing stage kept for the expanded view. */
const EXPAND_LINES = 2000
const EXPAND_CHARS = 4 * 1024 * 1024

interface Entry {
  target: Target
  state: 'waiting' | 'running' | 'done'
  headings: string[]
  stage?: Stage
  lines: LineTail
  stageError?: string
  /** One-liner mode, sole target: the command's lines are committed as they come. */
  streaming: boolean
  result?: TargetResult
  /** A finished target's permanent lines, printed when every target above it is. */
  block?: string[]
}

const SGR = {
  dim: ['\x1b[2m', '\x1b[22m'],
  red: ['\x1b[91m', '\x1b[39m'],
  green: ['\x1b[32m', '\x1b[39m'],
  yellow: ['\x1b[33m', '\x1b[39m'],
} as const
type Style = keyof typeof SGR

/** A region line: its text (clipped before painting: escapes take no columns) and style. */
interface RegionLine {
  text: string
  style?: Style
}

export class LiveView {
  private readonly columns: () => number
  private readonly rows: () => number
  private readonly windowLines: number
  private readonly redrawMs: number
  private readonly entries = new Map<TargetKey, Entry>()
  /** Config order (run-start's list; targets first seen later are appended). */
  private readonly order: TargetKey[] = []
  /** order[0 … committed-1] are printed for good. */
  private committed = 0
  /** The region now on screen (painted lines), below all committed output. */
  private drawn: string[] = []
  private pendingCommit: string[] = []
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly opts: LiveViewOptions) {
    const out = opts.out
    this.columns = opts.columns ?? (() => out.columns ?? 80)
    this.rows = opts.rows ?? (() => out.rows ?? 24)
    this.windowLines = opts.windowLines ?? WINDOW_LINES
    this.redrawMs = opts.redrawMs ?? 50
  }

  onEvent(e: EngineEvent): void {
    switch (e.type) {
      case 'run-start':
        for (const t of e.targets) this.get(t)
        this.scheduleRender()
        break
      case 'target-start':
        this.get(e.target).state = 'running'
        this.scheduleRender()
        break
      case 'stage-start':
        this.stageStart(e.target, e.stage)
        break
      case 'console':
      case 'setup':
      case 'output':
        this.addLine(e.target, e.line)
        break
      case 'stage-end':
        if (!e.ok && e.error) this.get(e.target).stageError = e.error
        break
      case 'warning':
        this.pendingCommit.push(
          this.paint('yellow', `Warning: ${e.target ? `${e.target.name}: ` : ''}${cleanLine(e.message)}`),
        )
        this.render()
        break
      case 'target-end':
        this.finish(e.target, e.result)
        break
      case 'run-end':
        break
    }
  }

  /** The end (or an interrupted run): everything still in the region becomes permanent, in
   *  config order; an unfinished target keeps its last view rather than a blank. */
  close(): void {
    for (const key of this.order.slice(this.committed)) {
      const s = this.entries.get(key) as Entry
      if (s.block) this.pendingCommit.push(...s.block)
      else if (s.state === 'running' && !s.streaming) {
        this.pendingCommit.push(`=> ${s.target.name}`, ...s.headings, ...s.lines.last(this.windowLines))
      }
    }
    this.committed = this.order.length
    this.render()
  }

  private paint(style: Style | undefined, text: string): string {
    return style && this.opts.color ? `${SGR[style][0]}${text}${SGR[style][1]}` : text
  }

  private get(t: Target): Entry {
    const key = targetKey(t)
    let s = this.entries.get(key)
    if (!s) {
      s = {
        target: t,
        state: 'waiting',
        headings: [],
        lines: new LineTail(EXPAND_LINES, EXPAND_CHARS),
        streaming: false,
      }
      this.entries.set(key, s)
      this.order.push(key)
    }
    return s
  }

  private stageStart(t: Target, stage: Stage): void {
    const s = this.get(t)
    s.state = 'running'
    s.stage = stage
    s.headings.push(HEADINGS[stage])
    s.lines = new LineTail(EXPAND_LINES, EXPAND_CHARS)
    const alone = [...this.entries.values()].every((o) => o === s || o.state !== 'running')
    if (stage === 'command' && !this.opts.configMode && alone && this.order[this.committed] === targetKey(t)) {
      // A one-liner: keep the command's output as it comes, like a plain command would.
      s.streaming = true
      this.pendingCommit.push(`=> ${t.name}`, ...s.headings)
    }
    this.render()
  }

  private addLine(t: Target, raw: string): void {
    const s = this.get(t)
    const text = cleanLine(raw)
    if (s.streaming) {
      this.pendingCommit.push(text)
      this.render()
      return
    }
    s.lines.push(text)
    this.scheduleRender()
  }

  private finish(t: Target, r: TargetResult): void {
    const s = this.get(t)
    s.state = 'done'
    s.result = r
    s.block = this.block(s, r)
    while (this.committed < this.order.length) {
      const head = this.entries.get(this.order[this.committed] as TargetKey) as Entry
      if (!head.block) break
      this.pendingCommit.push(...head.block)
      this.committed++
    }
    this.render()
  }

  /** A finished target's permanent lines. */
  private block(s: Entry, r: TargetResult): string[] {
    const failed = isFailed(r)
    const lines: string[] = []
    if (!s.streaming) {
      lines.push(`=> ${s.target.name}`)
      if (!(this.opts.configMode && !failed)) {
        lines.push(...s.headings)
        if (failed || (!this.opts.configMode && s.stage === 'command')) lines.push(...this.expanded(s, r))
      }
    }
    for (const l of errorLines(r, s.stageError)) lines.push(this.paint('red', l))
    const splats = r.splats ?? []
    for (const sp of splats.slice(0, 5)) lines.push(this.paint('yellow', `Kernel ${sp.kind}: ${cleanLine(sp.title)}`))
    if (splats.length > 5) lines.push(this.paint('yellow', `…and ${splats.length - 5} more kernel splats`))
    const v = this.opts.configMode ? verdict(r) : undefined
    if (v) lines.push(this.paint(v === 'PASS' ? 'green' : v === 'FAILED' ? 'red' : 'yellow', v))
    return lines
  }

  /** The last stage's lines, kept for a failure (or a one-liner's command). */
  private expanded(s: Entry, r: TargetResult): string[] {
    const lines: string[] = []
    if (s.lines.omitted > 0) {
      const where = s.stage === 'command' ? r.logs.command : r.logs.console
      lines.push(this.paint('dim', `… ${s.lines.omitted} earlier lines${where ? ` in ${where}` : ''}`))
    }
    lines.push(...s.lines.toArray())
    return lines
  }

  private scheduleRender(): void {
    if (this.redrawMs <= 0) return this.render()
    if (this.timer !== undefined) return
    this.timer = setTimeout(() => this.render(), this.redrawMs)
    this.timer.unref()
  }

  private render(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    const width = Math.max(10, this.columns() - 1)
    const region = layoutRegion(this.pending(), { rows: this.rows(), windowLines: this.windowLines }).map((l) =>
      this.paint(l.style, fitColumns(l.text, width)),
    )
    if (this.pendingCommit.length === 0 && sameLines(region, this.drawn)) return
    let s = ''
    const n = this.drawn.length
    // Up to the region's first row, clear each of its rows (moving down never scrolls: they
    // are on screen), back up; then the new permanent lines and the new region.
    if (n > 0) s += `\x1b[${n}F${'\x1b[2K\x1b[1B'.repeat(n)}\x1b[${n}A`
    for (const l of this.pendingCommit) s += `${l}\n`
    for (const l of region) s += `${l}\n`
    this.pendingCommit = []
    this.drawn = region
    this.opts.out.write(s)
  }

  /** Targets not yet printed for good, in config order (a streaming one prints itself). */
  private pending(): Entry[] {
    return this.order
      .slice(this.committed)
      .map((k) => this.entries.get(k) as Entry)
      .filter((s) => !s.streaming)
  }
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i])
}

/** A finished target waiting for its turn, in one line. */
function doneLine(s: Entry): RegionLine {
  const r = s.result as TargetResult
  const failed = isFailed(r)
  const word = failed
    ? r.result === 'error'
      ? 'ERROR'
      : r.result === 'timeout'
        ? 'TIMEOUT'
        : 'FAILED'
    : r.result === 'pass'
      ? 'PASS'
      : 'SKIPPED'
  const reason = reasonLine(r)
  return {
    text: `=> ${s.target.name}  ${word}${reason ? `: ${reason}` : ''}`,
    style: failed ? 'red' : r.result === 'pass' ? 'green' : 'yellow',
  }
}

/** A running target in one line: its stage and its newest line. */
function compactLine(s: Entry): RegionLine {
  const stage = s.stage ? HEADINGS[s.stage].replace(/^=+> /, '') : 'Starting'
  const last = s.lines.last(1)[0]
  return { text: `=> ${s.target.name}  ${stage}${last ? `: ${last}` : ''}` }
}

/**
 * The live region for `pending` targets (config order) in at most `rows - 1` lines: in full
 * (heading, stage headings, a window of last lines per running target, shrunk to fit), else
 * one line per target with the waiting ones folded, else the running and failed targets
 * and a count of the rest.
 */
function layoutRegion(pending: Entry[], opts: { rows: number; windowLines: number }): RegionLine[] {
  const budget = Math.max(1, opts.rows - 1)
  const running = pending.filter((s) => s.state === 'running')
  const fixed = pending.reduce((n, s) => n + (s.state === 'running' ? 1 + s.headings.length : 1), 0)
  if (fixed <= budget) {
    const per = running.length === 0 ? 0 : Math.min(opts.windowLines, Math.floor((budget - fixed) / running.length))
    return pending.flatMap((s): RegionLine[] => {
      if (s.state === 'done') return [doneLine(s)]
      if (s.state === 'waiting') return [{ text: `=> ${s.target.name}  waiting`, style: 'dim' }]
      return [
        { text: `=> ${s.target.name}` },
        ...s.headings.map((text) => ({ text })),
        ...s.lines.last(per).map((text): RegionLine => ({ text, style: 'dim' })),
      ]
    })
  }
  const waiting = pending.filter((s) => s.state === 'waiting')
  const waitingLine: RegionLine[] =
    waiting.length > 0
      ? [{ text: `   ${waiting.length} waiting: ${waiting.map((s) => s.target.name).join(', ')}`, style: 'dim' }]
      : []
  const compact = [
    ...pending.flatMap((s) => (s.state === 'running' ? [compactLine(s)] : s.state === 'done' ? [doneLine(s)] : [])),
    ...waitingLine,
  ]
  if (compact.length <= budget) return compact
  const failed = pending.filter((s) => s.state === 'done' && isFailed(s.result as TargetResult))
  const others = pending.length - failed.length - running.length
  const lines = [...failed.map(doneLine), ...running.map(compactLine)]
  if (others > 0) lines.push({ text: `   ${others} more finished or waiting`, style: 'dim' })
  if (lines.length <= budget) return lines
  return [...lines.slice(0, budget - 1), { text: `   … ${lines.length - budget + 1} more`, style: 'dim' }]
}
