import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../src/plan/events.js'
import { createActionsLogReporter, type IntervalTimers } from '../../src/report/actions-log.js'
import { protectedBlock } from '../../src/report/workflow-commands.js'
import {
  erroringRun,
  failingRun,
  HOSTILE_OUTPUT,
  interleave,
  makeResult,
  makeTarget,
  passingRun,
  run,
} from '../fixtures/report/events.js'
import { readAsRunner } from '../fixtures/report/runner.js'

function feed(events: EngineEvent[], opts: { progressEveryMs?: number } = {}): { out: string; writes: string[] } {
  const writes: string[] = []
  const r = createActionsLogReporter({ write: (t) => writes.push(t), progressEveryMs: opts.progressEveryMs ?? 0 })
  for (const e of events) r.onEvent(e)
  void r.close?.()
  return { out: writes.join(''), writes }
}

describe('actions log: groups per target and stage', () => {
  it('a passing target: setup, boot console and command groups with timings, then a result line', () => {
    const t = makeTarget('pass-6.1')
    const { out } = feed(run([t], passingRun(t)))
    const view = readAsRunner(out)
    expect(view.groups.map((g) => g.title)).toEqual([
      'pass-6.1: boot console (23.4s)',
      'pass-6.1: setting up VM (1.1s)',
      'pass-6.1: command output (4.2s)',
    ])
    expect(view.groups[0]?.lines).toContain('[    0.000000] Command line: console=ttyS0 panic=-1 loglevel=7')
    expect(view.groups[1]?.lines).toEqual([
      'Mounting vmtest-shared at /mnt/vmtest',
      'Guest agent 7.2.0 connected after 21.9s',
    ])
    expect(view.groups[2]?.lines).toEqual(['hello from the guest', 'all good'])
    const top = view.lines.filter((l) => l.group === undefined).map((l) => l.text)
    expect(top).toEqual([
      'PASS pass-6.1: x86_64, TCG, kernel 6.1.0-56-amd64, boot 23.4s, command 4.2s, exit 0',
      'vmtest: 1 target, 1 passed, 0 failed',
    ])
    expect(view.commands.map((c) => c.name)).toEqual(['group', 'endgroup', 'group', 'endgroup', 'group', 'endgroup'])
  })

  it('a sequential run writes each group as soon as its stage ends', () => {
    const t = makeTarget('seq')
    const writes: string[] = []
    const r = createActionsLogReporter({ write: (s) => writes.push(s), progressEveryMs: 0 })
    const events = run([t], passingRun(t))
    const bootEnd = events.findIndex((e) => e.type === 'stage-end' && e.stage === 'boot')
    events.slice(0, bootEnd + 1).forEach((e) => r.onEvent(e))
    expect(writes.join('')).toContain('::group::seq: boot console (23.4s)')
    expect(writes.join('')).not.toContain('setting up VM')
  })

  it('preparation lines before boot get their own group; a failed boot says so in the title', () => {
    const t = makeTarget('panics')
    const { out } = feed(run([t], erroringRun(t)))
    const view = readAsRunner(out)
    expect(view.groups.map((g) => g.title)).toEqual([
      expect.stringMatching(/^panics: preparing \(\d+\.\ds\)$/),
      'panics: boot console (failed after 2.1s)',
    ])
    expect(view.groups[0]?.lines).toEqual(['accel: KVM unavailable, using TCG'])
  })

  it('console lines after boot go to a separate group, not into the command output', () => {
    const t = makeTarget('late')
    const events = passingRun(t)
    const cmdStart = events.findIndex((e) => e.type === 'stage-start' && e.stage === 'command')
    events.splice(cmdStart + 2, 0, { type: 'console', target: t, line: '[   40.1] WARNING: CPU: 0 PID: 1 at x.c:1 f' })
    const view = readAsRunner(feed(run([t], events)).out)
    expect(view.groups.map((g) => g.title).at(-1)).toBe('late: console after boot (1 line)')
    expect(view.groups.find((g) => g.title.includes('command output'))?.lines).not.toContain(
      '[   40.1] WARNING: CPU: 0 PID: 1 at x.c:1 f',
    )
  })
})

