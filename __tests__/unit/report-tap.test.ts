// The one TAP/KTAP parser (analysis/ktap.ts) on the TAP fixtures the flat parser it replaced
// was tested with, and `test_output: auto`'s detection through the engine's suite watcher.
import { describe, expect, it } from 'vitest'
import { parseKtap } from '../../src/analysis/ktap.js'
import { createSuiteWatch } from '../../src/analysis/suite-watch.js'
import { fixtureLines } from '../fixtures/report/events.js'

/** What `test_output: auto` decides for the whole output. */
function detected(lines: string[]): string | undefined {
  const w = createSuiteWatch('auto')
  for (const l of lines) w.push(l)
  return w.result()?.format
}

const names = (s: ReturnType<typeof parseKtap>): string[] =>
  (s?.failures ?? []).map((f) => `${f.number ?? '-'} ${f.name}`)

describe('parseKtap: kselftest runner output (run_kselftest.sh)', () => {
  const s = parseKtap(fixtureLines('tap/kselftest-runner.txt'))

  it("counts the top-level results against the plan, and the programs' own results below them", () => {
    expect(s).toMatchObject({
      planned: 5,
      top: { passed: 1, failed: 3, skipped: 1, todo: 0 },
      nested: { passed: 1, failed: 1 },
      planProblems: 0,
    })
    expect(names(s)).toEqual([
      '2 net:reuseport_bpf',
      '2 net:reuseport_bpf/reuseport_bpf.ipv6_udp',
      '3 bpf:test_progs',
      '4 seccomp:seccomp_bpf',
    ])
  })

  it('gives each failure its own output (the lines from its `# selftests:` header on)', () => {
    const [net, sub, bpf, seccomp] = s?.failures ?? []
    expect(net?.reason).toBe('exit=1')
    expect(net?.excerpt).toContain('# reuseport_bpf.c:121: expected 4, got 0')
    expect(net?.excerpt).toContain('# not ok 2 reuseport_bpf.ipv6_udp')
    expect(net?.excerpt.some((d) => d.includes('test_progs'))).toBe(false)
    expect(sub?.excerpt).toEqual(['reuseport_bpf.c:121: expected 4, got 0'])
    expect(bpf?.excerpt).toEqual(['# selftests: bpf: test_progs', '# Warning: file test_progs is missing!'])
    expect(seccomp).toMatchObject({ kind: 'timeout', reason: 'TIMEOUT 45 seconds' })
    expect(seccomp?.excerpt.some((d) => d.includes('kvm'))).toBe(false)
  })
})

describe('parseKtap: kselftest_harness output', () => {
  it('counts XFAIL and TODO as todo and keeps the assertion in the failure', () => {
    const s = parseKtap(fixtureLines('tap/kselftest-harness.txt'))
    expect(s).toMatchObject({ planned: 4, top: { passed: 1, failed: 1, skipped: 0, todo: 2 } })
    expect(names(s)).toEqual(['2 global.mmap_huge'])
    const d = s?.failures[0]?.excerpt ?? []
    expect(d).toContain(
      '# mmap_test.c:88:mmap_huge:Expected addr (0xffffffffffffffff) != MAP_FAILED (0xffffffffffffffff)',
    )
    expect(d.some((l) => l.includes('xfail_case'))).toBe(false)
    expect(d.some((l) => l.includes('Totals'))).toBe(false)
  })
})

describe('parseKtap: KUnit KTAP with nested subtests', () => {
  it('counts top-level suites and their subtests, and names the failing subtest by its path', () => {
    const s = parseKtap(fixtureLines('tap/kunit-ktap.txt'))
    expect(s).toMatchObject({ planned: 2, top: { passed: 1, failed: 1 }, nested: { passed: 3, failed: 1, skipped: 1 } })
    expect(names(s)).toEqual(['1 example', '2 example/example_fail_test'])
    const d = s?.failures[1]?.excerpt ?? []
    expect(d).toContain('# example_fail_test: EXPECTATION FAILED at lib/kunit/kunit-example-test.c:30')
    expect(d).toContain('    1 + 1 == 2 (0x2)')
    // The passing suite's nested results do not leak into the failure.
    expect(s?.failures.flatMap((f) => f.excerpt).some((l) => l.includes('list_test'))).toBe(false)
    expect(s?.skips).toEqual([
      { name: 'example/example_skip_test', reason: 'this test should be skipped', nested: true },
    ])
  })
})

describe('parseKtap: TAP 14', () => {
  const s = parseKtap(fixtureLines('tap/tap14-yaml.txt'))
  it('counts, with a nested group marked TODO', () => {
    expect(s).toMatchObject({ planned: 4, top: { passed: 1, failed: 2, skipped: 0, todo: 1 } })
    expect(names(s)).toEqual(['2 parses # escaped names', '2 nested group/inner two', '4 network'])
  })
  it('takes the YAML block and the trailing comments (TAP puts them after the result)', () => {
    expect(s?.failures[0]?.excerpt).toEqual([
      "message: 'expected 3 got 4'",
      'severity: fail',
      'at:',
      'file: test/parse.c',
      'line: 42',
    ])
    expect(s?.failures[2]?.excerpt).toEqual(['# connect(): Connection refused', '# retrying did not help'])
  })
})

