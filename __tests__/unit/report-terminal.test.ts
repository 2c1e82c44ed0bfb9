/* eslint-disable no-control-regex -- these tests read ANSI escape sequences */
import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../src/plan/events.js'
import { createTerminalReporter, type TerminalOptions } from '../../src/report/terminal.js'
import { Vt } from './report-terminal-vt.js'
import {
  erroringRun,
  failingRun,
  interleave,
  makeTarget,
  passingRun,
  realBootConsole,
  run,
} from '../fixtures/report/events.js'

function capture(): { out: NodeJS.WritableStream; text: () => string } {
  const out = new PassThrough()
  const chunks: string[] = []
  out.on('data', (c: Buffer) => chunks.push(c.toString('utf8')))
  return { out, text: () => chunks.join('') }
}

function plain(events: EngineEvent[], configMode: boolean): string[] {
  const { out, text } = capture()
  const r = createTerminalReporter({ out, tty: false, color: false, configMode })
  for (const e of events) r.onEvent(e)
  void r.close?.()
  return text().split('\n').slice(0, -1)
}

/** The screen (scrollback included) of a tmux-like terminal fed `output` (report-terminal-vt.ts). */
function screenOf(output: string, rows = 40): string[] {
  const vt = new Vt(200, rows)
  vt.write(output)
  return vt.all()
}

function tty(opts: Partial<TerminalOptions> & { configMode: boolean }): {
  onEvent: (e: EngineEvent) => void
  screen: () => string[]
  raw: () => string
  close: () => void
} {
  const { out, text } = capture()
  const r = createTerminalReporter({
    out,
    tty: true,
    color: false,
    redrawMs: 0,
    columns: () => 80,
    rows: () => 40,
    ...opts,
  })
  const rows = opts.rows?.() ?? 40
  return {
    onEvent: (e) => r.onEvent(e),
    screen: () => screenOf(text(), rows),
    raw: text,
    close: () => void r.close?.(),
  }
}

const boot = realBootConsole(30)

describe('terminal, plain mode: upstream lines', () => {
  it('config mode, passing', () => {
    const t = makeTarget('pass-6.1')
    expect(plain(run([t], passingRun(t)), true)).toEqual([
      '=> pass-6.1',
      '===> Booting',
      ...boot.map((l) => l.trimEnd()), // upstream trims trailing whitespace
      '===> Setting up VM',
      'Mounting vmtest-shared at /mnt/vmtest',
      'Guest agent 7.2.0 connected after 21.9s',
      '===> Running command',
      'hello from the guest',
      'all good',
      'PASS',
    ])
  })

  it('config mode, failing command', () => {
    const t = makeTarget('fails')
    const lines = plain(run([t], failingRun(t, ['out 1', 'out 2'], 2)), true)
    expect(lines.slice(-5)).toEqual([
      '===> Running command',
      'out 1',
      'out 2',
      'Command failed with exit code: 2',
      'FAILED',
    ])
  })

  it('one-liner mode: no PASS/FAILED', () => {
    const t = makeTarget('bzImage')
    expect(plain(run([t], passingRun(t)), false).slice(-3)).toEqual([
      '===> Running command',
      'hello from the guest',
      'all good',
    ])
    expect(plain(run([t], failingRun(t, ['x'], 7)), false).slice(-2)).toEqual(['x', 'Command failed with exit code: 7'])
  })

  it('a boot failure prints its error once, when the stage fails, and no verdict after it (as upstream)', () => {
    const t = makeTarget('panics')
    const lines = plain(run([t], erroringRun(t)), true)
    expect(lines.slice(0, 3)).toEqual(['=> panics', 'accel: KVM unavailable, using TCG', '===> Booting'])
    expect(lines.slice(-2)).toEqual([
      'QEMU exited during boot (status 0): the guest kernel panicked?',
      'Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)',
    ])
    expect(lines).not.toContain('FAILED')
    expect(lines.filter((l) => l.startsWith('QEMU exited during boot'))).toHaveLength(1)
  })

  it('a failure with exit status 0 (kernel splat) prints the reason', () => {
    const t = makeTarget('splat')
    const events = passingRun(t).map((e) =>
      e.type === 'target-end'
        ? {
            ...e,
            result: {
              ...e.result,
              result: 'fail' as const,
              error: 'Kernel splat: Kernel panic - not syncing: x (fail_on_splat)',
            },
          }
        : e,
    )
    expect(plain(run([t], events), true).slice(-2)).toEqual([
      'Kernel splat: Kernel panic - not syncing: x (fail_on_splat)',
      'FAILED',
    ])
  })

  it('parallel targets: each target prints as one block, in start order', () => {
    const a = makeTarget('A', { origin: { index: 0 } })
    const b = makeTarget('B', { origin: { index: 1 } })
    const seqA = passingRun(a, ['A says hi'])
    const seqB = failingRun(b, ['B says hi'], 1)
    const lines = plain(run([a, b], interleave(seqA, seqB), 2), true)
    const aLines = plain(run([a], seqA), true)
    const bLines = plain(run([b], seqB), true)
    expect(lines).toEqual([...aLines, ...bLines])
  })

  it('parallel targets: a target that ends first still waits for the one started before it', () => {
    const a = makeTarget('A', { origin: { index: 0 } })
    const b = makeTarget('B', { origin: { index: 1 } })
    const seqA = passingRun(
      a,
      Array.from({ length: 200 }, (_, i) => `A ${i}`),
    )
    const seqB = passingRun(b, ['B only'])
    const lines = plain(run([a, b], interleave(seqA, seqB), 2), true)
    expect(lines.indexOf('=> B')).toBe(lines.indexOf('PASS') + 1)
    expect(lines.at(-1)).toBe('PASS')
  })

  it('parallel targets: output held past the memory bound goes through a temp file and prints whole, in order', () => {
    const a = makeTarget('A', { origin: { index: 0 } })
    const b = makeTarget('B', { origin: { index: 1 } })
    // About 6 MB each: more than HeldText keeps in memory for B while A runs.
    const many = (who: string): string[] =>
      Array.from({ length: 100_000 }, (_, i) => `${who} line ${i} ${'x'.repeat(48)}`)
    const seqA = passingRun(a, many('A'))
    const seqB = failingRun(b, many('B'), 3)
    const spills = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('vmtest-held-'))
    const before = spills()
    const lines = plain(run([a, b], interleave(seqA, seqB), 2), true)
    expect(lines).toEqual([...plain(run([a], seqA), true), ...plain(run([b], seqB), true)])
    expect(spills()).toEqual(before)
  })
})

