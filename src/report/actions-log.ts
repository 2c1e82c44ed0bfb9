// The Actions log reporter: one collapsible group per target and stage, with timings in the
// titles; a failing target's error and last lines repeated outside the groups; progress
// lines while a stage runs long.
//
// A group's title carries its duration, so a group is written when its stage ends, in one
// piece. When targets run in parallel a target's groups are held until the target ends and
// then written together, so groups of different targets never interleave; in a sequential
// run (one job, or one target) each group is written as soon as its stage ends. Lines we
// write between groups (progress, results) therefore never land inside a group.
//
// Guest and console text can carry workflow commands (`::error::`, `::add-mask::`, …):
// every block of it is wrapped in `::stop-commands::<fresh random token>`.
import type { EngineEvent, Stage, TargetResult } from '../plan/events.js'
import type { Target } from '../plan/types.js'
import { targetKey, type Reporter, type TargetKey } from './reporter.js'
import { countResults, isFailed } from './results.js'
import { describeTestCounts, testsView } from './tests-view.js'
import { LineTail } from '../analysis/tail.js'
import { formatSeconds, splitLines } from '../analysis/text.js'
import { groupBlock, neutralize, protectedBlock } from './workflow-commands.js'

// A group held for a target running in parallel keeps at most this much text (the full log
// is on disk); the runner's viewer could not show more anyway.
const GROUP_MAX_CHARS = 16 * 1024 * 1024

const REPEAT_TAIL_LINES = 50
const PROGRESS_EVERY_MS = 30_000

type SectionKind = 'prep' | Stage | 'late'
const SECTION_ORDER: SectionKind[] = ['prep', 'boot', 'setup', 'command', 'late']

interface Section {
  kind: SectionKind
  lines: LineTail
  startedAt: number
  closed: boolean
  flushed: boolean
  seconds?: number
  ok?: boolean
}

interface TargetState {
  target: Target
  startedAt: number
  sections: Map<SectionKind, Section>
  stage?: Stage
  stageStartedAt: number
  nextProgressAt: number
  bootEnded: boolean
  outputLines: number
  lastOutputAt?: number
  commandTail: LineTail
  consoleTail: LineTail
  /** Chunks (whole groups, result lines) waiting for the target to end. */
  held: string[]
}