describe('actions log: failing targets', () => {
  it('repeats the error and the last 50 command lines outside the groups', () => {
    const t = makeTarget('fails')
    const output = Array.from({ length: 80 }, (_, i) => `line ${i}`)
    const view = readAsRunner(feed(run([t], failingRun(t, output, 3))).out)
    const top = view.lines.filter((l) => l.group === undefined).map((l) => l.text)
    expect(top[0]).toBe('FAIL fails: x86_64, TCG, kernel 6.1.0-56-amd64, boot 23.4s, command 7.5s, exit 3')
    expect(top[1]).toBe('Error: Command failed with exit code: 3')
    expect(top[2]).toBe('Last 50 lines of command output:')
    expect(top.slice(3, 53)).toEqual(output.slice(30))
    // …after all of the target's groups.
    const text = feed(run([t], failingRun(t, output, 3))).out
    expect(text.indexOf('Error: Command failed with exit code: 3')).toBeGreaterThan(text.lastIndexOf('::endgroup::'))
  })

  it('a target that never ran repeats its console tail', () => {
    const t = makeTarget('boot-fail')
    const view = readAsRunner(feed(run([t], erroringRun(t))).out)
    const top = view.lines.filter((l) => l.group === undefined).map((l) => l.text)
    expect(top).toContain('Error: QEMU exited during boot (status 0): the guest kernel panicked?')
    expect(top).toContain('Last 40 console lines:')
    expect(top).toContain(
      '[    2.132573] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)',
    )
  })
})

describe('actions log: guest output cannot issue workflow commands', () => {
  it('hostile guest lines are text inside stop-commands blocks, never commands', () => {
    const t = makeTarget('hostile')
    const consoleHostile = passingRun(t).map((e) =>
      e.type === 'console' && e.line.includes('Command line') ? { ...e, line: '::error::from-the-console' } : e,
    )
    const events = run([t], [...failingRun(t)], 1)
    const { out: text } = feed(events)
    const view = readAsRunner(text)
    expect(view.commands.map((c) => c.name)).toEqual(expect.arrayContaining(['group', 'endgroup']))
    expect(new Set(view.commands.map((c) => c.name))).toEqual(new Set(['group', 'endgroup']))
    const shown = view.lines.map((l) => l.text)
    for (const l of [
      '::error::pwned',
      '::add-mask::secret-value',
      '::set-output name=a::b',
      '::stop-commands::zz',
      '::zz::',
      '::error::after-cr',
    ]) {
      expect(shown).toContain(l)
    }
    // The log viewer renders a leading `##[…]` itself: that one is defused, the rest verbatim.
    expect(shown).toContain('##\u200b[error]legacy syntax')
    expect(shown).toContain('some text ##[set-env name=X;]y in the middle')
    // The repeated tail outside the groups is protected too.
    expect(view.lines.filter((l) => l.group === undefined).map((l) => l.text)).toContain('::error::pwned')

    const view2 = readAsRunner(feed(run([t], consoleHostile)).out)
    expect(new Set(view2.commands.map((c) => c.name))).toEqual(new Set(['group', 'endgroup']))
    expect(view2.groups[0]?.lines).toContain('::error::from-the-console')
  })

  it('every block gets a fresh token', () => {
    const t = makeTarget('tokens')
    const { out: text } = feed(run([t], failingRun(t)))
    // (The guest's own `::stop-commands::zz` is text inside a block, not one of ours.)
    const tokens = [...text.matchAll(/^::stop-commands::([0-9a-f-]{36})$/gm)].map((m) => m[1])
    expect(tokens.length).toBe(4) // boot, setup and command groups, and the repeated tail
    expect(new Set(tokens).size).toBe(tokens.length)
    for (const tok of tokens) expect(text).toContain(`\n::${tok}::\n`)
  })

  it('a target name cannot inject a command either', () => {
    const t = makeTarget('x\n::error::name ##[set-env name=A;]b')
    const view = readAsRunner(feed(run([t], failingRun(t, ['out']))).out)
    expect(new Set(view.commands.map((c) => c.name))).toEqual(new Set(['group', 'endgroup']))
  })

  it('protectedBlock splits at CR like the runner and keeps guest text verbatim', () => {
    const block = protectedBlock(['a\r::error::b', 'c\r\n', '::endgroup::', '  ##[endgroup]'], 'tok')
    expect(block).toBe('::stop-commands::tok\na\n::error::b\nc\n::endgroup::\n  ##\u200b[endgroup]\n::tok::\n')
    expect(readAsRunner(block).commands).toEqual([])
  })
})

