import { describe, expect, it } from 'vitest'
import { exitStatus, resultsJson } from '../../src/report/results.js'
import type { TargetResult } from '../../src/plan/events.js'
import { detectSplats } from '../../src/analysis/splat.js'
import { fixtureLines, ktapTests, makeResult, makeTarget } from '../fixtures/report/events.js'

const r = (over: Partial<TargetResult>): TargetResult => makeResult(makeTarget(over.name ?? 't'), over)

describe('resultsJson', () => {
  it('snake_case, every key present', () => {
    const pass = r({
      name: 'a',
      splats: detectSplats(fixtureLines('splats/warning.txt')),
      tests: ktapTests(fixtureLines('tap/kunit-ktap.txt')),
    })
    const err = r({
      name: 'b',
      result: 'error',
      exitCode: null,
      accel: undefined,
      kernelRelease: undefined,
      bootSeconds: undefined,
      commandSeconds: undefined,
      error: 'no boot',
      logs: {},
    })
    const json = resultsJson([pass, err])
    expect(json[0]).toEqual({
      name: 'a',
      result: 'pass',
      exit_code: 0,
      arch: 'x86_64',
      accel: 'tcg',
      accel_reason: null,
      kernel_release: '6.1.0-56-amd64',
      boot_seconds: 23.4,
      command_seconds: 4.2,
      error: null,
      logs: { console: '/tmp/logs/a/console.log', command: '/tmp/logs/a/command.log' },
      splats: 1,
      tests: {
        format: 'ktap',
        planned: 2,
        passed: 1,
        failed: 1,
        skipped: 0,
        todo: 0,
        subtests: { passed: 3, failed: 1, skipped: 1, todo: 0 },
        bailouts: 0,
        plan_problems: 0,
        failing: 2,
        reported: null,
      },
    })
    expect(json[1]).toEqual({
      name: 'b',
      result: 'error',
      exit_code: null,
      arch: 'x86_64',
      accel: null,
      accel_reason: null,
      kernel_release: null,
      boot_seconds: null,
      command_seconds: null,
      error: 'no boot',
      logs: { console: null, command: null },
      splats: 0,
      tests: null,
    })
    expect(JSON.parse(JSON.stringify(json))).toEqual(json)
  })
})

describe('exitStatus', () => {
  it.each<[string, Partial<TargetResult>[], 'single' | 'config', number]>([
    ['one pass', [{}], 'single', 0],
    ['one fail → its status', [{ result: 'fail', exitCode: 3 }], 'single', 3],
    ['one signal death → 128+n', [{ result: 'fail', exitCode: 137 }], 'single', 137],
    ['one fail with status 0 (splat / TAP)', [{ result: 'fail', exitCode: 0 }], 'single', 1],
    ['one error → 69', [{ result: 'error', exitCode: null }], 'single', 69],
    ['one timeout → 124', [{ result: 'timeout', exitCode: null }], 'single', 124],
    ['one skipped → 69', [{ result: 'skipped', exitCode: null }], 'single', 69],
    ['config with one target behaves like upstream (its status)', [{ result: 'fail', exitCode: 5 }], 'config', 5],
    [
      'several → number failed',
      [
        {},
        { result: 'fail', exitCode: 1 },
        { result: 'error', exitCode: null },
        { result: 'timeout', exitCode: null },
        { result: 'skipped', exitCode: null },
      ],
      'config',
      3,
    ],
    ['several all pass', [{}, {}], 'config', 0],
    ['none in config mode', [], 'config', 0],
    ['none in single mode: never ran', [], 'single', 69],
  ])('%s', (_label, results, mode, expected) => {
    expect(
      exitStatus(
        results.map((o) => r(o)),
        mode,
      ),
    ).toBe(expected)
  })

  it('caps the failure count so that 256 failures do not exit 0', () => {
    const many = Array.from({ length: 256 }, () => r({ result: 'fail', exitCode: 1 }))
    expect(exitStatus(many, 'config')).toBe(255)
  })
})