export interface IntervalTimers {
  setInterval(fn: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

export interface ActionsLogOptions {
  write: (text: string) => void
  now?: () => number
  /** 0 turns progress lines off. */
  progressEveryMs?: number
  /** Injected for tests; defaults to the global timers (unref'd). */
  timers?: IntervalTimers
  /** Lines kept per group; earlier ones are dropped with a note pointing at the log file. */
  maxGroupLines?: number
}

const STAGE_TITLE: Record<SectionKind, string> = {
  prep: 'preparing',
  boot: 'boot console',
  setup: 'setting up VM',
  command: 'command output',
  late: 'console after boot',
}

const STAGE_VERB: Record<Stage, string> = {
  boot: 'booting',
  setup: 'setting up the VM',
  command: 'running the command',
}

const defaultTimers: IntervalTimers = {
  setInterval(fn, ms) {
    const h = setInterval(fn, ms)
    h.unref()
    return h
  },
  clearInterval(h) {
    clearInterval(h as ReturnType<typeof setInterval>)
  },
}

function resultLine(r: TargetResult): string {
  const word = { pass: 'PASS', fail: 'FAIL', timeout: 'TIMEOUT', error: 'ERROR', skipped: 'SKIPPED' }[r.result]
  const facts: string[] = [r.arch]
  if (r.accel) facts.push(r.accel.toUpperCase())
  if (r.kernelRelease) facts.push(`kernel ${r.kernelRelease}`)
  if (r.bootSeconds !== undefined) facts.push(`boot ${formatSeconds(r.bootSeconds)}`)
  if (r.commandSeconds !== undefined) facts.push(`command ${formatSeconds(r.commandSeconds)}`)
  if (r.exitCode !== null) facts.push(`exit ${r.exitCode}`)
  if (r.splats && r.splats.length > 0) facts.push(`${r.splats.length} kernel splat${r.splats.length === 1 ? '' : 's'}`)
  if (r.tests) facts.push(`tests: ${describeTestCounts(testsView(r.tests))}`)
  return `${word} ${neutralize(r.name)}: ${neutralize(facts.join(', '))}\n`
}

export function createActionsLogReporter(opts: ActionsLogOptions): Reporter {
  const log = new ActionsLog(opts)
  return { onEvent: (e) => log.onEvent(e), close: () => log.close() }
}

/** The reporter's state: per running target its sections (future groups) and tails. */
class ActionsLog {
  private readonly write: (text: string) => void
  private readonly now: () => number
  private readonly every: number
  private readonly timers: IntervalTimers
  private readonly maxGroupLines: number
  private readonly states = new Map<TargetKey, TargetState>()
  /** Set by run-start: one job or one target means no other target can interleave. */
  private sequential = false
  private timer: unknown

  constructor(opts: ActionsLogOptions) {
    this.write = opts.write
    this.now = opts.now ?? Date.now
    this.every = opts.progressEveryMs ?? PROGRESS_EVERY_MS
    this.timers = opts.timers ?? defaultTimers
    this.maxGroupLines = opts.maxGroupLines ?? 100_000
  }

  onEvent(e: EngineEvent): void {
    switch (e.type) {
      case 'run-start':
        this.sequential = e.jobs <= 1 || e.targets.length <= 1
        break
      case 'target-start':
        this.stateOf(e.target)
        break
      case 'stage-start':
        this.stageStart(this.stateOf(e.target), e.stage)
        break
      case 'stage-end':
        this.stageEnd(this.stateOf(e.target), e.stage, e.seconds, e.ok)
        break
      case 'console':
      case 'setup':
      case 'output':
        this.line(this.stateOf(e.target), e.type, e.line)
        break
      case 'warning':
        if (e.target) this.line(this.stateOf(e.target), 'warning', `warning: ${e.message}`)
        else this.write(`warning: ${neutralize(e.message)}\n`)
        break
      case 'target-end':
        this.finishTarget(this.stateOf(e.target), e.result)
        break
      case 'run-end': {
        const { passed, failed } = countResults(e.results)
        this.write(
          `vmtest: ${e.results.length} target${e.results.length === 1 ? '' : 's'}, ${passed} passed, ${failed} failed\n`,
        )
        this.stopTimer()
        break
      }
    }
  }

  close(): void {
    this.stopTimer()
    // A run that ended abnormally: still show what was collected.
    for (const s of [...this.states.values()]) {
      for (const kind of SECTION_ORDER) closeSection(s, kind)
      this.flushSections(s)
      if (s.held.length > 0) this.write(s.held.join(''))
      this.states.delete(targetKey(s.target))
    }
  }

  private stateOf(t: Target): TargetState {
    const key = targetKey(t)
    let s = this.states.get(key)
    if (!s) {
      const at = this.now()
      s = {
        target: t,
        startedAt: at,
        sections: new Map(),
        stageStartedAt: at,
        nextProgressAt: Number.POSITIVE_INFINITY,
        bootEnded: false,
        outputLines: 0,
        commandTail: new LineTail(REPEAT_TAIL_LINES, GROUP_MAX_CHARS),
        consoleTail: new LineTail(REPEAT_TAIL_LINES, GROUP_MAX_CHARS),
        held: [],
      }
      this.states.set(key, s)
    }
    return s
  }

  private section(s: TargetState, kind: SectionKind): Section {
    let sec = s.sections.get(kind)
    if (!sec) {
      sec = {
        kind,
        lines: new LineTail(this.maxGroupLines, GROUP_MAX_CHARS),
        startedAt: this.now(),
        closed: false,
        flushed: false,
      }
      s.sections.set(kind, sec)
    }
    return sec
  }

  private stageStart(s: TargetState, stage: Stage): void {
    closeSection(s, 'prep', (this.now() - s.startedAt) / 1000, true)
    s.stage = stage
    s.stageStartedAt = this.now()
    s.nextProgressAt = s.stageStartedAt + this.every
    this.section(s, stage)
    this.flushSections(s)
    this.startTimer()
  }

  private stageEnd(s: TargetState, stage: Stage, seconds: number, ok: boolean): void {
    closeSection(s, stage, seconds, ok)
    if (stage === 'boot') s.bootEnded = true
    if (s.stage === stage) s.stage = undefined
    this.flushSections(s)
    this.stopTimerIfIdle()
  }

  /**
   * A line into the group of the stage it belongs to. Kernel messages during boot and setup
   * belong to that stage; later ones (a splat while the command runs) get their own group
   * rather than mixing into the output.
   */
  private line(s: TargetState, from: 'console' | 'setup' | 'output' | 'warning', text: string): void {
    let kind: SectionKind
    if (from === 'output') {
      s.outputLines++
      s.lastOutputAt = this.now()
      s.commandTail.push(text)
      kind = 'command'
    } else if (s.stage === 'boot' || s.stage === 'setup') {
      kind = s.stage
    } else if (from === 'warning' && s.stage === 'command') {
      kind = 'command'
    } else {
      kind = s.bootEnded || s.stage === 'command' ? 'late' : from === 'console' ? 'boot' : 'prep'
    }
    if (from === 'console') s.consoleTail.push(text)
    this.section(s, kind).lines.push(text)
  }

  private renderSection(s: TargetState, sec: Section, logs?: TargetResult['logs']): string {
    let timing: string
    if (sec.kind === 'late') timing = `${sec.lines.total} line${sec.lines.total === 1 ? '' : 's'}`
    else {
      const secs = sec.seconds ?? (this.now() - sec.startedAt) / 1000
      timing = sec.ok === false ? `failed after ${formatSeconds(secs)}` : formatSeconds(secs)
    }
    const lines = sec.lines.toArray()
    if (sec.lines.omitted > 0) {
      const where = sec.kind === 'command' ? logs?.command : logs?.console
      lines.unshift(`… ${sec.lines.omitted} earlier lines not shown${where ? `: full log in ${where}` : ''}`)
    }
    return groupBlock(`${s.target.name}: ${STAGE_TITLE[sec.kind]} (${timing})`, lines)
  }

  /** Writes (or holds) the target's closed groups, in stage order, up to the first open one. */
  private flushSections(s: TargetState, logs?: TargetResult['logs']): void {
    for (const kind of SECTION_ORDER) {
      const sec = s.sections.get(kind)
      if (!sec || sec.flushed) continue
      if (!sec.closed) break
      sec.flushed = true
      this.emit(s, this.renderSection(s, sec, logs))
    }
  }

  private emit(s: TargetState, chunk: string): void {
    if (this.sequential) this.write(chunk)
    else s.held.push(chunk)
  }

  private finishTarget(s: TargetState, r: TargetResult): void {
    s.stage = undefined
    for (const kind of SECTION_ORDER) closeSection(s, kind)
    this.flushSections(s, r.logs)
    this.emit(s, resultLine(r) + (isFailed(r) ? failureBlock(s, r) : ''))
    if (!this.sequential) {
      this.write(s.held.join(''))
      s.held = []
    }
    this.states.delete(targetKey(s.target))
    this.stopTimerIfIdle()
  }

  private running(): TargetState[] {
    return [...this.states.values()].filter((s) => s.stage !== undefined)
  }

  private tick(): void {
    const t = this.now()
    for (const s of this.running()) {
      if (t < s.nextProgressAt || !s.stage) continue
      s.nextProgressAt = t + this.every
      const elapsed = formatSeconds((t - s.stageStartedAt) / 1000)
      let detail = ''
      if (s.stage === 'command') {
        detail =
          s.lastOutputAt === undefined
            ? ', no output yet'
            : `, ${s.outputLines} line${s.outputLines === 1 ? '' : 's'} of output, last ${formatSeconds((t - s.lastOutputAt) / 1000)} ago`
      }
      this.write(`… ${neutralize(s.target.name)}: still ${STAGE_VERB[s.stage]} after ${elapsed}${detail}\n`)
    }
  }

  private startTimer(): void {
    if (this.every <= 0 || this.timer !== undefined) return
    this.timer = this.timers.setInterval(() => this.tick(), Math.min(this.every, 1000))
  }

  private stopTimer(): void {
    if (this.timer === undefined) return
    this.timers.clearInterval(this.timer)
    this.timer = undefined
  }

  private stopTimerIfIdle(): void {
    if (this.running().length === 0) this.stopTimer()
  }
}

function closeSection(s: TargetState, kind: SectionKind, seconds?: number, ok?: boolean): void {
  const sec = s.sections.get(kind)
  if (!sec || sec.closed) return
  sec.closed = true
  if (seconds !== undefined) sec.seconds = seconds
  if (ok !== undefined) sec.ok = ok
}

/** A failed target's error and last lines, repeated outside its groups. */
function failureBlock(s: TargetState, r: TargetResult): string {
  const text: string[] = []
  if (r.error) text.push(...splitLines(r.error).map((l) => `Error: ${l}`))
  const command = s.commandTail.toArray()
  const consoleLines =
    s.consoleTail.total > 0 ? s.consoleTail.toArray() : (r.consoleTail ?? []).slice(-REPEAT_TAIL_LINES)
  if (command.length > 0) {
    text.push(`Last ${command.length} lines of command output:`, ...command)
  } else if (consoleLines.length > 0) {
    text.push(`Last ${consoleLines.length} console lines:`, ...consoleLines)
  }
  return text.length > 0 ? protectedBlock(text) : ''
}