describe('actions log: parallel targets', () => {
  it('groups of two interleaved targets never interleave; each target is printed when it ends', () => {
    const a = makeTarget('A', { origin: { file: '/w/vmtest.toml', line: 1, index: 0 } })
    const b = makeTarget('B', { origin: { file: '/w/vmtest.toml', line: 9, index: 1 } })
    const seqA = passingRun(
      a,
      Array.from({ length: 20 }, (_, i) => `A output ${i}`),
    )
    const seqB = failingRun(
      b,
      Array.from({ length: 30 }, (_, i) => `B output ${i}`),
    )
    const events = run([a, b], interleave(seqA, seqB), 2)

    const writes: string[] = []
    const r = createActionsLogReporter({ write: (s) => writes.push(s), progressEveryMs: 0 })
    const aEnd = events.findIndex((e) => e.type === 'target-end' && e.target.name === 'A')
    events.slice(0, aEnd).forEach((e) => r.onEvent(e))
    // Nothing of A before A ends (B may have ended: B's sequence is longer, so it has not).
    expect(writes.join('')).not.toContain('A output')
    events.slice(aEnd).forEach((e) => r.onEvent(e))

    const view = readAsRunner(writes.join(''))
    const owners = view.groups.map((g) => g.title.split(':')[0])
    expect(owners).toEqual(['A', 'A', 'A', 'B', 'B', 'B'])
    for (const g of view.groups) {
      const owner = g.title.split(':')[0]
      const other = owner === 'A' ? 'B output' : 'A output'
      expect(g.lines.some((l) => l.startsWith(other))).toBe(false)
    }
    expect(view.groups.find((g) => g.title === 'B: command output (7.5s)')?.lines).toEqual(
      Array.from({ length: 30 }, (_, i) => `B output ${i}`),
    )
  })

  it('targets with the same name are kept apart by their config index', () => {
    const a = makeTarget('same', { origin: { index: 0 } })
    const b = makeTarget('same', { origin: { index: 1 } })
    const view = readAsRunner(
      feed(run([a, b], interleave(passingRun(a, ['from a']), passingRun(b, ['from b'])), 2)).out,
    )
    const cmd = view.groups.filter((g) => g.title.startsWith('same: command output'))
    expect(cmd.map((g) => g.lines)).toEqual([['from a'], ['from b']])
  })
})

