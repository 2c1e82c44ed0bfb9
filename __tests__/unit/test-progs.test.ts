// The `test_progs-6.1-*` fixtures are real output: Debian's linux-source-6.1 selftests built
// here (.ci/fixtures/build-bpf-selftests.sh) and run in a TCG guest on Debian's stock kernel.
// The small hand-written ones follow the printf formats of newer kernels (parallel mode's
// `OK (SKIP: n/m)`, the -J JSON summary); see __tests__/fixtures/suites/README.md.
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createBpfSummaryParser } from '../../src/analysis/bpf-summaries.js'
import { detectSuiteFormat } from '../../src/analysis/suite-format.js'
import { createTestProgsParser, parseTestProgs, parseTestProgsJson } from '../../src/analysis/test-progs.js'
import { failingTestCount } from '../../src/plan/test-results.js'
import { countTestProgsResults } from '../fixtures/test-progs-count.js'

const text = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/suites/${name}`, import.meta.url)), 'utf8')
const lines = (name: string): string[] => text(name).replace(/\n$/, '').split('\n')

describe('parseTestProgs', () => {
  it('counts tests and subtests once, the repeated error-log section included', () => {
    const s = parseTestProgs(lines('test_progs-serial.txt'))
    expect(s?.tests).toEqual({ passed: 3, skipped: 2, failed: 2 })
    expect(s?.subtests).toEqual({ passed: 5, skipped: 1, failed: 2 })
    expect(s?.reported).toEqual({ passed: 5, subtestsPassed: 5, skipped: 2, failed: 2 })
    expect(s?.failures.map((f) => `${f.number} ${f.name}`)).toEqual([
      '10/2 bpf_cookie/multi_kprobe_link_api',
      '10/8 bpf_cookie/lsm',
      '10 bpf_cookie',
      '61 deny_namespace',
    ])
  })

  it("keeps each failure's own log: the lines printed before its result", () => {
    const s = parseTestProgs(lines('test_progs-serial.txt'))
    const f = new Map(s?.failures.map((x) => [x.number, x.excerpt]))
    expect(f.get('10/2')).toContain('kprobe_multi_link_api_subtest:FAIL:fentry_raw_skel_load unexpected error: -3')
    expect(f.get('10/8')).toEqual([
      'lsm_subtest:PASS:lsm.link_create 0 nsec',
      'lsm_subtest:FAIL:stack_mprotect unexpected stack_mprotect: actual 0 != expected -1',
    ])
    expect(f.get('61')).toEqual(['test_deny_namespace:FAIL:create_user_ns unexpected error: -1 (errno 1)'])
  })

  it('reads parallel mode (completion order, `OK (SKIP: n/m)`) the same way', () => {
    const s = parseTestProgs(lines('test_progs-parallel.txt'))
    expect(s?.tests).toEqual({ passed: 4, skipped: 0, failed: 1 })
    expect(s?.subtests).toEqual({ passed: 4, skipped: 1, failed: 0 })
    expect(s?.failures.map((f) => f.name)).toEqual(['deny_namespace'])
    expect(s?.reported).toEqual({ passed: 4, subtestsPassed: 4, skipped: 1, failed: 1 })
  })

  it('gives the same result line by line and is detected as test_progs', () => {
    const p = createTestProgsParser()
    for (const l of lines('test_progs-serial.txt')) {
      p.push(l)
      p.result()
    }
    expect(p.result()).toEqual(parseTestProgs(lines('test_progs-serial.txt')))
    expect(detectSuiteFormat(lines('test_progs-serial.txt'))).toBe('test_progs')
    expect(parseTestProgs(['no results here'])).toBeUndefined()
  })

  it('reads the -J JSON summary', () => {
    const s = parseTestProgsJson(text('test_progs-summary.json'))
    expect(s?.reported).toEqual({ passed: 29, subtestsPassed: 23, skipped: 3, failed: 2 })
    expect(s?.failures.map((f) => `${f.number} ${f.name}`)).toEqual([
      '10 bpf_cookie',
      '10/2 bpf_cookie/multi_kprobe_link_api',
      '10/8 bpf_cookie/lsm',
      '61 deny_namespace',
    ])
    expect(s?.failures[1]?.excerpt).toContain(
      'kprobe_multi_link_api_subtest:FAIL:fentry_raw_skel_load unexpected error: -3',
    )
    expect(parseTestProgsJson('{"success": "x"}')).toBeUndefined()
    expect(parseTestProgsJson('not json')).toBeUndefined()
  })
})

const gz = (name: string): string[] =>
  gunzipSync(readFileSync(fileURLToPath(new URL(`../fixtures/suites/${name}`, import.meta.url))))
    .toString('utf8')
    .replace(/\n$/, '')
    .split('\n')

describe('real test_progs output (6.1 selftests, stock kernel, TCG guest)', () => {
  const full = gz('test_progs-6.1-full.txt.gz')

  it('a whole serial run: every result counted once, as an independent count finds them', () => {
    const s = parseTestProgs(full)
    const want = countTestProgsResults(full)
    expect(s?.tests).toEqual({ passed: want.tests.OK, skipped: want.tests.SKIP, failed: want.tests.FAIL })
    expect(s?.subtests).toEqual({
      passed: want.subtests.OK,
      skipped: want.subtests.SKIP,
      failed: want.subtests.FAIL,
    })
    // The program's own line (its SKIPPED counts skipped subtests and tests that skipped).
    expect(s?.reported).toEqual({ passed: 236, subtestsPassed: 1267, skipped: 48, failed: 34 })
    expect((s?.tests.passed ?? 0) + (s?.tests.skipped ?? 0)).toBe(s?.reported?.passed)
    expect(s?.failures.filter((f) => !f.subtest)).toHaveLength(34)
    expect(detectSuiteFormat(full.slice(0, 50))).toBe('test_progs')
  })

  it("keeps each failure's own log, from before its result line", () => {
    const s = parseTestProgs(full)
    const byName = new Map(s?.failures.map((f) => [f.name, f.excerpt]))
    // bpf_cookie fails on this kernel: its fmod_ret program does not load.
    expect(byName.get('bpf_cookie')).toContain('test_bpf_cookie:FAIL:skel_open unexpected error: -22')
    expect(s?.failures.every((f) => f.excerpt.length > 0 || f.underPassingParent)).toBe(true)
  })

  it("a subtest failure its own test clears (the framework's self-test) is shown, not counted", () => {
    const s = parseTestProgs(full)!
    const framework = s.failures.filter((f) => f.name.startsWith('prog_tests_framework'))
    expect(framework).toEqual([expect.objectContaining({ number: '139/4', underPassingParent: true })])
    expect(s.subtestsUnderPassing).toBe(1)
    expect(failingTestCount({ format: 'test_progs', ...s })).toBe(s.tests.failed + s.subtests.failed - 1)
    // The same lines with the parent failing: counted.
    const failed = parseTestProgs(['#1/1     t/a:FAIL', '#1       t:FAIL'])!
    expect(failed.subtestsUnderPassing).toBeUndefined()
    expect(failingTestCount({ format: 'test_progs', ...failed })).toBe(2)
  })
})

describe('real test_verifier output (6.1 selftests, stock kernel, TCG guest)', () => {
  it('a whole run: every case counted by its last word, as the program counted them', () => {
    const all = gz('test_verifier-6.1-full.txt.gz')
    const p = createBpfSummaryParser()
    for (const l of all) p.push(l)
    const s = p.result()
    const last = (l: string): string => l.slice(l.lastIndexOf(' ') + 1)
    const cases = all.filter((l) => /^#\d+\/[up] /.test(l))
    expect(s).toMatchObject({
      program: 'test_verifier',
      passed: cases.filter((l) => last(l) === 'OK').length,
      skipped: cases.filter((l) => last(l) === 'SKIP').length,
      failed: 0,
      reported: { passed: 1365, skipped: 647, failed: 0 },
    })
    expect((s?.passed ?? 0) + (s?.skipped ?? 0)).toBe(cases.length)
    expect(detectSuiteFormat(all.slice(0, 50))).toBe('bpf_summary')
  })
})

describe('BPF summaries: test_verifier and test_maps', () => {
  const run = (ls: string[]) => {
    const p = createBpfSummaryParser()
    for (const l of ls) p.push(l)
    return p.result()
  }

  it('counts test_verifier cases and keeps the explanation after a FAIL', () => {
    const s = run(lines('test_verifier.txt'))
    expect(s).toMatchObject({
      program: 'test_verifier',
      passed: 4,
      skipped: 1,
      failed: 2,
      reported: { passed: 4, skipped: 1, failed: 2 },
    })
    expect(s?.failures.map((f) => f.name)).toEqual([
      '#3/p unpriv: return pointer',
      '#4/p calls: overlapping caller/callee',
    ])
    expect(s?.failures[0]?.excerpt).toContain('Unexpected error message!')
    expect(s?.failures[1]?.excerpt).toEqual(['FAIL retval 1 != 2'])
    expect(detectSuiteFormat(lines('test_verifier.txt'))).toBe('bpf_summary')
  })

  it('reads test_maps: its failing check, or its OK line', () => {
    const s = run(lines('test_maps-fail.txt'))
    expect(s).toMatchObject({ program: 'test_maps', passed: 0, failed: 1 })
    expect(s?.failures[0]?.name).toBe('test_map_parallel:1387')
    expect(s?.failures[0]?.excerpt.at(-1)).toBe('test_map_parallel(1387):FAIL:map_update_elem key=0 failed, errno 7')
    expect(run(['test_array_map_batch_ops:PASS', 'test_maps: OK, 3 SKIPPED'])).toMatchObject({
      passed: 1,
      skipped: 3,
      failed: 0,
    })
  })
})
