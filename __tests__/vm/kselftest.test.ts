// kselftest for real: collections built from Debian's linux-source-6.1 (.ci/fixtures/
// build-kselftest.sh, with the deliberately failing `vmtest_demo` collection) run by
// run_kselftest.sh in a TCG guest on the stock kernel; the command's output is parsed by
// analysis/ktap.ts and checked against an independent count of the same log.
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ktapHasFailures, parseKtap } from '../../src/analysis/ktap.js'
import { cli, fixture, stockKernel, tempDir } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'

usePrivateTmp()

/** The guest lacks /dev/std* links and its stdout (the virtio port) cannot be reopened
 *  (runner.sh's `4>>/dev/stdout`): until the guest init provides both, the command does. */
const WORKAROUND = 'for n in stdin:0 stdout:1 stderr:2; do rm -f /dev/${n%:*}; ln -s /proc/self/fd/${n#*:} /dev/${n%:*}; done; ln -sfn /proc/self/fd /dev/fd;'

function commandLog(logs: string): string[] {
  const [target] = readdirSync(logs)
  const text = readFileSync(join(logs, target as string, 'command.log'), 'utf8')
  return text.replace(/\n$/, '').split('\n')
}

/** Result lines at column 0 (the runner's) and one `# ` deep (the programs' own). */
function countByHand(lines: string[]): { top: string[]; nested: number; nestedFailed: number } {
  const top = lines.filter((l) => /^(not )?ok \d+ /.test(l))
  const nested = lines.filter((l) => /^# (not )?ok \d+/.test(l))
  return { top, nested: nested.length, nestedFailed: nested.filter((l) => /^# not ok/.test(l) && !/# SKIP/.test(l)).length }
}

describe('kselftest in the guest (stock kernel, TCG)', () => {
  it('parses every collection, names every failure and agrees with an independent count', async () => {
    const [dir] = fixture('kselftest')
    const logs = tempDir()
    try {
      const run = await cli(['-k', stockKernel(), '--accel', 'tcg', '--logs-dir', logs.dir, '--', `${WORKAROUND} cd ${dir} && ./run_kselftest.sh 2>&1 | cat`])
      const lines = commandLog(logs.dir)
      expect(lines.length, `${run.stderr}\n${run.stdout.slice(-3000)}`).toBeGreaterThan(100)
      const s = parseKtap(lines)
      const hand = countByHand(lines)
      const list = readFileSync(join(dir as string, 'kselftest-list.txt'), 'utf8').trim().split('\n')
      // Complete and in order: one result per listed test, in the list's order.
      expect(hand.top.map((l) => l.replace(/^(not )?ok \d+ selftests: (\S+): (\S+).*$/, '$2:$3'))).toEqual(list)
      expect(s?.documents).toBe(new Set(list.map((t) => t.split(':')[0])).size)
      expect(s?.planned).toBe(list.length)
      expect((s?.top.passed ?? 0) + (s?.top.failed ?? 0) + (s?.top.skipped ?? 0)).toBe(hand.top.length)
      expect((s?.nested.passed ?? 0) + (s?.nested.failed ?? 0) + (s?.nested.skipped ?? 0) + (s?.nested.todo ?? 0)).toBe(hand.nested)
      expect(s?.nested.failed).toBe(hand.nestedFailed)
      expect(s?.planProblems).toBe(0)
      const names = s?.failures.map((f) => `${f.kind} ${f.name}`) ?? []
      expect(names).toEqual(expect.arrayContaining([
        'fail vmtest_demo:nested_fail.sh',
        'fail vmtest_demo:nested_fail.sh/second_fails',
        'fail vmtest_demo:hidden_fail.sh/quietly_broken',
        'timeout vmtest_demo:times_out.sh',
      ]))
      expect(s?.failures.find((f) => f.name === 'vmtest_demo:hidden_fail.sh/quietly_broken')?.underPassingParent).toBe(true)
      expect(s && ktapHasFailures(s)).toBe(true)
      // run_kselftest.sh exits 0 whatever its tests did: today the target passes.
      expect(run.code).toBe(0)
    } finally {
      logs.remove()
    }
  })

  // Needs the guest init's /dev/std* and /dev/fd links, re-openable command output, and
  // fail_on_test_failure (CLI flag). Skipped, with this reason, until the CLI offers the
  // flag; it runs (and can fail) as soon as it does.
  it.skipIf(!cliHelpHas('fail-on-test-failure'))('runs run_kselftest.sh as the plain command and fails the target on its failures (needs the issue-14 wiring)', async () => {
    const [dir] = fixture('kselftest')
    const logs = tempDir()
    try {
      const run = await cli(['-k', stockKernel(), '--accel', 'tcg', '--logs-dir', logs.dir, '--', `cd ${dir} && ./run_kselftest.sh`])
      const lines = commandLog(logs.dir)
      // The tests' own output reached the log, in place (not lost to a /dev/stdout file).
      const i = lines.indexOf('# selftests: vmtest_demo: hidden_fail.sh')
      expect(lines.slice(i, i + 7)).toContain('# [FAIL] the value was wrong')
      expect(run.code).not.toBe(0)
    } finally {
      logs.remove()
    }
  })
})

function cliHelpHas(flag: string): boolean {
  const help = execFileSync('node', [join(import.meta.dirname, '../../bin/vmtest.js'), '--help'], { encoding: 'utf8' })
  return help.includes(flag)
}
