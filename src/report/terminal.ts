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
// TTY mode is the live view (live-view.ts).
//
// Both modes end with a recap on `err` (stderr): a line per target in config order with its
// boot and command times and accelerator, then `N passed, M failed in T`. Not on stdout:
// upstream prints no such lines and scripts read a one-liner's stdout (recap.ts).
import type { EngineEvent, TargetResult } from '../plan/events.js'
import type { Target } from '../plan/types.js'
import { targetKey, type Reporter, type TargetKey } from './reporter.js'
import { isFailed } from './results.js'
import { recapLines, tallyLine } from './recap.js'
import { LiveView } from './live-view.js'
import { errorLines, fitColumns, HEADINGS, verdict } from './terminal-text.js'
import { splitLines } from '../analysis/text.js'
import { HeldText } from './held-text.js'

export interface TerminalOptions {
  out: NodeJS.WritableStream
  tty: boolean
  color: boolean
  /** vmtest.toml mode: `PASS` / `FAILED` per target, command output collapsed on success. */
  configMode: boolean
  /** Where the closing recap and tally go (the CLI: stderr); none = no recap. */
  err?: NodeJS.WritableStream
  /** Clock for the run's wall time (ms); default Date.now. */
  now?: () => number
  /** Rolling window height per running target (upstream: 10). */
  windowLines?: number
  /** Coalesce redraws of the live view (ms); 0 redraws on every event. */
  redrawMs?: number
  /** Terminal size; default: the stream's `columns`/`rows`, else 80×24. */
  columns?: () => number
  rows?: () => number
}

export function createTerminalReporter(opts: TerminalOptions): Reporter {
  const inner = opts.tty ? createLiveReporter(opts) : createPlainReporter(opts)
  if (!opts.err) return inner
  const recap = new Recap(opts)
  return {
    onEvent(e) {
      recap.onEvent(e)
      inner.onEvent(e)
    },
    async close() {
      await inner.close?.()
      recap.write()
    },
  }
}

function createLiveReporter(opts: TerminalOptions): Reporter {
  const view = new LiveView({ ...opts, out: opts.out as NodeJS.WritableStream & { columns?: number; rows?: number } })
  return { onEvent: (e) => view.onEvent(e), close: () => view.close() }
}

/** The run's results in config order and its wall time, written as the closing recap. */
class Recap {
  private readonly now: () => number
  private order: TargetKey[] = []
  private readonly results = new Map<TargetKey, TargetResult>()
  private started: number | undefined
  private ended: number | undefined

  constructor(private readonly opts: TerminalOptions) {
    this.now = opts.now ?? Date.now
  }

  onEvent(e: EngineEvent): void {
    if (e.type === 'run-start') {
      this.started = this.now()
      this.order = e.targets.map(targetKey)
    } else if (e.type === 'target-end') {
      const key = targetKey(e.target)
      if (!this.order.includes(key)) this.order.push(key)
      this.results.set(key, e.result)
    } else if (e.type === 'run-end') {
      this.ended = this.now()
    }
  }

  write(): void {
    const results = this.order.flatMap((k) => this.results.get(k) ?? [])
    // Nothing ran (no target matched): the front end says so; a `0 passed` line would not help.
    if (results.length === 0 || !this.opts.err) return
    const seconds = this.started === undefined ? undefined : ((this.ended ?? this.now()) - this.started) / 1000
    const tally = tallyLine(results, seconds)
    const paint = (style: 'red' | 'green', text: string): string =>
      this.opts.color ? `${style === 'red' ? '\x1b[91m' : '\x1b[32m'}${text}\x1b[39m` : text
    let lines: string[]
    if (this.opts.tty) {
      // A live terminal: keep it to the screen, failures first to stay (recapLines).
      const rows = this.opts.rows?.() ?? (this.opts.out as { rows?: number }).rows ?? 24
      const width = Math.max(10, (this.opts.columns?.() ?? (this.opts.out as { columns?: number }).columns ?? 80) - 1)
      lines = recapLines(results, Math.max(0, rows - 2)).map((l) => fitColumns(l, width))
    } else {
      lines = recapLines(results)
    }
    this.opts.err.write([...lines, paint(results.some(isFailed) ? 'red' : 'green', tally)].join('\n') + '\n')
  }
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
