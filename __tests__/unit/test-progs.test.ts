// Fixtures here are hand-written from the printf formats in the kernel's test_progs.c,
// test_verifier.c and test_maps.c (see __tests__/fixtures/suites/README.md): test_progs could
// not be built on this machine.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createBpfSummaryParser } from '../../src/analysis/bpf-summaries.js'
import { detectSuiteFormat } from '../../src/analysis/suite-format.js'
import { createTestProgsParser, parseTestProgs, parseTestProgsJson } from '../../src/analysis/test-progs.js'

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
