/* eslint-disable no-control-regex -- these tests read ANSI escape sequences */
// The live view on a small tmux-like terminal (report-terminal-vt.ts): redraws never leave
// copies in the scrollback, the region never outgrows the screen, targets are shown and
// printed in config order, and a failure and the tally stay on the final screen.
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../src/plan/events.js'
import { createTerminalReporter, type TerminalOptions } from '../../src/report/terminal.js'
import { Vt } from './report-terminal-vt.js'
import { failingRun, interleave, makeResult, makeTarget, passingRun, run } from '../fixtures/report/events.js'

/** A reporter whose stdout and stderr both reach one terminal of `cols`×`rows`, as in a tmux pane. */
function pane(
  cols: number,
  rows: number,
  opts: Partial<TerminalOptions> = {},
): { vt: Vt; raw: () => string; onEvent: (e: EngineEvent) => void; close: () => Promise<void> } {
  const vt = new Vt(cols, rows)
  let raw = ''
  const stream = (): PassThrough => {
    const s = new PassThrough()
    s.on('data', (c: Buffer) => {
      raw += c.toString('utf8')
      vt.write(c.toString('utf8'))
    })
    return s
  }
  let clock = 0
  const r = createTerminalReporter({
    out: stream(),
    err: stream(),
    tty: true,
    color: true,
    configMode: true,
    redrawMs: 0,
    columns: () => cols,
    rows: () => rows,
    now: () => (clock += 1000),
    ...opts,
  })
  return {
    vt,
    raw: () => raw,
    onEvent: (e) => r.onEvent(e),
    close: async () => {
      await r.close?.()
      await new Promise((resolve) => setImmediate(resolve))
    },
  }
}

const names = ['alpha', 'bravo', 'charlie']
const targets = names.map((n, i) => makeTarget(n, { origin: { index: i } }))

/** Three targets, two at a time (bravo fails), as the engine emits them. */
function threeTargets(): EngineEvent[] {
  const [a, b, c] = targets as [(typeof targets)[0], (typeof targets)[0], (typeof targets)[0]]
  const seqA = passingRun(
    a,
    Array.from({ length: 40 }, (_, i) => `alpha says ${i}`),
  )
  const seqB = failingRun(b, ['bravo breaks'], 3)
  const seqC = passingRun(c, ['charlie done'])
  return run(targets, [...interleave(seqA, seqB), ...seqC], 2)
}

const count = (lines: string[], prefix: string): number => lines.filter((l) => l.startsWith(prefix)).length

