// The BPF selftests for real: test_progs and test_verifier from Debian's linux-source-6.1
// (.ci/fixtures/build-bpf-selftests.sh, built for the stock kernel, bpf_testmod.ko included)
// run in a TCG guest on that kernel. Their output is parsed by analysis/test-progs.ts and
// analysis/bpf-summaries.ts and checked against an independent count of the command log.
// A few tests, not the whole suite (about 10 minutes under TCG): among them bpf_cookie, which
// fails on this kernel (its fmod_ret program does not load), and test_progs' self-test, which
// fails a subtest and then clears it. Not `-j`: parallel workers soft-lock the 2-vCPU TCG
// guest here (the parallel format is covered by the parser's fixtures).
import { describe, expect, it } from 'vitest'
import { parseCliArgs } from '../../src/cli/args.js'
import { planFromCli } from '../../src/cli/plan.js'
import { runPlan } from '../../src/engine/run.js'
import type { TargetResult } from '../../src/plan/events.js'
import { fixture, stockKernel } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'
import { countTestProgsResults } from '../fixtures/test-progs-count.js'

usePrivateTmp()

const TESTS = 'atomics,bpf_cookie,map_init,prog_tests_framework,find_vma'

/** The command through the engine (as the CLI runs it): its result and output lines. */
async function runInGuest(command: string): Promise<{ result: TargetResult; lines: string[] }> {
  const plan = planFromCli(
    parseCliArgs(['-k', stockKernel(), '--accel', 'tcg', '--', command]),
    process.cwd(),
    process.env,
  )
  const lines: string[] = []
  const [result] = await runPlan({ plan, sink: (e) => void (e.type === 'output' && lines.push(e.line)) })
  return { result: result as TargetResult, lines }
}

describe('BPF selftests in the guest (stock kernel, TCG)', () => {
  it('test_progs: a failing test fails the target, every result counted as an independent count finds them', async () => {
    const [dir] = fixture('bpf-selftests')
    const { result, lines } = await runInGuest(`cd ${dir} && ./test_progs -t ${TESTS}`)
    const hand = countTestProgsResults(lines)
    const tests = result.tests
    expect(tests?.format, lines.slice(-40).join('\n')).toBe('test_progs')
    if (tests?.format !== 'test_progs') return
    expect(tests.tests).toEqual({ passed: hand.tests.OK, skipped: hand.tests.SKIP, failed: hand.tests.FAIL })
    expect(tests.subtests).toEqual({
      passed: hand.subtests.OK,
      skipped: hand.subtests.SKIP,
      failed: hand.subtests.FAIL,
    })
    // The program's own summary line, as printed.
    const summary = lines.find((l) => l.startsWith('Summary: '))
    expect(summary).toBe(
      `Summary: ${tests.reported?.passed}/${tests.reported?.subtestsPassed} PASSED, ${tests.reported?.skipped} SKIPPED, ${tests.reported?.failed} FAILED`,
    )
    expect(tests.reported?.failed).toBe(1)
    // bpf_cookie fails with the log printed before its result; the self-test's cleared
    // subtest failure is shown but not counted.
    const cookie = tests.failures.find((f) => f.name === 'bpf_cookie')
    expect(cookie?.excerpt.join('\n')).toContain('test_bpf_cookie:FAIL:skel_open')
    expect(tests.failures.find((f) => f.name.startsWith('prog_tests_framework/'))).toMatchObject({
      underPassingParent: true,
    })
    expect(result.result).toBe('fail')
    // test_progs exits 1 on a failing test: the target fails on that (the failing-test rule
    // only adds to a command that exited 0).
    expect(result.exitCode).toBe(1)
    expect(result.error).toBe('Command failed with exit code: 1')
  })

  it('test_verifier: its cases and summary line', async () => {
    const [dir] = fixture('bpf-selftests')
    const { result, lines } = await runInGuest(`cd ${dir} && ./test_verifier 0 99`)
    const tests = result.tests
    expect(tests?.format, lines.slice(-20).join('\n')).toBe('bpf_summary')
    if (tests?.format !== 'bpf_summary') return
    const hand = { OK: 0, SKIP: 0, FAIL: 0 } as Record<string, number>
    for (const l of lines) {
      const m = /^#\d+\/[up] .* (OK|SKIP|FAIL)\b/.exec(l)
      if (m) hand[m[1] as string]++
    }
    expect(tests.program).toBe('test_verifier')
    expect({ passed: tests.passed, skipped: tests.skipped, failed: tests.failed }).toEqual({
      passed: hand.OK,
      skipped: hand.SKIP,
      failed: hand.FAIL,
    })
    expect(lines.at(-1)).toBe(
      `Summary: ${tests.reported?.passed} PASSED, ${tests.reported?.skipped} SKIPPED, ${tests.reported?.failed} FAILED`,
    )
    expect(tests.passed).toBeGreaterThan(50)
  })
})
