// The engine's test-results wiring without a VM: the suite watcher on recorded outputs,
// test_output/test_output_source/fail_on_test_failure through createTestWatch, test_progs'
// `-J` file read from the workspace (and refused outside it), and the reporters' view of
// each format (summary lists, annotations, `results` counts).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSuiteWatch } from '../../src/analysis/suite-watch.js'
import { createTestWatch, testSettings } from '../../src/engine/test-results.js'
import { hostPathInWorkspace, readWorkspaceFile, testProgsJsonArg } from '../../src/engine/test-json.js'
import { defaultRunOptions } from '../../src/config/options.js'
import type { TargetResult } from '../../src/plan/events.js'
import type { RunOptions } from '../../src/plan/types.js'
import { planAnnotations } from '../../src/report/annotations.js'
import { resultsJson } from '../../src/report/results.js'
import { renderSummary } from '../../src/report/summary.js'
import { makeResult } from '../fixtures/report/events.js'
import { makeTarget } from '../fixtures/target.js'

const suite = (name: string): string[] =>
  readFileSync(join(import.meta.dirname, '../fixtures/suites', name), 'utf8')
    .replace(/\n$/, '')
    .split('\n')

function watched(mode: 'auto' | 'tap' | 'test_progs', lines: string[]) {
  const w = createSuiteWatch(mode)
  for (const l of lines) w.push(l)
  return w.result()
}

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function workspace(): string {
  const d = mkdtempSync(join(tmpdir(), 'vmtest-ws-'))
  dirs.push(d)
  return d
}

/** Runs lines through a target's test watch and finishes a passing (exit 0) result. */
function judge(over: {
  options?: Partial<RunOptions>
  target?: Parameters<typeof makeTarget>[0]
  output?: string[]
  console?: string[]
  since?: number
}): TargetResult {
  const target = makeTarget(over.target)
  const w = createTestWatch(target, { ...defaultRunOptions(), ...over.options }, over.since ?? 0)
  for (const l of over.console ?? []) w.console(l)
  for (const l of over.output ?? []) w.output(l)
  const result = makeResult(target, { result: 'pass', exitCode: 0 })
  w.finish(result)
  return result
}

describe('the suite watcher on recorded outputs', () => {
  it('auto: the kselftest run is KTAP with every collection planned', () => {
    const s = watched('auto', suite('kselftest-guest.txt'))
    expect(s?.format).toBe('ktap')
    if (s?.format !== 'ktap') return
    expect(s.documents).toBeGreaterThan(1)
    expect(s.planProblems).toBe(0)
  })
  it('auto: test_progs, serial and parallel, and its failure logs', () => {
    for (const f of ['test_progs-serial.txt', 'test_progs-parallel.txt']) {
      const s = watched('auto', suite(f))
      expect(s?.format, f).toBe('test_progs')
      if (s?.format !== 'test_progs') continue
      expect(s.failures.length, f).toBeGreaterThan(0)
      expect(s.reported, f).toBeDefined()
    }
  })
  it('auto: test_verifier and test_maps are bpf_summary; test_output: test_progs takes them too', () => {
    expect(watched('auto', suite('test_verifier.txt'))?.format).toBe('bpf_summary')
    expect(watched('test_progs', suite('test_maps-fail.txt'))).toMatchObject({
      format: 'bpf_summary',
      program: 'test_maps',
    })
  })
  it('tap forces KTAP (test_progs lines are then nothing); test_progs forces test_progs', () => {
    expect(watched('tap', suite('test_progs-serial.txt'))).toBeUndefined()
    expect(watched('test_progs', suite('kselftest-guest.txt'))).toBeUndefined()
  })
})

describe('fail_on_test_failure', () => {
  const failing = ['TAP version 13', '1..2', 'ok 1 a', '# TAP version 13', '# 1..1', '# not ok 1 hidden', 'ok 2 b']
  it('fails a target whose command exited 0 with failing tests, keeping the exit status', () => {
    const r = judge({ output: failing })
    // The only failure is nested under `ok 2 b`: the runner's verdict hides it, the count does not.
    expect(r).toMatchObject({ result: 'fail', exitCode: 0, error: '1 failing test (fail_on_test_failure)' })
    expect(resultsJson([r])[0]?.tests).toMatchObject({
      format: 'ktap',
      passed: 2,
      failed: 0,
      failing: 1,
      plan_problems: 0,
      subtests: { failed: 1 },
    })
    expect(r.tests?.format === 'ktap' && r.tests.failures[0]).toMatchObject({
      name: 'b/hidden',
      underPassingParent: true,
    })
  })
  it('is on by default, off by the target key or by the run-wide flag (which wins)', () => {
    expect(testSettings(makeTarget(), defaultRunOptions()).failOnFailure).toBe(true)
    expect(judge({ output: failing, target: { failOnTestFailure: false } }).result).toBe('pass')
    expect(judge({ output: failing, options: { failOnTestFailure: false } }).result).toBe('pass')
    expect(
      judge({ output: failing, target: { failOnTestFailure: false }, options: { failOnTestFailure: true } }).result,
    ).toBe('fail')
  })
  it('test_output: none parses nothing, so nothing fails', () => {
    const r = judge({ output: failing, options: { testOutput: 'none' } })
    expect(r.result).toBe('pass')
    expect(r.tests).toBeUndefined()
  })
})