describe('parseKtap: edge cases', () => {
  it('Bail out! stops the document and counts as a failure', () => {
    const s = parseKtap(fixtureLines('tap/bail-out.txt'))
    expect(s).toMatchObject({ planned: 10, top: { passed: 1 }, bailouts: 1 })
    expect(s?.failures).toEqual([
      {
        name: 'TAP document 1',
        kind: 'bail',
        reason: 'Bail out! could not mount the test disk',
        nested: false,
        underPassingParent: false,
        excerpt: ['# mounting /dev/vdb'],
      },
    ])
  })

  it('reports a plan that was not met (the run died part-way)', () => {
    const s = parseKtap(['TAP version 13', '1..3', 'ok 1 a', 'ok 2 b'])
    expect(s).toMatchObject({ planned: 3, top: { passed: 2, failed: 0 }, planProblems: 1 })
    expect(s?.failures.map((f) => f.reason)).toEqual(['planned 3 tests but 2 ran'])
  })

  it('accepts a trailing plan and a test point without a number or description', () => {
    expect(parseKtap(['ok', 'not ok', '1..2'])).toMatchObject({
      planned: 2,
      top: { passed: 1, failed: 1 },
      planProblems: 0,
      failures: [{ name: '#?' }],
    })
  })

  it.each([
    ['ok 1 - a # skip no network', { skipped: 1 }],
    ['ok 1 a # SKIPPED: not root', { skipped: 1 }],
    ['not ok 1 a # SKIP', { skipped: 1, failed: 0 }],
    ['not ok 1 a # TODO later', { todo: 1, failed: 0 }],
    ['ok 1 # XFAIL a', { todo: 1, passed: 0 }],
    ['not ok 1 a # TIMEOUT 30 seconds', { failed: 1 }],
    ['ok 5 check return code # rcode=0', { passed: 1 }],
  ])('directive %j', (line, counts) => {
    expect(parseKtap(['TAP version 13', '1..1', line.replace(/^(ok|not ok) \d+/, '$1 1')])?.top).toMatchObject(counts)
  })

  it('ignores what comes before the TAP starts and returns undefined without TAP', () => {
    expect(parseKtap(['make: nothing to be done', 'all good'])).toBeUndefined()
    const s = parseKtap(['cc -o test test.c', 'ok this is build noise?', 'TAP version 13'])
    expect(s?.top).toMatchObject({ passed: 1 })
  })

  it('finds TAP whose first lines are coloured or carry stray control characters', () => {
    // Each first line reads as TAP only once cleaned.
    expect(
      parseKtap(['\x1b[1mbuilding\x1b[0m', '1\x1b[0m..2', 'o\x00k 1 - first', '\x1b[31mnot ok\x1b[0m 2 - second']),
    ).toMatchObject({ planned: 2, top: { passed: 1, failed: 1 } })
    expect(parseKtap(['T\x1b[0mAP version 13', 'ok 1'])?.top).toMatchObject({ passed: 1 })
    expect(parseKtap(['o\x07k 1 - bell', '1..1'])).toMatchObject({ planned: 1, top: { passed: 1 } })
  })

  it('is streaming: result() mid-stream does not disturb the final result', () => {
    const lines = fixtureLines('tap/tap14-yaml.txt')
    const w = createSuiteWatch('tap')
    const seen: (number | undefined)[] = []
    for (const l of lines) {
      w.push(l)
      const r = w.result()
      seen.push(r?.format === 'ktap' ? r.top.failed : undefined)
    }
    expect(w.result()).toEqual({ format: 'ktap', ...parseKtap(lines) })
    expect(seen.at(-1)).toBe(2)
    expect(seen[0]).toBe(0)
  })

  it('bounds the output kept for a failure followed by huge output', () => {
    const s = parseKtap([
      'TAP version 13',
      '1..1',
      'not ok 1 big',
      ...Array.from({ length: 10_000 }, (_, i) => `# line ${i}`),
    ])
    expect(s?.failures[0]?.excerpt.length).toBeLessThanOrEqual(40)
    expect(s?.failures[0]?.excerpt[0]).toBe('# line 0')
  })
})

describe('test_output: auto', () => {
  it.each([
    [['TAP version 13'], 'ktap'],
    [['KTAP version 1', '1..0'], 'ktap'],
    [['1..2', 'ok 1 a', 'ok 2 b'], 'ktap'],
    [['ok 1 a'], undefined],
    [['everything is ok', '1..2 items'], undefined],
    [['make[1]: ok', 'building...'], undefined],
    [['#1 align:OK', 'Summary: 1/0 PASSED, 0 SKIPPED, 0 FAILED'], 'test_progs'],
    [['#0/p invalid and of negative number OK', 'Summary: 1 PASSED, 0 SKIPPED, 0 FAILED'], 'bpf_summary'],
  ])('%j → %s', (lines, expected) => {
    expect(detected(lines)).toBe(expected)
  })
  it('finds TAP in real kselftest output after build noise', () => {
    expect(detected(fixtureLines('tap/kselftest-runner.txt'))).toBe('ktap')
  })
})
