// Progress of long setup work (multi-GB kernel/image downloads, apt fetching and unpacking
// QEMU's .debs) so a CI log shows that something is moving, how far it is and how fast.
// Formatting is pure; pacing goes through an injectable clock so tests never sleep. Two sinks:
// plain lines every few seconds (the Actions log, a pipe) and one redrawn line on a terminal.
import { parseAptProgressLine, type AptEvent } from './apt.js'
import type { Log } from './exec.js'

/** How often plain progress lines are printed: often enough to show life in a CI log,
 *  rarely enough that a GB download is a handful of lines. */
const LOG_INTERVAL_MS = 5_000
/** How often a terminal's live line is redrawn. */
const LIVE_INTERVAL_MS = 200
/** The rate shown is over (at least) this much recent time, not since the start. */
const RATE_WINDOW_MS = 3_000

export type Clock = () => number

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB']

/** `512 B`, `1.5 KiB`, `2.0 GiB` (IEC units, one decimal). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1024) return `${Math.max(0, Math.round(Number.isFinite(n) ? n : 0))} B`
  let v = n / 1024
  let u = 0
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024
    u++
  }
  // 1023.96 KiB would print as "1024.0 KiB": show it in the next unit.
  if (v.toFixed(1) === '1024.0' && u < UNITS.length - 1) return `1.0 ${UNITS[u + 1]}`
  return `${v.toFixed(1)} ${UNITS[u]}`
}

/** `0.2 s`, `42 s`, `3 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000
  if (s < 10 && !Number.isInteger(s)) return `${s.toFixed(1)} s`
  const whole = Math.round(s)
  if (whole < 60) return `${whole} s`
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`
}

/** One moment of a transfer. */
export interface ProgressState {
  label: string
  done: number
  /** Expected size, when known (Content-Length). */
  total?: number
  elapsedMs: number
  /** Recent rate in bytes per second; undefined before there is anything to measure. */
  bytesPerSecond?: number
}

const percentOf = (s: ProgressState): number | undefined =>
  s.total && s.total > 0 ? Math.min(100, Math.floor((s.done / s.total) * 100)) : undefined

const rateText = (s: ProgressState): string | undefined =>
  s.bytesPerSecond !== undefined ? `${formatBytes(s.bytesPerSecond)}/s` : undefined

function etaText(s: ProgressState): string | undefined {
  if (!s.total || !s.bytesPerSecond || s.bytesPerSecond <= 0 || s.done >= s.total) return undefined
  return `about ${formatDuration(Math.ceil((s.total - s.done) / s.bytesPerSecond) * 1000)} left`
}

/** A plain progress line: `kernel_url: 25% (512.0 MiB of 2.0 GiB), 48.3 MiB/s, about 32 s left`,
 *  or `… 512.0 MiB so far, 48.3 MiB/s` when the size is unknown. */
export function formatProgress(s: ProgressState): string {
  const pct = percentOf(s)
  const amount = s.total
    ? `${pct}% (${formatBytes(s.done)} of ${formatBytes(s.total)})`
    : `${formatBytes(s.done)} so far`
  return [`${s.label}: ${amount}`, rateText(s), etaText(s)].filter(Boolean).join(', ')
}

/** The closing line: `kernel_url: 2.0 GiB in 42 s (48.8 MiB/s)` (average rate). */
export function formatFinished(s: ProgressState): string {
  const avg = s.elapsedMs > 0 ? `, ${formatBytes((s.done * 1000) / s.elapsedMs)}/s` : ''
  return `${s.label}: ${formatBytes(s.done)} in ${formatDuration(s.elapsedMs)}${avg}`
}

/** One terminal line of at most `columns - 1` characters:
 *  `kernel_url [#####-----]  25%  512.0 MiB / 2.0 GiB  48.3 MiB/s  about 32 s left`; on a narrow
 *  terminal the bar goes first, then the time left, then the line is cut. */
export function formatBar(s: ProgressState, columns: number): string {
  const pct = percentOf(s)
  const amount = s.total ? `${formatBytes(s.done)} / ${formatBytes(s.total)}` : formatBytes(s.done)
  const max = Math.max(20, columns - 1)
  const parts = [pct !== undefined ? `${pct}%` : undefined, amount, rateText(s), etaText(s)].filter(
    (p): p is string => p !== undefined,
  )
  const tail = parts.join('  ')
  if (pct !== undefined) {
    const width = Math.min(30, max - s.label.length - tail.length - 5)
    if (width >= 10) {
      const filled = Math.round((pct / 100) * width)
      return `${s.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${tail}`
    }
  }
  const line = `${s.label}  ${tail}`
  const shorter = etaText(s) && line.length > max ? `${s.label}  ${parts.slice(0, -1).join('  ')}` : line
  return shorter.slice(0, max).trimEnd()
}

/** True at most once per `intervalMs` of the clock, counting from its creation (a short task
 *  prints no progress at all, only its result). */
export class Throttle {
  private last: number
  constructor(
    readonly intervalMs: number,
    private readonly now: Clock = Date.now,
  ) {
    this.last = now()
  }
  due(): boolean {
    const t = this.now()
    if (t - this.last < this.intervalMs) return false
    this.last = t
    return true
  }
  /** Something was just printed anyway: the next report is an interval from now. */
  restart(): void {
    this.last = this.now()
  }
}

