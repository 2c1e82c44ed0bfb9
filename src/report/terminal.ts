// The CLI reporter.
//
// Plain mode (not a TTY, NO_COLOR, VMTEST_NO_UI: the caller decides) prints upstream's
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
import { targetKey, type Reporter } from './reporter.js'
import { cleanLine, splitLines, Tail, truncate } from '../analysis/text.js'
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

export const WINDOW_LINES = 10
/** Lines of the failing stage kept for the expanded view. */
const EXPAND_LINES = 2000

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
  if (r.result === 'pass' || r.result === 'skipped') return r.error && r.result === 'skipped' ? splitLines(r.error) : []
  if (r.result === 'fail' && r.exitCode !== null && r.exitCode !== 0) {
    return [`Command failed with exit code: ${r.exitCode}`]
  }
  const text = r.error ?? stageError
  return text ? splitLines(text) : [`Target ${r.result}`]
}

function verdict(r: TargetResult): string {
  return r.result === 'pass' ? 'PASS' : r.result === 'skipped' ? 'SKIPPED' : 'FAILED'
}

// ---------------------------------------------------------------------------------------------
// Plain mode

/** One writer at a time: the head of the queue writes through, the others are held (in
 *  memory up to a bound, then in a temp file: HeldText). */
class OrderedOutput {
  private order: string[] = []
  private bufs = new Map<string, { held: HeldText; ended: boolean }>()
  constructor(private readonly write: (text: string) => void) {}

  start(key: string): void {
    if (this.bufs.has(key)) return
    this.bufs.set(key, { held: new HeldText(), ended: false })
    this.order.push(key)
  }

  append(key: string, text: string): void {
    this.start(key)
    if (this.order[0] === key) this.write(text)
    else this.bufs.get(key)?.held.push(text)
  }

  end(key: string): void {
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
      const head = this.order[0] as string
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
  const stageErrors = new Map<string, string>()
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
          if (opts.configMode) line(e.target, verdict(e.result))
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
  lines: Tail<string>
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
  const out = opts.out as NodeJS.WritableStream & { columns?: number; rows?: number }
  const columns = opts.columns ?? (() => out.columns ?? 80)
  const rows = opts.rows ?? (() => out.rows ?? 24)
  const windowLines = opts.windowLines ?? WINDOW_LINES
  const redrawMs = opts.redrawMs ?? 50
  const paint = (style: keyof typeof SGR, text: string): string =>
    opts.color ? `${SGR[style][0]}${text}${SGR[style][1]}` : text

  const live = new Map<string, LiveTarget>()
  /** Lines of the live region currently on screen, below all committed output. */
  let drawn = 0
  let pendingCommit: string[] = []
  let timer: ReturnType<typeof setTimeout> | undefined

  const clip = (text: string): string => truncate(text, Math.max(10, columns() - 1))

  const liveLines = (): string[] => {
    const blocks = [...live.values()].filter((t) => !t.streaming)
    if (blocks.length === 0) return []
    const fixed = blocks.reduce((n, t) => n + 1 + t.headings.length, 0)
    // Never draw more than fits: a region taller than the screen cannot be redrawn in place.
    const budget = Math.max(0, rows() - 1 - fixed)
    const perTarget = Math.min(windowLines, Math.floor(budget / blocks.length))
    const lines: string[] = []
    for (const t of blocks) {
      lines.push(clip(`=> ${t.target.name}`))
      for (const h of t.headings) lines.push(h)
      if (perTarget > 0) for (const l of t.lines.last(perTarget)) lines.push(paint('dim', clip(l)))
    }
    return lines.slice(-(Math.max(1, rows() - 1)))
  }

  const render = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer)
      timer = undefined
    }
    let s = drawn > 0 ? `\x1b[${drawn}F\x1b[J` : ''
    for (const l of pendingCommit) s += `${l}\n`
    pendingCommit = []
    const region = liveLines()
    for (const l of region) s += `${l}\n`
    drawn = region.length
    if (s) out.write(s)
  }

  const scheduleRender = (): void => {
    if (redrawMs <= 0) return render()
    if (timer !== undefined) return
    timer = setTimeout(render, redrawMs)
    timer.unref()
  }

  const commit = (lines: string[]): void => {
    pendingCommit.push(...lines)
    render()
  }

  const get = (t: Target): LiveTarget => {
    const key = targetKey(t)
    let s = live.get(key)
    if (!s) {
      s = { target: t, headings: [], lines: new Tail(EXPAND_LINES), streaming: false }
      live.set(key, s)
    }
    return s
  }

  const addLine = (t: Target, raw: string): void => {
    const s = get(t)
    const text = cleanLine(raw)
    if (s.streaming) {
      commit([text])
      return
    }
    s.lines.push(text)
    scheduleRender()
  }

  const finish = (t: Target, r: TargetResult): void => {
    const key = targetKey(t)
    const s = get(t)
    live.delete(key)
    const lines: string[] = []
    const failed = r.result !== 'pass' && r.result !== 'skipped'
    if (!s.streaming) {
      lines.push(`=> ${t.name}`)
      if (!(opts.configMode && !failed)) {
        lines.push(...s.headings)
        const expand = failed || (!opts.configMode && s.stage === 'command')
        if (expand) {
          if (s.lines.omitted > 0) {
            const where = s.stage === 'command' ? r.logs.command : r.logs.console
            lines.push(paint('dim', `… ${s.lines.omitted} earlier lines${where ? ` in ${where}` : ''}`))
          }
          lines.push(...s.lines.toArray())
        }
      }
    }
    for (const l of errorLines(r, s.stageError)) lines.push(paint('red', l))
    for (const sp of (r.splats ?? []).slice(0, 5)) lines.push(paint('yellow', `Kernel ${sp.kind}: ${cleanLine(sp.title)}`))
    if ((r.splats?.length ?? 0) > 5) lines.push(paint('yellow', `…and ${(r.splats?.length ?? 0) - 5} more kernel splats`))
    if (opts.configMode) {
      const v = verdict(r)
      lines.push(paint(v === 'PASS' ? 'green' : v === 'FAILED' ? 'red' : 'yellow', v))
    }
    commit(lines)
  }

  return {
    onEvent(e: EngineEvent) {
      switch (e.type) {
        case 'target-start':
          get(e.target)
          scheduleRender()
          break
        case 'stage-start': {
          const s = get(e.target)
          s.stage = e.stage
          s.headings.push(HEADINGS[e.stage])
          s.lines = new Tail(EXPAND_LINES)
          if (e.stage === 'command' && !opts.configMode && live.size === 1) {
            // A one-liner: keep the command's output as it comes, like a plain command would.
            s.streaming = true
            commit([`=> ${e.target.name}`, ...s.headings])
          } else {
            render()
          }
          break
        }
        case 'console':
        case 'setup':
        case 'output':
          addLine(e.target, e.line)
          break
        case 'stage-end':
          if (!e.ok && e.error) get(e.target).stageError = e.error
          break
        case 'warning':
          commit([paint('yellow', `Warning: ${e.target ? `${e.target.name}: ` : ''}${cleanLine(e.message)}`)])
          break
        case 'target-end':
          finish(e.target, e.result)
          break
        case 'run-start':
        case 'run-end':
          break
      }
    },
    close() {
      // An interrupted run: leave each unfinished target's view on screen, not a blank.
      const lines: string[] = []
      for (const t of live.values()) {
        if (t.streaming) continue
        lines.push(`=> ${t.target.name}`, ...t.headings, ...t.lines.last(windowLines))
      }
      live.clear()
      pendingCommit.push(...lines)
      render()
    },
  }
}
