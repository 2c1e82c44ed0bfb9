// kselftest for real: collections built from Debian's linux-source-6.1 (.ci/fixtures/
// build-kselftest.sh, with the deliberately failing `vmtest_demo` collection) run by
// run_kselftest.sh in a TCG guest on the stock kernel; the command's output is parsed by
// analysis/ktap.ts and checked against an independent count of the same log.
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ktapHasFailures, parseKtap } from '../../src/analysis/ktap.js'
import type { ResultJson, TestsJson } from '../../src/report/results.js'
import { cli, fixture, parseOutputs, stockKernel, tempDir } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'

usePrivateTmp()

function commandLog(logs: string): string[] {
  const [target] = readdirSync(logs)
  const text = readFileSync(join(logs, target as string, 'command.log'), 'utf8')
  return text.replace(/\n$/, '').split('\n')
}

/** Result lines at column 0 (the runner's) and one `# ` deep (the programs' own). */
function countByHand(lines: string[]): { top: string[]; nested: number; nestedFailed: number } {
  const top = lines.filter((l) => /^(not )?ok \d+ /.test(l))
  const nested = lines.filter((l) => /^# (not )?ok \d+/.test(l))
  return {
    top,
    nested: nested.length,
    nestedFailed: nested.filter((l) => /^# not ok/.test(l) && !/# SKIP/.test(l)).length,
  }
}

describe('kselftest in the guest (stock kernel, TCG)', () => {
  it('parses every collection, names every failure and agrees with an independent count', async () => {
    const [dir] = fixture('kselftest')
    const logs = tempDir()
    try {
      const run = await cli([
        '-k',
        stockKernel(),
        '--accel',
        'tcg',
        '--logs-dir',
        logs.dir,
        '--',
        // As a user runs it: the guest's /dev/std* links and re-openable command output let
        // the runner's `4>>/dev/stdout` reach the log.
        `cd ${dir} && ./run_kselftest.sh`,
      ])
      const lines = commandLog(logs.dir)
      expect(lines.length, `${run.stderr}\n${run.stdout.slice(-3000)}`).toBeGreaterThan(100)
      // The tests' own output reached the log, in place (not lost to a /dev/stdout file).
      const i = lines.indexOf('# selftests: vmtest_demo: hidden_fail.sh')
      expect(lines.slice(i, i + 7)).toContain('# [FAIL] the value was wrong')
      const s = parseKtap(lines)
      const hand = countByHand(lines)
      const list = readFileSync(join(dir as string, 'kselftest-list.txt'), 'utf8')
        .trim()
        .split('\n')
      // Complete and in order: one result per listed test, in the list's order.
      expect(hand.top.map((l) => l.replace(/^(not )?ok \d+ selftests: (\S+): (\S+).*$/, '$2:$3'))).toEqual(list)
      expect(s?.documents).toBe(new Set(list.map((t) => t.split(':')[0])).size)
      expect(s?.planned).toBe(list.length)
      expect((s?.top.passed ?? 0) + (s?.top.failed ?? 0) + (s?.top.skipped ?? 0)).toBe(hand.top.length)
      expect((s?.nested.passed ?? 0) + (s?.nested.failed ?? 0) + (s?.nested.skipped ?? 0) + (s?.nested.todo ?? 0)).toBe(
        hand.nested,
      )
      expect(s?.nested.failed).toBe(hand.nestedFailed)
      expect(s?.planProblems).toBe(0)
      const names = s?.failures.map((f) => `${f.kind} ${f.name}`) ?? []
      expect(names).toEqual(
        expect.arrayContaining([
          'fail vmtest_demo:nested_fail.sh',
          'fail vmtest_demo:nested_fail.sh/second_fails',
          'fail vmtest_demo:hidden_fail.sh/quietly_broken',
          'timeout vmtest_demo:times_out.sh',
        ]),
      )
      expect(s?.failures.find((f) => f.name === 'vmtest_demo:hidden_fail.sh/quietly_broken')?.underPassingParent).toBe(
        true,
      )
      expect(s && ktapHasFailures(s)).toBe(true)
      // run_kselftest.sh exits 0 whatever its tests did; the failing tests fail the target
      // (fail_on_test_failure), and one failed target with status 0 exits 1.
      expect(run.code).toBe(1)
    } finally {
      logs.remove()
    }
  })
})

// Through the bundled action (dist/main/index.js, `npm run bundle`), as a runner runs it:
// INPUT_* variables and the GitHub files in a temp workspace.
const bundle = join(resolve(import.meta.dirname, '../..'), 'dist/main/index.js')

function runAction(
  workspace: string,
  inputs: Record<string, string>,
): { status: number | null; stdout: string; summary: string; outputs: Record<string, string> } {
  const summary = join(workspace, '.summary.md')
  const output = join(workspace, '.output')
  writeFileSync(summary, '')
  writeFileSync(output, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_STATE: join(workspace, '.state'),
    RUNNER_TEMP: join(workspace, '.runner-temp'),
    RUNNER_TOOL_CACHE: join(workspace, '.tool-cache'),
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  const r = spawnSync(process.execPath, [bundle], { cwd: workspace, env, encoding: 'utf8', timeout: 900_000 })
  return {
    status: r.status,
    stdout: r.stdout + r.stderr,
    summary: readFileSync(summary, 'utf8'),
    outputs: parseOutputs(readFileSync(output, 'utf8')),
  }
}

/**
 * The failures in a kselftest log, counted without the parser: the runner's `not ok` lines at
 * column 0, the programs' own one `# ` deep, their `Bail out!` lines, each but `# SKIP`.
 * The top-level names are the runner's `collection:test`.
 */
function failuresByHand(lines: string[]): { top: string[]; nested: number; bailouts: number } {
  const failing = (l: string): boolean => !/#\s*SKIP/i.test(l)
  const top = lines
    .filter((l) => /^not ok \d+ /.test(l) && failing(l))
    .map((l) => l.replace(/^not ok \d+ selftests: (\S+): (\S+).*$/, '$1:$2'))
  const nested = lines.filter((l) => /^# not ok \d+/.test(l) && failing(l)).length
  const bailouts = lines.filter((l) => /^# Bail out!/.test(l)).length
  return { top, nested, bailouts }
}

describe('kselftest through the bundled action (stock kernel, TCG)', () => {
  const command = (dir: string): string => `cd ${dir} && ./run_kselftest.sh`

  it('fails the target on its failing tests (run_kselftest.sh exits 0), names every one, annotates each, counts as an independent count does', () => {
    const [dir] = fixture('kselftest')
    const ws = tempDir('vmtest-test-ksft-')
    try {
      const r = runAction(ws.dir, {
        name: 'kselftest',
        kernel: stockKernel(),
        command: command(dir as string),
        accel: 'tcg',
        install: 'none',
        cache: 'false',
        logs_dir: 'logs',
      })
      const res = (JSON.parse(r.outputs.results ?? '[]') as ResultJson[])[0] as ResultJson
      const t = (res.tests ?? {}) as TestsJson
      const lines = commandLog(join(ws.dir, 'logs'))
      const hand = failuresByHand(lines)
      expect(hand.top.length, r.stdout.slice(-3000)).toBeGreaterThan(0)
      // The target failed because its tests did; the command's own status (0) is kept.
      expect(r.status).toBe(1)
      expect(res.result).toBe('fail')
      expect(res.exit_code).toBe(0)
      expect(res.error).toMatch(/^\d+ failing tests? \(fail_on_test_failure\)$/)
      // Counts equal the independent count.
      expect(t.format).toBe('ktap')
      expect(t.failed).toBe(hand.top.length)
      expect(t.subtests?.failed).toBe(hand.nested)
      expect(t.bailouts).toBe(hand.bailouts)
      expect(t.plan_problems).toBe(0)
      expect(t.failing).toBe(hand.top.length + hand.nested + hand.bailouts)
      expect(res.error).toBe(`${t.failing} failing tests (fail_on_test_failure)`)
      // The summary: the totals, and every failing test by its full name.
      expect(r.summary).toContain(`KTAP: ${t.passed} passed, ${t.failed} failed`)
      const md = r.summary.replace(/\\/g, '')
      for (const name of hand.top)
        expect(md).toMatch(new RegExp(`- not ok \\d+ ${name.replace(/[.*+?^${}()|[\]]/g, '\\$&')}`))
      for (const name of ['vmtest_demo:nested_fail.sh/second_fails', 'vmtest_demo:hidden_fail.sh/quietly_broken'])
        expect(md).toContain(name)
      expect(md).toContain('- not ok vmtest_demo:hidden_fail.sh/quietly_broken — nested failure (parent reported ok)')
      // One error annotation per failure: GitHub shows 10 per kind, the 10th counts the rest
      // (the summary names them all, above).
      const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error '))
      const total = 1 + t.failing
      expect(errors).toHaveLength(Math.min(10, total))
      if (total > 10) expect(errors[9]).toContain(`and ${total - 9} more failures: see the job summary`)
      else
        for (const name of hand.top)
          expect(
            errors.some((e) => e.replace(/%3A/g, ':').includes(name)),
            name,
          ).toBe(true)
    } finally {
      ws.remove()
    }
  })

  it('with fail_on_test_failure false the same run passes, its failures still listed', () => {
    const [dir] = fixture('kselftest')
    const ws = tempDir('vmtest-test-ksft-')
    try {
      const r = runAction(ws.dir, {
        name: 'kselftest',
        kernel: stockKernel(),
        command: command(dir as string),
        accel: 'tcg',
        install: 'none',
        cache: 'false',
        fail_on_test_failure: 'false',
      })
      const res = (JSON.parse(r.outputs.results ?? '[]') as ResultJson[])[0] as ResultJson
      expect(r.status, r.stdout.slice(-3000)).toBe(0)
      expect(res.result).toBe('pass')
      expect(res.tests?.failing).toBeGreaterThan(0)
      expect(r.summary.replace(/\\/g, '')).toContain('vmtest_demo:hidden_fail.sh/quietly_broken')
    } finally {
      ws.remove()
    }
  })
})
