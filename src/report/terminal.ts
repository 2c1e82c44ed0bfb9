// The CLI reporter.
//
// Plain mode (not a TTY, or VMTEST_NO_UI: the caller decides; NO_COLOR only drops colours) prints upstream's
// lines exactly: `=> <name>`, `===> Booting`, `===> Setting up VM`, `===> Running command`,
// every output line as it comes, `Command failed with exit code: N`, and in config mode
// `PASS` / `FAILED`. When targets run in parallel, one target at a time owns the output (the
// earliest started that has not finished); the others are held (past 4 MiB in a temp file)
// and printed in start order, so each target's lines stay together and read as in a
// sequential run.
//
// TTY mode is a live view like upstream's ui.rs: per running target its heading, its stage
// headings and a rolling window of the last lines of the current stage, redrawn in place
// with ANSI cursor movement. When a target ends its block becomes permanent: in config mode
// `PASS`, or on failure the stages with the failing stage's lines expanded and the error;
// in one-liner mode the command's output is kept in full (streamed as it comes when it is
// the only target running).
import type { EngineEvent, Stage, TargetResult } from '../plan/events.js'
import type { Target } from '../plan/types.js'
import { targetKey, type Reporter, type TargetKey } from './reporter.js'
import { isFailed } from './results.js'
import { LineTail } from '../analysis/tail.js'
import { cleanLine, splitLines, truncate } from '../analysis/text.js'
import { HeldText } from './held-text.js'

export interface TerminalOptions {
  out: NodeJS.WritableStream
  tty: boolean
  color: boolean
  /** vmtest.toml mode: `PASS` / `FAILED` per target, command output collapsed on success. */
  configMode: boolean
  /** Rolling window height per running target (upstream: 10). */
  windowLines?: number
  /** Coalesce redraws of the live view (ms); 0 redraws on every event. */
  redrawMs?: number
  /** Terminal size; default: the stream's `columns`/`rows`, else 80×24. */
  columns?: () => number
  rows?: () => number
}

const WINDOW_LINES = 10
/** Lines (and characters) of the failing stage kept for the expanded view. */
const EXPAND_LINES = 2000
const EXPAND_CHARS = 4 * 1024 * 1024

const HEADINGS: Record<Stage, string> = {
  boot: '===> Booting',
  setup: '===> Setting up VM',
  command: '===> Running command',
}

export function createTerminalReporter(opts: TerminalOptions): Reporter {
  return opts.tty ? createLiveReporter(opts) : createPlainReporter(opts)
}

/** The lines that explain a non-passing result, as upstream words them. */
function errorLines(r: TargetResult, stageError: string | undefined): string[] {
  if (!isFailed(r)) return r.error && r.result === 'skipped' ? splitLines(r.error) : []
  if (r.result === 'fail' && r.exitCode !== null && r.exitCode !== 0) {
    return [`Command failed with exit code: ${r.exitCode}`]
  }
  const text = r.error ?? stageError
  return text ? splitLines(text) : [`Target ${r.result}`]
}

/** Upstream prints no verdict after a VM error (the error is the last word): none here either. */
function verdict(r: TargetResult): string | undefined {
  if (r.result === 'error') return undefined
  return isFailed(r) ? 'FAILED' : r.result === 'pass' ? 'PASS' : 'SKIPPED'
}

// ---------------------------------------------------------------------------------------------
// Plain mode

/** One writer at a time: the head of the queue writes through, the others are held (in
 *  memory up to a bound, then in a temp file: HeldText). */
class OrderedOutput {
  private order: TargetKey[] = []
  private bufs = new Map<TargetKey, { held: HeldText; ended: boolean }>()
  constructor(private readonly write: (text: string) => void) {}

  start(key: TargetKey): void {
    if (this.bufs.has(key)) return
    this.bufs.set(key, { held: new HeldText(), ended: false })
    this.order.push(key)
  }

  append(key: TargetKey, text: string): void {
    this.start(key)
    if (this.order[0] === key) this.write(text)
    else this.bufs.get(key)?.held.push(text)
  }

  end(key: TargetKey): void {
    const b = this.bufs.get(key)
    if (!b) return
    b.ended = true
    this.advance()
  }

  /** Writes everything still held (an interrupted run). */
  drain(): void {
    for (const b of this.bufs.values()) b.ended = true
    this.advance()
  }

  private advance(): void {
    while (this.order.length > 0) {
      const head = this.order[0] as TargetKey
      const b = this.bufs.get(head)
      if (!b) break
      b.held.release(this.write)
      if (!b.ended) break
      this.order.shift()
      this.bufs.delete(head)
    }
  }
}

const COALESCE_MAX_CHARS = 1024 * 1024