describe('terminal, TTY mode: live view', () => {
  it('shows a rolling window of the last 10 lines under the stage heading', () => {
    const t = makeTarget('live')
    const view = tty({ configMode: true })
    const events = run([t], passingRun(t))
    const midBoot = events.findIndex((e) => e.type === 'stage-end')
    events.slice(0, midBoot).forEach(view.onEvent)
    expect(view.screen()).toEqual([
      '=> live',
      '===> Booting',
      ...boot.slice(-10).map((l) => (l.length > 79 ? `${l.slice(0, 78)}…` : l)),
    ])
  })

  it('config mode: a passing target collapses to its name and PASS', () => {
    const t = makeTarget('ok')
    const view = tty({ configMode: true })
    run([t], passingRun(t)).forEach(view.onEvent)
    view.close()
    expect(view.screen()).toEqual(['=> ok', 'PASS'])
  })

  it('config mode: a failing target expands its failing stage and shows the error', () => {
    const t = makeTarget('bad')
    const output = Array.from({ length: 25 }, (_, i) => `out ${i}`)
    const view = tty({ configMode: true })
    run([t], failingRun(t, output, 2)).forEach(view.onEvent)
    view.close()
    expect(view.screen()).toEqual([
      '=> bad',
      '===> Booting',
      '===> Setting up VM',
      '===> Running command',
      ...output,
      'Command failed with exit code: 2',
      'FAILED',
    ])
  })

  it('a boot failure expands the whole boot console', () => {
    const t = makeTarget('nope')
    const view = tty({ configMode: false })
    const events = run([t], erroringRun(t))
    events.forEach(view.onEvent)
    view.close()
    const screen = view.screen()
    expect(screen.slice(0, 2)).toEqual(['=> nope', '===> Booting'])
    // Lines before the first stage scroll away with it, as upstream's heading stage does.
    expect(screen).not.toContain('accel: KVM unavailable, using TCG')
    expect(screen).toContain(
      '[    2.132573] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)',
    )
    expect(screen.slice(-2)).toEqual([
      'QEMU exited during boot (status 0): the guest kernel panicked?',
      'Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)',
    ])
    expect(screen.length).toBe(2 + 40 + 2)
  })

  it('one-liner mode streams the command output and keeps it', () => {
    const t = makeTarget('bzImage')
    const view = tty({ configMode: false })
    const events = run([t], passingRun(t, ['first', 'second']))
    const firstOut = events.findIndex((e) => e.type === 'output')
    events.slice(0, firstOut + 1).forEach(view.onEvent)
    expect(view.screen()).toEqual(['=> bzImage', '===> Booting', '===> Setting up VM', '===> Running command', 'first'])
    events.slice(firstOut + 1).forEach(view.onEvent)
    view.close()
    expect(view.screen()).toEqual([
      '=> bzImage',
      '===> Booting',
      '===> Setting up VM',
      '===> Running command',
      'first',
      'second',
    ])
  })

  it('two parallel targets each get a window; finished ones become permanent above', () => {
    const a = makeTarget('A', { origin: { index: 0 } })
    const b = makeTarget('B', { origin: { index: 1 } })
    const seqA = passingRun(
      a,
      Array.from({ length: 3 }, (_, i) => `A ${i}`),
    )
    const seqB = failingRun(
      b,
      Array.from({ length: 60 }, (_, i) => `B ${i}`),
      1,
    )
    const events = run([a, b], interleave(seqA, seqB), 2)
    const view = tty({ configMode: true })
    const aEnd = events.findIndex((e) => e.type === 'target-end')
    events.slice(0, aEnd).forEach(view.onEvent)
    const mid = view.screen()
    expect(mid[0]).toBe('=> A')
    expect(mid).toContain('A 2')
    expect(mid).toContain('=> B')
    expect(mid.indexOf('=> B')).toBeGreaterThan(mid.indexOf('A 2'))
    view.onEvent(events[aEnd] as EngineEvent)
    expect(view.screen().slice(0, 3)).toEqual(['=> A', 'PASS', '=> B'])
    events.slice(aEnd + 1).forEach(view.onEvent)
    view.close()
    const end = view.screen()
    expect(end.slice(0, 2)).toEqual(['=> A', 'PASS'])
    expect(end.slice(2, 6)).toEqual(['=> B', '===> Booting', '===> Setting up VM', '===> Running command'])
    expect(end.slice(-3)).toEqual(['B 59', 'Command failed with exit code: 1', 'FAILED'])
    expect(end).toHaveLength(2 + 4 + 60 + 2)
  })

  it('the live region never exceeds the terminal height', () => {
    const targets = Array.from({ length: 4 }, (_, i) => makeTarget(`t${i}`, { origin: { index: i } }))
    const view = tty({ configMode: true, rows: () => 12 })
    const seqs = targets.map((t) => passingRun(t).filter((e) => e.type !== 'target-end'))
    const events = seqs.reduce((acc, s) => interleave(acc, s), [] as EngineEvent[])
    events.forEach(view.onEvent)
    expect(view.screen().length).toBeLessThanOrEqual(11)
    // Every redraw moves up at most as many lines as the region had.
    for (const m of view.raw().matchAll(/\x1b\[(\d+)F/g)) expect(Number(m[1])).toBeLessThanOrEqual(11)
  })

  it('strips guest colours and control characters from the window and clips long lines', () => {
    const t = makeTarget('c')
    const view = tty({ configMode: true, columns: () => 20 })
    view.onEvent({ type: 'target-start', target: t })
    view.onEvent({ type: 'stage-start', target: t, stage: 'command' })
    view.onEvent({ type: 'output', target: t, line: '\x1b[31mred\x1b[0m\ttab\r' })
    view.onEvent({ type: 'output', target: t, line: 'x'.repeat(100) })
    expect(view.screen().slice(-2)).toEqual(['red     tab', `${'x'.repeat(18)}…`])
  })

  it('colours PASS and FAILED only when asked', () => {
    const t = makeTarget('col')
    const coloured = tty({ configMode: true, color: true })
    run([t], passingRun(t)).forEach(coloured.onEvent)
    expect(coloured.raw()).toContain('\x1b[32mPASS\x1b[39m')
    const mono = tty({ configMode: true, color: false })
    run([t], passingRun(t)).forEach(mono.onEvent)
    expect(mono.raw()).not.toMatch(/\x1b\[\d+m/)
  })

  it('coalesces redraws when redrawMs > 0 but flushes on target end', async () => {
    const t = makeTarget('fast')
    const { out, text } = capture()
    const r = createTerminalReporter({
      out,
      tty: true,
      color: false,
      configMode: true,
      redrawMs: 20,
      columns: () => 80,
      rows: () => 40,
    })
    const events = run(
      [t],
      passingRun(
        t,
        Array.from({ length: 500 }, (_, i) => `line ${i}`),
      ),
    )
    events.forEach((e) => r.onEvent(e))
    expect(screenOf(text())).toEqual(['=> fast', 'PASS'])
    // Far fewer redraws than lines.
    expect([...text().matchAll(/\x1b\[\d+F/g)].length).toBeLessThan(20)
    await r.close?.()
  })
})

describe('terminal, TTY mode: close()', () => {
  it('leaves an unfinished target on screen', () => {
    const t = makeTarget('cut')
    const view = tty({ configMode: true })
    const events = run([t], passingRun(t, ['one', 'two']))
    events
      .slice(
        0,
        events.findIndex((e) => e.type === 'target-end'),
      )
      .forEach(view.onEvent)
    view.close()
    expect(view.screen()).toEqual([
      '=> cut',
      '===> Booting',
      '===> Setting up VM',
      '===> Running command',
      'one',
      'two',
    ])
  })
})