describe('test_output_source', () => {
  const kunit = [
    '[    0.800000] Run /init as init process',
    '[    1.000000] KTAP version 1',
    '[    1.000000] 1..1',
    '[    1.000000]     KTAP version 1',
    '[    1.000000]     # Subtest: example',
    '[    1.000000]     1..1',
    '[    1.000000]     not ok 1 example_fail',
    '[    1.000000] not ok 1 example',
  ]
  it('auto: the console KTAP when the output has no tests', () => {
    const r = judge({ console: kunit, output: ['hello'] })
    expect(r.tests?.format).toBe('ktap')
    expect(r.result).toBe('fail')
    expect(r.tests?.format === 'ktap' && r.tests.failures.map((f) => f.name)).toEqual([
      'example',
      'example/example_fail',
    ])
  })
  it("auto prefers the output's tests; output ignores the console; console ignores the output", () => {
    const out = ['TAP version 13', '1..1', 'ok 1 fine']
    expect(judge({ console: kunit, output: out }).result).toBe('pass')
    expect(judge({ console: kunit, options: { testOutputSource: 'output' } }).tests).toBeUndefined()
    expect(judge({ console: kunit, output: out, target: { testOutputSource: 'console' } }).result).toBe('fail')
  })
  it('auto does not start on a stray `ok` in boot messages', () => {
    expect(judge({ console: ['[    0.1] ok 1 something', '[    0.2] booting'] }).tests).toBeUndefined()
  })
})

describe("test_progs' -J FILE", () => {
  it('finds the argument', () => {
    expect(testProgsJsonArg('./test_progs -J out.json')).toBe('out.json')
    expect(testProgsJsonArg('cd x && ./test_progs -a foo --json-summary=/mnt/vmtest/r.json -v')).toBe(
      '/mnt/vmtest/r.json',
    )
    expect(testProgsJsonArg("./test_progs --json-summary 'a.json'")).toBe('a.json')
    expect(testProgsJsonArg('./test_progs -j')).toBeUndefined()
  })
  it('maps guest paths into the workspace only', () => {
    const t = makeTarget({ sharedDir: '/ws' })
    expect(hostPathInWorkspace(t, 'r.json')).toBe('/ws/r.json')
    expect(hostPathInWorkspace(t, '/mnt/vmtest/sub/r.json')).toBe('/ws/sub/r.json')
    expect(hostPathInWorkspace(t, '/ws/r.json')).toBe('/ws/r.json')
    expect(hostPathInWorkspace(t, '/tmp/r.json')).toBeUndefined()
    expect(hostPathInWorkspace(t, '../r.json')).toBeUndefined()
    expect(hostPathInWorkspace(t, '/mnt/vmtest/../etc/passwd')).toBeUndefined()
    // An image (or another rootfs) does not see host paths: only /mnt/vmtest maps.
    expect(hostPathInWorkspace(makeTarget({ sharedDir: '/ws', rootfs: '/srv/root' }), '/ws/r.json')).toBeUndefined()
  })
  it('refuses symlinks out of the workspace, old files and oversize files', () => {
    const ws = workspace()
    const outside = workspace()
    writeFileSync(join(outside, 'secret.json'), '{}')
    symlinkSync(join(outside, 'secret.json'), join(ws, 'link.json'))
    symlinkSync(outside, join(ws, 'dirlink'))
    writeFileSync(join(ws, 'ok.json'), '{"a":1}')
    mkdirSync(join(ws, 'd'))
    expect(readWorkspaceFile(ws, join(ws, 'ok.json'), 0)).toBe('{"a":1}')
    expect(readWorkspaceFile(ws, join(ws, 'link.json'), 0)).toBeUndefined()
    expect(readWorkspaceFile(ws, join(ws, 'dirlink', 'secret.json'), 0)).toBeUndefined()
    expect(readWorkspaceFile(ws, join(ws, 'd'), 0)).toBeUndefined()
    expect(readWorkspaceFile(ws, join(ws, 'ok.json'), 0, 3)).toBeUndefined()
    utimesSync(join(ws, 'ok.json'), 1000, 1000)
    expect(readWorkspaceFile(ws, join(ws, 'ok.json'), Date.now() - 60_000)).toBeUndefined()
  })
  it("completes the text results with the program's own counts, or stands alone", () => {
    const ws = workspace()
    writeFileSync(
      join(ws, 'r.json'),
      readFileSync(join(import.meta.dirname, '../fixtures/suites/test_progs-summary.json')),
    )
    const target = { sharedDir: ws, command: './test_progs -J r.json' }
    const alone = judge({ target, output: ['no text results'] })
    expect(alone.tests).toMatchObject({
      format: 'test_progs',
      reported: { passed: 29, subtestsPassed: 23, skipped: 3, failed: 2 },
    })
    expect(alone.result).toBe('fail')
    const both = judge({ target, output: suite('test_progs-serial.txt') })
    expect(both.tests?.format === 'test_progs' && both.tests.reported?.passed).toBe(29)
    // Written before this run: not read.
    expect(judge({ target, output: ['x'], since: Date.now() + 60_000 }).tests).toBeUndefined()
  })
})

