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
import { targetKey, type Reporter } from './reporter.js'
import { isFailed } from './results.js'
import { formatSeconds, splitLines, Tail } from '../analysis/text.js'
import { groupBlock, neutralize, protectedBlock } from './workflow-commands.js'

// A group held for a target running in parallel keeps at most this much text (the full log
// is on disk); the runner's viewer could not show more anyway.
const GROUP_MAX_CHARS = 16 * 1024 * 1024

export const REPEAT_TAIL_LINES = 50
export const PROGRESS_EVERY_MS = 30_000

type SectionKind = 'prep' | Stage | 'late'
const SECTION_ORDER: SectionKind[] = ['prep', 'boot', 'setup', 'command', 'late']

interface Section {
  kind: SectionKind
  lines: Tail<string>
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
  commandTail: Tail<string>
  consoleTail: Tail<string>
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

const STAGE_VERB: Record<Stage, string> = { boot: 'booting', setup: 'setting up the VM', command: 'running the command' }

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
  if (r.tests) facts.push(`tests: ${r.tests.passed} passed, ${r.tests.failed} failed, ${r.tests.skipped} skipped`)
  return `${word} ${neutralize(r.name)}: ${neutralize(facts.join(', '))}\n`
}

export function createActionsLogReporter(opts: ActionsLogOptions): Reporter {
  const write = opts.write
  const now = opts.now ?? Date.now
  const every = opts.progressEveryMs ?? PROGRESS_EVERY_MS
  const timers = opts.timers ?? defaultTimers
  const maxGroupLines = opts.maxGroupLines ?? 100_000
  const states = new Map<string, TargetState>()
  /** Set by run-start: one job or one target means no other target can interleave. */
  let sequential = false
  let timer: unknown

  const stateOf = (t: Target): TargetState => {
    const key = targetKey(t)
    let s = states.get(key)
    if (!s) {
      const at = now()
      s = {
        target: t,
        startedAt: at,
        sections: new Map(),
        stageStartedAt: at,
        nextProgressAt: Number.POSITIVE_INFINITY,
        bootEnded: false,
        outputLines: 0,
        commandTail: new Tail(REPEAT_TAIL_LINES),
        consoleTail: new Tail(REPEAT_TAIL_LINES),
        held: [],
      }
      states.set(key, s)
    }
    return s
  }

  const section = (s: TargetState, kind: SectionKind): Section => {
    let sec = s.sections.get(kind)
    if (!sec) {
      sec = { kind, lines: new Tail(maxGroupLines, GROUP_MAX_CHARS), startedAt: now(), closed: false, flushed: false }
      s.sections.set(kind, sec)
    }
    return sec
  }

  const renderSection = (s: TargetState, sec: Section, logs?: TargetResult['logs']): string => {
    const name = s.target.name
    let timing: string
    if (sec.kind === 'late') timing = `${sec.lines.total} line${sec.lines.total === 1 ? '' : 's'}`
    else {
      const secs = sec.seconds ?? (now() - sec.startedAt) / 1000
      timing = sec.ok === false ? `failed after ${formatSeconds(secs)}` : formatSeconds(secs)
    }
    const lines = sec.lines.toArray()
    if (sec.lines.omitted > 0) {
      const where = sec.kind === 'command' ? logs?.command : logs?.console
      lines.unshift(`… ${sec.lines.omitted} earlier lines not shown${where ? `: full log in ${where}` : ''}`)
    }
    return groupBlock(`${name}: ${STAGE_TITLE[sec.kind]} (${timing})`, lines)
  }

  /** Writes (or holds) the target's closed groups, in stage order, up to the first open one. */
  const flushSections = (s: TargetState, logs?: TargetResult['logs']): void => {
    for (const kind of SECTION_ORDER) {
      const sec = s.sections.get(kind)
      if (!sec || sec.flushed) continue
      if (!sec.closed) break
      sec.flushed = true
      emit(s, renderSection(s, sec, logs))
    }
  }

  const emit = (s: TargetState, chunk: string): void => {
    if (sequential) write(chunk)
    else s.held.push(chunk)
  }

  const closeSection = (s: TargetState, kind: SectionKind, seconds?: number, ok?: boolean): void => {
    const sec = s.sections.get(kind)
    if (!sec || sec.closed) return
    sec.closed = true
    if (seconds !== undefined) sec.seconds = seconds
    if (ok !== undefined) sec.ok = ok
  }

  const running = (): TargetState[] => [...states.values()].filter((s) => s.stage !== undefined)

  const tick = (): void => {
    const t = now()
    for (const s of running()) {
      if (t < s.nextProgressAt || !s.stage) continue
      s.nextProgressAt = t + every
      const elapsed = formatSeconds((t - s.stageStartedAt) / 1000)
      let detail = ''
      if (s.stage === 'command') {
        detail =
          s.lastOutputAt === undefined
            ? ', no output yet'
            : `, ${s.outputLines} line${s.outputLines === 1 ? '' : 's'} of output, last ${formatSeconds((t - s.lastOutputAt) / 1000)} ago`
      }
      write(`… ${neutralize(s.target.name)}: still ${STAGE_VERB[s.stage]} after ${elapsed}${detail}\n`)
    }
  }

  const startTimer = (): void => {
    if (every <= 0 || timer !== undefined) return
    timer = timers.setInterval(tick, Math.min(every, 1000))
  }
  const stopTimer = (): void => {
    if (timer === undefined) return
    timers.clearInterval(timer)
    timer = undefined
  }
  const stopTimerIfIdle = (): void => {
    if (running().length === 0) stopTimer()
  }

  const finishTarget = (s: TargetState, r: TargetResult): void => {
    s.stage = undefined
    for (const kind of SECTION_ORDER) closeSection(s, kind)
    flushSections(s, r.logs)
    let tail = ''
    tail += resultLine(r)
    if (isFailed(r)) {
      const text: string[] = []
      if (r.error) text.push(...splitLines(r.error).map((l) => `Error: ${l}`))
      const command = s.commandTail.toArray()
      const consoleLines = s.consoleTail.total > 0 ? s.consoleTail.toArray() : (r.consoleTail ?? []).slice(-REPEAT_TAIL_LINES)
      if (command.length > 0) {
        text.push(`Last ${command.length} lines of command output:`, ...command)
      } else if (consoleLines.length > 0) {
        text.push(`Last ${consoleLines.length} console lines:`, ...consoleLines)
      }
      if (text.length > 0) tail += protectedBlock(text)
    }
    emit(s, tail)
    if (!sequential) {
      write(s.held.join(''))
      s.held = []
    }
    states.delete(targetKey(s.target))
    stopTimerIfIdle()
  }

  const onEvent = (e: EngineEvent): void => {
    switch (e.type) {
      case 'run-start':
        sequential = e.jobs <= 1 || e.targets.length <= 1
        break
      case 'target-start':
        stateOf(e.target)
        break
      case 'stage-start': {
        const s = stateOf(e.target)
        closeSection(s, 'prep', (now() - s.startedAt) / 1000, true)
        s.stage = e.stage
        s.stageStartedAt = now()
        s.nextProgressAt = s.stageStartedAt + every
        section(s, e.stage)
        flushSections(s)
        startTimer()
        break
      }
      case 'stage-end': {
        const s = stateOf(e.target)
        closeSection(s, e.stage, e.seconds, e.ok)
        if (e.stage === 'boot') s.bootEnded = true
        if (s.stage === e.stage) s.stage = undefined
        flushSections(s)
        stopTimerIfIdle()
        break
      }
      case 'console': {
        const s = stateOf(e.target)
        s.consoleTail.push(e.line)
        // Kernel messages during boot and setup belong to that stage; later ones (a splat
        // while the command runs) get their own group rather than mixing into the output.
        const kind: SectionKind =
          s.stage === 'boot' || s.stage === 'setup' ? s.stage : s.bootEnded || s.stage === 'command' ? 'late' : 'boot'
        section(s, kind).lines.push(e.line)
        break
      }
      case 'setup': {
        const s = stateOf(e.target)
        const kind: SectionKind = s.stage === 'boot' || s.stage === 'setup' ? s.stage : s.stage === 'command' || s.bootEnded ? 'late' : 'prep'
        section(s, kind).lines.push(e.line)
        break
      }
      case 'output': {
        const s = stateOf(e.target)
        s.outputLines++
        s.lastOutputAt = now()
        s.commandTail.push(e.line)
        section(s, 'command').lines.push(e.line)
        break
      }
      case 'warning': {
        if (e.target) {
          const s = stateOf(e.target)
          const kind: SectionKind = s.stage ?? (s.bootEnded ? 'late' : 'prep')
          section(s, kind).lines.push(`warning: ${e.message}`)
        } else {
          write(`warning: ${neutralize(e.message)}\n`)
        }
        break
      }
      case 'target-end':
        finishTarget(stateOf(e.target), e.result)
        break
      case 'run-end': {
        const failed = e.results.filter(isFailed).length
        const passed = e.results.filter((r) => r.result === 'pass').length
        write(`vmtest: ${e.results.length} target${e.results.length === 1 ? '' : 's'}, ${passed} passed, ${failed} failed\n`)
        stopTimer()
        break
      }
    }
  }

  return {
    onEvent,
    close() {
      stopTimer()
      // A run that ended abnormally: still show what was collected.
      for (const s of [...states.values()]) {
        for (const kind of SECTION_ORDER) closeSection(s, kind)
        flushSections(s)
        if (s.held.length > 0) write(s.held.join(''))
        states.delete(targetKey(s.target))
      }
    },
  }
}
