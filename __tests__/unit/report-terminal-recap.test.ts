// The closing recap and tally: on stderr in both modes (stdout stays upstream's lines), one
// line per target in config order with its times and accelerator, then `N passed, M failed`.
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { EngineEvent, TargetResult } from '../../src/plan/events.js'
import { createTerminalReporter } from '../../src/report/terminal.js'
import { recapLines, tallyLine } from '../../src/report/recap.js'
import {
  erroringRun,
  failingRun,
  interleave,
  makeResult,
  makeTarget,
  passingRun,
  run,
} from '../fixtures/report/events.js'

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (c: Buffer) => (text += c.toString('utf8')))
  return { stream, text: () => text }
}

/** Plain mode, with and without the recap stream: stdout and stderr. */
async function plainRun(
  events: EngineEvent[],
  configMode: boolean,
  withErr = true,
): Promise<{ stdout: string; stderr: string }> {
  const out = sink()
  const err = sink()
  let clock = 0
  const r = createTerminalReporter({
    out: out.stream,
    err: withErr ? err.stream : undefined,
    tty: false,
    color: false,
    configMode,
    now: () => (clock += 41_300),
  })
  for (const e of events) r.onEvent(e)
  await r.close?.()
  await new Promise((resolve) => setImmediate(resolve))
  return { stdout: out.text(), stderr: err.text() }
}

describe('plain mode: the recap goes to stderr, stdout is unchanged', () => {
  const targets = ['first', 'second-one', 'third'].map((n, i) => makeTarget(n, { origin: { index: i } }))
  const [a, b, c] = targets as [(typeof targets)[0], (typeof targets)[0], (typeof targets)[0]]
  // second-one ends first, then third errors, then first passes: the recap is in config order.
  const events = run(targets, [...failingRun(b, ['x'], 4), ...erroringRun(c), ...passingRun(a)], 3)

  it('config mode: a line per target in config order, then the tally', async () => {
    const { stdout, stderr } = await plainRun(events, true)
    expect(stdout).toBe((await plainRun(events, true, false)).stdout)
    expect(stderr.split('\n')).toEqual([
      'PASS    first       boot 23.4s, command 4.2s, TCG',
      'FAILED  second-one  boot 23.4s, command 7.5s, TCG',
      '        Command failed with exit code: 4',
      'ERROR   third       boot 2.1s, TCG',
      '        QEMU exited during boot (status 0): the guest kernel panicked?',
      '1 passed, 1 failed, 1 error in 41.3s',
      '',
    ])
  })

  it('a one-liner: stdout is exactly upstream lines, stderr the recap', async () => {
    const t = makeTarget('bzImage')
    const { stdout, stderr } = await plainRun(run([t], passingRun(t, ['hello'])), false)
    expect(stdout.split('\n').slice(-3)).toEqual(['===> Running command', 'hello', ''])
    expect(stdout).not.toMatch(/passed|boot 23/)
    expect(stderr).toBe('PASS    bzImage  boot 23.4s, command 4.2s, TCG\n1 passed, 0 failed in 41.3s\n')
  })

  it('no target ran: no recap (the front end says what matched nothing)', async () => {
    const { stderr } = await plainRun(
      [
        { type: 'run-start', targets: [], jobs: 1 },
        { type: 'run-end', results: [] },
      ],
      true,
    )
    expect(stderr).toBe('')
  })

  it('parallel plain output keeps its order and the recap still follows config order', async () => {
    const seqA = passingRun(a, ['A says hi'])
    const seqB = failingRun(b, ['B says hi'], 1)
    const { stderr } = await plainRun(run([a, b], interleave(seqB, seqA), 2), true)
    expect(
      stderr
        .split('\n')
        .filter((l) => /^\S/.test(l))
        .map((l) => l.split(/\s+/)[1]),
    ).toEqual(['first', 'second-one', 'passed,'])
  })
})

describe('tallyLine', () => {
  const of = (...outcomes: TargetResult['result'][]): Pick<TargetResult, 'result'>[] =>
    outcomes.map((result) => ({ result }))
  it.each([
    [of('pass'), 12.34, '1 passed, 0 failed in 12.3s'],
    [of('pass', 'pass', 'fail'), 75, '2 passed, 1 failed in 1m15s'],
    [of('fail', 'timeout'), 3, '0 passed, 1 failed, 1 timed out in 3.0s'],
    [of('pass', 'error', 'error', 'skipped'), 0.5, '1 passed, 0 failed, 2 errors, 1 skipped in 0.5s'],
    [of('pass'), undefined, '1 passed, 0 failed'],
  ])('%j in %s s → %s', (results, seconds, line) => {
    expect(tallyLine(results, seconds)).toBe(line)
  })
})

describe('recapLines on a short screen', () => {
  const results = Array.from({ length: 6 }, (_, i) =>
    makeResult(makeTarget(`t${i}`, { origin: { index: i } }), i % 3 === 1 ? { result: 'fail', exitCode: i } : {}),
  )

  it('fits: every target', () => {
    expect(recapLines(results, 20)).toHaveLength(6 + 2)
  })

  it('too many: the failures with their reasons, passing ones left to the tally', () => {
    expect(recapLines(results, 5)).toEqual([
      'FAILED  t1  boot 23.4s, command 4.2s, TCG',
      '        Command failed with exit code: 1',
      'FAILED  t4  boot 23.4s, command 4.2s, TCG',
      '        Command failed with exit code: 4',
    ])
  })

  it('tighter: the failures alone, then a count', () => {
    expect(recapLines(results, 2)).toEqual([
      'FAILED  t1  boot 23.4s, command 4.2s, TCG',
      'FAILED  t4  boot 23.4s, command 4.2s, TCG',
    ])
    expect(recapLines(results, 1)).toEqual(['…and 2 more that did not pass'])
  })
})