describe('actions log: progress while a stage runs long', () => {
  function fakeTimers(): IntervalTimers & { fn?: () => void; ms?: number; cleared: number; active: boolean } {
    const t = {
      fn: undefined as (() => void) | undefined,
      ms: undefined as number | undefined,
      cleared: 0,
      active: false,
      setInterval(fn: () => void, ms: number) {
        t.fn = fn
        t.ms = ms
        t.active = true
        return 42
      },
      clearInterval(h: unknown) {
        expect(h).toBe(42)
        t.cleared++
        t.active = false
      },
    }
    return t
  }

  it('prints a line every 30 s of a quiet command, outside any group, and stops the timer at the end', () => {
    const t = makeTarget('slow')
    let now = 1_000_000
    const timers = fakeTimers()
    const writes: string[] = []
    const r = createActionsLogReporter({ write: (s) => writes.push(s), now: () => now, timers })
    const at = (ms: number): void => {
      now = 1_000_000 + ms
      timers.fn?.()
    }
    r.onEvent({ type: 'run-start', targets: [t], jobs: 1 })
    r.onEvent({ type: 'target-start', target: t })
    r.onEvent({ type: 'stage-start', target: t, stage: 'command' })
    expect(timers.active).toBe(true)
    at(29_000)
    expect(writes.join('')).toBe('')
    at(30_000)
    expect(writes.join('')).toBe('… slow: still running the command after 30.0s, no output yet\n')
    now = 1_000_000 + 31_000
    r.onEvent({ type: 'output', target: t, line: 'tick' })
    at(45_000)
    expect(writes).toHaveLength(1)
    at(60_000)
    expect(writes[1]).toBe('… slow: still running the command after 1m00s, 1 line of output, last 29.0s ago\n')
    at(95_000)
    expect(writes[2]).toBe('… slow: still running the command after 1m35s, 1 line of output, last 1m04s ago\n')
    r.onEvent({ type: 'stage-end', target: t, stage: 'command', ok: true, seconds: 95 })
    expect(timers.active).toBe(false)
    r.onEvent({ type: 'target-end', target: t, result: makeResult(t) })
    const view = readAsRunner(writes.join(''))
    expect(view.lines.filter((l) => l.text.startsWith('… slow')).every((l) => l.group === undefined)).toBe(true)
  })

  it('reports each running target, and booting too', () => {
    const a = makeTarget('a', { origin: { index: 0 } })
    const b = makeTarget('b', { origin: { index: 1 } })
    let now = 0
    const timers = fakeTimers()
    const writes: string[] = []
    const r = createActionsLogReporter({
      write: (s) => writes.push(s),
      now: () => now,
      timers,
      progressEveryMs: 10_000,
    })
    r.onEvent({ type: 'run-start', targets: [a, b], jobs: 2 })
    r.onEvent({ type: 'stage-start', target: a, stage: 'boot' })
    r.onEvent({ type: 'stage-start', target: b, stage: 'command' })
    now = 10_000
    timers.fn?.()
    expect(writes).toEqual([
      '… a: still booting after 10.0s\n',
      '… b: still running the command after 10.0s, no output yet\n',
    ])
    void r.close?.()
    expect(timers.active).toBe(false)
  })

  it('the default timer does not keep the process alive', () => {
    const t = makeTarget('unref')
    const r = createActionsLogReporter({ write: () => undefined })
    r.onEvent({ type: 'stage-start', target: t, stage: 'command' })
    // An unref'd interval: vitest would otherwise report a hanging handle; close clears it.
    void r.close?.()
  })
})

describe('actions log: close()', () => {
  it('flushes what an interrupted run collected', () => {
    const t = makeTarget('cut')
    const events = passingRun(t).filter((e) => e.type !== 'target-end')
    const view = readAsRunner(
      feed(run([t, makeTarget('other', { origin: { index: 1 } })], events, 2).filter((e) => e.type !== 'run-end')).out,
    )
    expect(view.groups.map((g) => g.title)).toEqual([
      'cut: boot console (23.4s)',
      'cut: setting up VM (1.1s)',
      'cut: command output (4.2s)',
    ])
  })
})

it('HOSTILE_OUTPUT really contains runner commands (the protection test is meaningful)', () => {
  const view = readAsRunner(HOSTILE_OUTPUT.join('\n'))
  expect(view.commands.map((c) => c.name)).toEqual(expect.arrayContaining(['error', 'add-mask', 'set-output']))
})