describe('reports of each format', () => {
  it('the summary names every failing test of a passing target, collapsed when long, with nested failures called out', () => {
    const lines = [
      'TAP version 13',
      '1..30',
      ...Array.from({ length: 30 }, (_, i) => (i === 0 ? 'ok 1 parent' : `not ok ${i + 1} case_${i + 1}`)),
    ]
    lines.splice(2, 0, '# TAP version 13', '# 1..1', '# not ok 1 inner')
    const r = judge({ output: lines, options: { failOnTestFailure: false } })
    expect(r.result).toBe('pass')
    const md = renderSummary([r])
    expect(md).toContain('<details><summary>Failing tests (30), 1 nested under a parent that reported ok:</summary>')
    for (let i = 2; i <= 30; i++) expect(md).toContain(`- not ok ${i} case\\_${i}`)
    expect(md).toContain('- not ok parent/inner — nested failure (parent reported ok)')
    expect(md).toContain('KTAP: 1 passed, 29 failed; subtests: 0 passed, 1 failed (planned 30)')
  })
  it('test_progs: per-test totals, failing tests and subtests with their logs (collapsed), one annotation each', () => {
    const r = judge({ output: suite('test_progs-serial.txt') })
    const md = renderSummary([r])
    expect(md).toMatch(/test\\_progs: \d+ passed, \d+ failed/)
    expect(md).toContain('<details><summary>Output of the failing tests in <b>')
    const list = planAnnotations({ results: [r], limit: 100 })
    const tests = r.tests?.format === 'test_progs' ? r.tests.failures : []
    expect(tests.length).toBeGreaterThan(1)
    for (const f of tests) expect(list.some((a) => a.title === `'${r.name}': #${f.number} ${f.name}`)).toBe(true)
    expect(resultsJson([r])[0]?.tests).toMatchObject({
      format: 'test_progs',
      subtests: expect.any(Object),
      reported: expect.any(Object),
    })
  })
})

describe('the settings reach the plan from every front end', () => {
  it('vmtest.toml target keys', async () => {
    const { parseConfig } = await import('../../src/config/load.js')
    const text =
      '[[target]]\nname = "k"\nkernel = "bzImage"\ncommand = "true"\nfail_on_test_failure = false\ntest_output_source = "console"\n'
    const t = parseConfig(text, '/w/vmtest.toml', { hostArch: 'x86_64' }).targets[0]
    expect(t).toMatchObject({ failOnTestFailure: false, testOutputSource: 'console' })
    expect(() => parseConfig(text.replace('"console"', '"dmesg"'), '/w/vmtest.toml', { hostArch: 'x86_64' })).toThrow(
      /expected one of auto, output, console/,
    )
  })
  it('CLI flags', async () => {
    const { parseCliArgs } = await import('../../src/cli/args.js')
    expect(parseCliArgs(['--fail-on-test-failure=false', '-k', 'k', 'true']).failOnTestFailure).toBe(false)
    expect(parseCliArgs(['--fail-on-test-failure', 'true', '-k', 'k', 'true']).failOnTestFailure).toBe(true)
    expect(parseCliArgs(['--no-fail-on-test-failure', '-k', 'k', 'true']).failOnTestFailure).toBe(false)
    expect(parseCliArgs(['-k', 'k', 'true']).failOnTestFailure).toBeUndefined()
    expect(
      parseCliArgs(['--test-output', 'test_progs', '--test-output-source', 'console', '-k', 'k', 'true']),
    ).toMatchObject({ testOutput: 'test_progs', testOutputSource: 'console' })
    expect(() => parseCliArgs(['--fail-on-test-failure=maybe', '-k', 'k', 'true'])).toThrow()
  })
  it('action inputs (unset: the targets decide)', async () => {
    const { loadInputs, planFromInputs } = await import('../../src/action/inputs.js')
    const read = (v: Record<string, string>) => (name: string) => v[name] ?? ''
    const base = { kernel: 'k', command: 'true', arch: 'x86_64' }
    const on = planFromInputs(
      loadInputs(
        read({ ...base, fail_on_test_failure: 'false', test_output_source: 'output', test_output: 'test_progs' }),
        () => {},
      ),
      '/w',
    )
    expect(on.options).toMatchObject({ failOnTestFailure: false, testOutputSource: 'output', testOutput: 'test_progs' })
    const unset = planFromInputs(
      loadInputs(read(base), () => {}),
      '/w',
    )
    expect(unset.options.failOnTestFailure).toBeUndefined()
    expect(unset.options.testOutputSource).toBeUndefined()
  })
})