/** Where a Meter's reports go. */
export interface ProgressSink {
  /** How often `update` is wanted. */
  readonly intervalMs: number
  update(s: ProgressState): void
  /** The transfer ended; `ok` false when it failed (its error says why). */
  finish(s: ProgressState, ok: boolean): void
}

/** Plain lines through `log` every `intervalMs`, and a closing line on success. */
export function logProgress(log: Log, intervalMs = LOG_INTERVAL_MS): ProgressSink {
  return {
    intervalMs,
    update: (s) => log(formatProgress(s)),
    finish: (s, ok) => {
      if (ok) log(formatFinished(s))
    },
  }
}

export interface LiveOutput {
  write(text: string): unknown
  columns?: number
}

/** One line redrawn in place with `\r` on a terminal, cleared at the end (the closing line
 *  goes through `log`, like any other line). */
export function liveProgress(out: LiveOutput, log: Log, intervalMs = LIVE_INTERVAL_MS): ProgressSink {
  let drawn = false
  return {
    intervalMs,
    update: (s) => {
      out.write(`\r${formatBar(s, out.columns ?? 80)}\x1b[K`)
      drawn = true
    },
    finish: (s, ok) => {
      if (drawn) out.write('\r\x1b[K')
      if (ok) log(formatFinished(s))
    },
  }
}

/** A live line on a terminal, plain lines otherwise (a pipe, a CI log, NO_COLOR set). */
export function progressFor(
  stream: LiveOutput & { isTTY?: boolean },
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): ProgressSink {
  const plain = !stream.isTTY || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb'
  return plain ? logProgress(log) : liveProgress(stream, log)
}

/** Counts bytes of one transfer and reports to a sink at the sink's pace. */
export class Meter {
  private done = 0
  private readonly start: number
  private readonly throttle: Throttle
  /** Emission times and counts, for the recent rate. */
  private samples: { t: number; done: number }[]
  constructor(
    readonly label: string,
    private readonly sink: ProgressSink,
    private readonly total?: number,
    private readonly now: Clock = Date.now,
  ) {
    this.start = now()
    this.throttle = new Throttle(sink.intervalMs, now)
    this.samples = [{ t: this.start, done: 0 }]
  }

  get bytes(): number {
    return this.done
  }

  add(n: number): void {
    this.done += n
    if (this.throttle.due()) this.sink.update(this.state(this.recentRate()))
  }

  finish(ok: boolean): ProgressState {
    const s = this.state()
    if (s.elapsedMs > 0) s.bytesPerSecond = (s.done * 1000) / s.elapsedMs
    this.sink.finish(s, ok)
    return s
  }

  private state(bytesPerSecond?: number): ProgressState {
    return { label: this.label, done: this.done, total: this.total, elapsedMs: this.now() - this.start, bytesPerSecond }
  }

  private recentRate(): number | undefined {
    const t = this.now()
    const window = Math.max(RATE_WINDOW_MS, this.sink.intervalMs)
    while (this.samples.length > 1 && this.samples[1].t <= t - window) this.samples.shift()
    const oldest = this.samples[0]
    this.samples.push({ t, done: this.done })
    return t > oldest.t ? ((this.done - oldest.done) * 1000) / (t - oldest.t) : undefined
  }
}

/** A URL fit for a log: no user or password, query values hidden (signed URLs carry tokens
 *  there), no fragment. */
export function redactUrl(url: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//***@').replace(/\?.*$/, '?***')
  }
  if (u.username || u.password) {
    u.username = '***'
    u.password = ''
  }
  const params = [...u.searchParams]
  if (params.length > 0)
    u.search = `?${params.map(([k, v]) => (v ? `${encodeURIComponent(k)}=***` : encodeURIComponent(k))).join('&')}`
  u.hash = ''
  return u.toString()
}

const STEP_VERBS = { get: 'downloading', unpack: 'unpacking', setup: 'setting up' } as const
type Step = keyof typeof STEP_VERBS

/** Per-package progress of apt (or of our own per-.deb loop): the first package of each step
 *  (downloading, unpacking, setting up) at once, then at most one line per interval, e.g.
 *  `apt-get: unpacking 12/40: qemu-system-x86`. */
export class PackageProgress {
  private step: Step | undefined
  private index = 0
  private readonly throttle: Throttle
  constructor(
    private readonly prefix: string,
    private readonly log: Log,
    private total?: number,
    now: Clock = Date.now,
    intervalMs = LOG_INTERVAL_MS,
  ) {
    this.throttle = new Throttle(intervalMs, now)
  }

  /** One line of apt-get's stdout. */
  line(text: string): void {
    const e = parseAptProgressLine(text)
    if (e) this.event(e)
  }

  event(e: AptEvent): void {
    if (e.kind === 'count') this.total ??= e.packages
    else if (e.kind === 'size') this.log(`${this.prefix}: ${e.size} of packages to download`)
    else if (e.kind === 'fetched') this.log(`${this.prefix}: fetched ${e.text}`)
    else this.package(e.kind, e.name, e.kind === 'get' ? e.size : undefined)
  }

  private package(step: Step, name: string, size?: string): void {
    const first = step !== this.step
    if (first) {
      this.step = step
      this.index = 0
    }
    this.index++
    if (first) this.throttle.restart()
    else if (!this.throttle.due()) return
    const count = this.total ? `${this.index}/${this.total}` : `#${this.index}`
    this.log(`${this.prefix}: ${STEP_VERBS[step]} ${count}: ${name}${size ? ` (${size})` : ''}`)
  }
}