/**
 * Writes gathered within one turn of the event loop go out as one: a command printing short
 * lines fast would otherwise cost a write (a syscall, when stdout is a file or pipe) per
 * line. The text still leaves within milliseconds, in order.
 */
class Coalesced {
  private chunks: string[] = []
  private chars = 0
  private scheduled = false
  constructor(private readonly out: NodeJS.WritableStream) {}

  write(text: string): void {
    this.chunks.push(text)
    this.chars += text.length
    // A lot at once (held output released): out now, not all of it gathered in memory.
    if (this.chars >= COALESCE_MAX_CHARS) return this.flush()
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => this.flush())
  }

  flush(): void {
    this.scheduled = false
    if (this.chunks.length === 0) return
    const text = this.chunks.length === 1 ? this.chunks[0] : this.chunks.join('')
    this.chunks = []
    this.chars = 0
    this.out.write(text)
  }
}

function createPlainReporter(opts: TerminalOptions): Reporter {
  const out = new Coalesced(opts.out)
  const ordered = new OrderedOutput((t) => out.write(t))
  const stageErrors = new Map<TargetKey, string>()
  const line = (t: Target, text: string): void => ordered.append(targetKey(t), `${text.trimEnd()}\n`)

  return {
    onEvent(e: EngineEvent) {
      switch (e.type) {
        case 'target-start':
          line(e.target, `=> ${e.target.name}`)
          break
        case 'stage-start':
          line(e.target, HEADINGS[e.stage])
          break
        case 'console':
        case 'setup':
        case 'output':
          line(e.target, e.line)
          break
        case 'stage-end':
          if (!e.ok && e.error) {
            stageErrors.set(targetKey(e.target), e.error)
            for (const l of splitLines(e.error)) line(e.target, l)
          }
          break
        case 'warning':
          if (e.target) line(e.target, `Warning: ${e.message}`)
          else out.write(`Warning: ${e.message}\n`)
          break
        case 'target-end': {
          const key = targetKey(e.target)
          const printed = stageErrors.get(key)
          stageErrors.delete(key)
          const lines = errorLines(e.result, printed)
          // The stage already printed this error when it failed.
          const already = printed !== undefined && lines.join('\n') === splitLines(printed).join('\n')
          if (!already) for (const l of lines) line(e.target, l)
          const v = opts.configMode ? verdict(e.result) : undefined
          if (v) line(e.target, v)
          ordered.end(key)
          break
        }
        case 'run-start':
        case 'run-end':
          break
      }
    },
    close() {
      ordered.drain()
      out.flush()
    },
  }
}

// ---------------------------------------------------------------------------------------------
// TTY mode

interface LiveTarget {
  target: Target
  headings: string[]
  stage?: Stage
  lines: LineTail
  stageError?: string
  /** One-liner mode, sole target: the command's lines are committed as they come. */
  streaming: boolean
}

const SGR = {
  dim: ['\x1b[2m', '\x1b[22m'],
  red: ['\x1b[91m', '\x1b[39m'],
  green: ['\x1b[32m', '\x1b[39m'],
  yellow: ['\x1b[33m', '\x1b[39m'],
} as const

function createLiveReporter(opts: TerminalOptions): Reporter {
  const view = new LiveView(opts)
  return { onEvent: (e) => view.onEvent(e), close: () => view.close() }
}