describe('live view in a short tmux pane', () => {
  it('redraws leave no stale copies in the scrollback; the failure and the tally end on screen', async () => {
    const p = pane(80, 12)
    threeTargets().forEach(p.onEvent)
    await p.close()
    const all = p.vt.all()
    // Each target's heading is printed once for good (before: a copy per redraw that filled the pane).
    for (const n of names) expect(count(all, `=> ${n}`)).toBe(1)
    const screen = p.vt.screenLines()
    expect(screen.at(-1)).toBe('2 passed, 1 failed in 1.0s')
    expect(screen.some((l) => l.startsWith('FAILED  bravo'))).toBe(true)
    expect(screen).toContain('        Command failed with exit code: 3')
    // Never a whole-screen clear: tmux moves the screen into the history for that.
    expect(p.raw()).not.toMatch(/\x1b\[[02]?J/)
  })

  it('the region never outgrows the pane, however many targets run at once', () => {
    const many = Array.from({ length: 8 }, (_, i) => makeTarget(`t${i}`, { origin: { index: i } }))
    const seqs = many.map((t) => passingRun(t).filter((e) => e.type !== 'target-end'))
    const p = pane(60, 6)
    p.onEvent({ type: 'run-start', targets: many, jobs: 8 })
    for (const e of seqs.reduce((acc, s) => interleave(acc, s), [] as EngineEvent[])) {
      p.onEvent(e)
      // Nothing is committed before a target ends: everything on the screen is the region.
      expect(p.vt.history).toEqual([])
      expect(p.vt.screenLines().length).toBeLessThanOrEqual(5)
    }
    // One line per running target does not fit 5 rows: the rest is counted.
    expect(p.vt.screenLines().at(-1)).toMatch(/^ {3}… \d+ more$/)
  })

  it('lists targets in config order, a finished one waiting for the one above it', () => {
    const p = pane(80, 40, { color: false })
    const [a, b, c] = targets as [(typeof targets)[0], (typeof targets)[0], (typeof targets)[0]]
    p.onEvent({ type: 'run-start', targets, jobs: 3 })
    expect(p.vt.screenLines()).toEqual(['=> alpha  waiting', '=> bravo  waiting', '=> charlie  waiting'])
    const seqA = passingRun(a, ['a1'])
    const seqC = failingRun(c, ['c1'], 5)
    // charlie runs and fails while alpha is still booting; bravo has not started.
    seqA.slice(0, 3).forEach(p.onEvent)
    seqC.forEach(p.onEvent)
    const screen = p.vt.screenLines()
    expect(screen[0]).toBe('=> alpha')
    expect(screen.indexOf('=> bravo  waiting')).toBeGreaterThan(0)
    expect(screen.at(-1)).toBe('=> charlie  FAILED: Command failed with exit code: 5')
    // Printed for good in config order, once the ones above are done.
    seqA.slice(3).forEach(p.onEvent)
    passingRun(b).forEach(p.onEvent)
    const all = p.vt.all()
    const headings = all.filter((l) => /^=> \w+$/.test(l))
    expect(headings).toEqual(['=> alpha', '=> bravo', '=> charlie'])
    expect(all.indexOf('=> charlie')).toBeGreaterThan(all.lastIndexOf('PASS'))
  })

  it('folds to one line per target when the full view does not fit, failures kept', () => {
    const p = pane(80, 8, { color: false })
    const many = Array.from({ length: 5 }, (_, i) => makeTarget(`m${i}`, { origin: { index: i } }))
    p.onEvent({ type: 'run-start', targets: many, jobs: 2 })
    const [m0, m1] = many as [(typeof many)[0], (typeof many)[0]]
    passingRun(m0)
      .filter((e) => e.type !== 'target-end')
      .forEach(p.onEvent)
    failingRun(m1, ['boom'], 2).forEach(p.onEvent)
    const screen = p.vt.screenLines()
    expect(screen.length).toBeLessThanOrEqual(7)
    expect(screen[0]).toBe('=> m0  Running command: all good')
    expect(screen).toContain('=> m1  FAILED: Command failed with exit code: 2')
    expect(screen).toContain('   3 waiting: m2, m3, m4')
  })

  it('lines with wide characters are clipped to what the row holds', () => {
    const t = makeTarget('wide')
    const out = new PassThrough()
    let raw = ''
    out.on('data', (c: Buffer) => (raw += c.toString('utf8')))
    const r = createTerminalReporter({
      out,
      tty: true,
      color: false,
      configMode: true,
      redrawMs: 0,
      columns: () => 20,
      rows: () => 10,
    })
    r.onEvent({ type: 'target-start', target: t })
    r.onEvent({ type: 'stage-start', target: t, stage: 'command' })
    r.onEvent({ type: 'output', target: t, line: '测试'.repeat(20) })
    // 19 columns at most: 9 wide characters (18 columns) and the ellipsis.
    expect(raw.split('\n').at(-2)).toBe(`${'测试'.repeat(4)}测…`)
  })

  it('an interrupted run leaves every unfinished target in config order', async () => {
    const p = pane(80, 40, { color: false })
    const [a, b] = targets as [(typeof targets)[0], (typeof targets)[0]]
    p.onEvent({ type: 'run-start', targets, jobs: 2 })
    passingRun(a, ['a1']).slice(0, 4).forEach(p.onEvent)
    failingRun(b, ['b1'], 1).forEach(p.onEvent)
    await p.close()
    const all = p.vt.all()
    expect(all.indexOf('=> alpha')).toBeLessThan(all.indexOf('=> bravo'))
    // The recap has what ended: bravo.
    expect(all.at(-1)).toBe('0 passed, 1 failed in 1.0s')
    expect(all).toContainEqual(expect.stringMatching(/^FAILED {2}bravo {2}boot 23\.4s, command 7\.5s, TCG$/))
  })

  it('a target result shows its own accelerator words in the recap', async () => {
    const p = pane(120, 20, { color: false })
    const t = makeTarget('solo')
    const events = passingRun(t).map((e) =>
      e.type === 'target-end'
        ? { ...e, result: makeResult(t, { accelReason: 'the guest did not answer within 80 s under KVM' }) }
        : e,
    )
    run([t], events).forEach(p.onEvent)
    await p.close()
    expect(p.vt.screenLines().slice(-2)).toEqual([
      'PASS    solo  boot 23.4s, command 4.2s, TCG: KVM failed: the guest did not answer within 80 s under KVM',
      '1 passed, 0 failed in 1.0s',
    ])
  })
})