/** The live region below all committed output, and the targets drawn in it. */
class LiveView {
  private readonly out: NodeJS.WritableStream & { columns?: number; rows?: number }
  private readonly columns: () => number
  private readonly rows: () => number
  private readonly windowLines: number
  private readonly redrawMs: number
  private readonly live = new Map<TargetKey, LiveTarget>()
  /** Lines of the live region currently on screen, below all committed output. */
  private drawn = 0
  private pendingCommit: string[] = []
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly opts: TerminalOptions) {
    this.out = opts.out
    const out = this.out
    this.columns = opts.columns ?? (() => out.columns ?? 80)
    this.rows = opts.rows ?? (() => out.rows ?? 24)
    this.windowLines = opts.windowLines ?? WINDOW_LINES
    this.redrawMs = opts.redrawMs ?? 50
  }

  onEvent(e: EngineEvent): void {
    switch (e.type) {
      case 'target-start':
        this.get(e.target)
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
        this.commit([this.paint('yellow', `Warning: ${e.target ? `${e.target.name}: ` : ''}${cleanLine(e.message)}`)])
        break
      case 'target-end':
        this.finish(e.target, e.result)
        break
      case 'run-start':
      case 'run-end':
        break
    }
  }

  /** An interrupted run: leave each unfinished target's view on screen, not a blank. */
  close(): void {
    const lines: string[] = []
    for (const t of this.live.values()) {
      if (t.streaming) continue
      lines.push(`=> ${t.target.name}`, ...t.headings, ...t.lines.last(this.windowLines))
    }
    this.live.clear()
    this.pendingCommit.push(...lines)
    this.render()
  }

  private paint(style: keyof typeof SGR, text: string): string {
    return this.opts.color ? `${SGR[style][0]}${text}${SGR[style][1]}` : text
  }

  private clip(text: string): string {
    return truncate(text, Math.max(10, this.columns() - 1))
  }

  private liveLines(): string[] {
    const blocks = [...this.live.values()].filter((t) => !t.streaming)
    if (blocks.length === 0) return []
    const rows = this.rows()
    const fixed = blocks.reduce((n, t) => n + 1 + t.headings.length, 0)
    // Never draw more than fits: a region taller than the screen cannot be redrawn in place.
    const budget = Math.max(0, rows - 1 - fixed)
    const perTarget = Math.min(this.windowLines, Math.floor(budget / blocks.length))
    const lines: string[] = []
    for (const t of blocks) {
      lines.push(this.clip(`=> ${t.target.name}`))
      for (const h of t.headings) lines.push(h)
      if (perTarget > 0) for (const l of t.lines.last(perTarget)) lines.push(this.paint('dim', this.clip(l)))
    }
    return lines.slice(-Math.max(1, rows - 1))
  }

  private render(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    let s = this.drawn > 0 ? `\x1b[${this.drawn}F\x1b[J` : ''
    for (const l of this.pendingCommit) s += `${l}\n`
    this.pendingCommit = []
    const region = this.liveLines()
    for (const l of region) s += `${l}\n`
    this.drawn = region.length
    if (s) this.out.write(s)
  }

  private scheduleRender(): void {
    if (this.redrawMs <= 0) return this.render()
    if (this.timer !== undefined) return
    this.timer = setTimeout(() => this.render(), this.redrawMs)
    this.timer.unref()
  }

  private commit(lines: string[]): void {
    this.pendingCommit.push(...lines)
    this.render()
  }

  private get(t: Target): LiveTarget {
    const key = targetKey(t)
    let s = this.live.get(key)
    if (!s) {
      s = { target: t, headings: [], lines: new LineTail(EXPAND_LINES, EXPAND_CHARS), streaming: false }
      this.live.set(key, s)
    }
    return s
  }

  private stageStart(t: Target, stage: Stage): void {
    const s = this.get(t)
    s.stage = stage
    s.headings.push(HEADINGS[stage])
    s.lines = new LineTail(EXPAND_LINES, EXPAND_CHARS)
    if (stage === 'command' && !this.opts.configMode && this.live.size === 1) {
      // A one-liner: keep the command's output as it comes, like a plain command would.
      s.streaming = true
      this.commit([`=> ${t.name}`, ...s.headings])
    } else {
      this.render()
    }
  }

  private addLine(t: Target, raw: string): void {
    const s = this.get(t)
    const text = cleanLine(raw)
    if (s.streaming) {
      this.commit([text])
      return
    }
    s.lines.push(text)
    this.scheduleRender()
  }

  private finish(t: Target, r: TargetResult): void {
    const s = this.get(t)
    this.live.delete(targetKey(t))
    const failed = isFailed(r)
    const lines: string[] = []
    if (!s.streaming) {
      lines.push(`=> ${t.name}`)
      if (!(this.opts.configMode && !failed)) {
        lines.push(...s.headings)
        if (failed || (!this.opts.configMode && s.stage === 'command')) lines.push(...this.expanded(s, r))
      }
    }
    for (const l of errorLines(r, s.stageError)) lines.push(this.paint('red', l))
    for (const sp of (r.splats ?? []).slice(0, 5)) lines.push(this.paint('yellow', `Kernel ${sp.kind}: ${cleanLine(sp.title)}`))
    if ((r.splats?.length ?? 0) > 5) lines.push(this.paint('yellow', `…and ${(r.splats?.length ?? 0) - 5} more kernel splats`))
    const v = this.opts.configMode ? verdict(r) : undefined
    if (v) {
      lines.push(this.paint(v === 'PASS' ? 'green' : v === 'FAILED' ? 'red' : 'yellow', v))
    }
    this.commit(lines)
  }

  /** The last stage's lines, kept for a failure (or a one-liner's command). */
  private expanded(s: LiveTarget, r: TargetResult): string[] {
    const lines: string[] = []
    if (s.lines.omitted > 0) {
      const where = s.stage === 'command' ? r.logs.command : r.logs.console
      lines.push(this.paint('dim', `… ${s.lines.omitted} earlier lines${where ? ` in ${where}` : ''}`))
    }
    lines.push(...s.lines.toArray())
    return lines
  }
}
