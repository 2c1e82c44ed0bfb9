import { describe, expect, it } from 'vitest'
import { parseTap, TapWatch } from '../../src/analysis/tap.js'
import { fixtureLines } from '../fixtures/report/events.js'

/** What `test_output: auto` decides for the whole output. */
function looksLikeTap(lines: string[]): boolean {
  const w = new TapWatch()
  for (const l of lines) w.push(l)
  return w.looksLikeTap
}

const names = (s: ReturnType<typeof parseTap>): string[] => (s?.failures ?? []).map((f) => `${f.number ?? '-'} ${f.name}`)

describe('parseTap: kselftest runner output (run_kselftest.sh)', () => {
  const s = parseTap(fixtureLines('tap/kselftest-runner.txt'))

  it('counts the top-level results against the plan', () => {
    expect(s).toMatchObject({ planned: 5, passed: 1, failed: 3, skipped: 1, todo: 0 })
    expect(names(s)).toEqual(['2 selftests: net: reuseport_bpf', '3 selftests: bpf: test_progs', '4 selftests: seccomp: seccomp_bpf'])
  })

  it("gives each failure its own output (the lines from its `# selftests:` header on)", () => {
    const [net, bpf, seccomp] = s?.failures ?? []
    expect(net?.diagnostics[0]).toBe('# exit=1')
    expect(net?.diagnostics).toContain('# reuseport_bpf.c:121: expected 4, got 0')
    expect(net?.diagnostics).toContain('# not ok 2 reuseport_bpf.ipv6_udp')
    expect(net?.diagnostics.some((d) => d.includes('test_progs'))).toBe(false)
    expect(bpf?.diagnostics).toEqual(['# selftests: bpf: test_progs', '# Warning: file test_progs is missing!'])
    expect(seccomp?.diagnostics[0]).toBe('# TIMEOUT 45 seconds')
    expect(seccomp?.diagnostics.some((d) => d.includes('kvm'))).toBe(false)
  })
})

describe('parseTap: kselftest_harness output', () => {
  it('counts XFAIL and TODO as todo and attaches the assertion to the failure', () => {
    const s = parseTap(fixtureLines('tap/kselftest-harness.txt'))
    expect(s).toMatchObject({ planned: 4, passed: 1, failed: 1, skipped: 0, todo: 2 })
    expect(names(s)).toEqual(['2 global.mmap_huge'])
    const d = s?.failures[0]?.diagnostics ?? []
    expect(d).toContain('# mmap_test.c:88:mmap_huge:Expected addr (0xffffffffffffffff) != MAP_FAILED (0xffffffffffffffff)')
    expect(d.some((l) => l.includes('xfail_case'))).toBe(false)
    expect(d.some((l) => l.includes('Totals'))).toBe(false)
  })
})

describe('parseTap: KUnit KTAP with nested subtests', () => {
  it('counts top-level suites and reports failing subtests as diagnostics of their suite', () => {
    const s = parseTap(fixtureLines('tap/kunit-ktap.txt'))
    expect(s).toMatchObject({ planned: 2, passed: 1, failed: 1, skipped: 0, todo: 0 })
    expect(names(s)).toEqual(['1 example'])
    const d = s?.failures[0]?.diagnostics ?? []
    expect(d).toContain('not ok 2 example_fail_test')
    expect(d).toContain('  # example_fail_test: EXPECTATION FAILED at lib/kunit/kunit-example-test.c:30')
    expect(d).toContain('  1 + 1 == 2 (0x2)')
    // The passing suite's nested results do not leak into the failure.
    expect(d.some((l) => l.includes('list_test'))).toBe(false)
  })
})

describe('parseTap: TAP 14', () => {
  const s = parseTap(fixtureLines('tap/tap14-yaml.txt'))
  it('counts, with a nested group marked TODO', () => {
    expect(s).toMatchObject({ planned: 4, passed: 1, failed: 2, skipped: 0, todo: 1 })
    expect(names(s)).toEqual(['2 parses # escaped names', '4 network'])
  })
  it('takes the YAML block and the trailing comments as diagnostics', () => {
    expect(s?.failures[0]?.diagnostics).toEqual([
      "message: 'expected 3 got 4'",
      'severity: fail',
      'at:',
      '  file: test/parse.c',
      '  line: 42',
    ])
    expect(s?.failures[1]?.diagnostics).toEqual(['# connect(): Connection refused', '# retrying did not help'])
  })
})

describe('parseTap: edge cases', () => {
  it('Bail out! stops parsing and counts as a failure', () => {
    const s = parseTap(fixtureLines('tap/bail-out.txt'))
    expect(s).toMatchObject({ planned: 10, passed: 1, failed: 1 })
    expect(s?.failures).toEqual([{ name: 'Bail out! could not mount the test disk', diagnostics: ['# mounting /dev/vdb'] }])
  })

  it('reports a plan that was not met (the run died part-way)', () => {
    const s = parseTap(['TAP version 13', '1..3', 'ok 1 a', 'ok 2 b'])
    expect(s).toMatchObject({ planned: 3, passed: 2, failed: 1 })
    expect(s?.failures.map((f) => f.name)).toEqual(['planned 3 tests but 2 ran'])
  })

  it('accepts a trailing plan and a test point without a number or description', () => {
    expect(parseTap(['ok', 'not ok', '1..2'])).toMatchObject({ planned: 2, passed: 1, failed: 1, failures: [{ name: '', diagnostics: [] }] })
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
    expect(parseTap(['TAP version 13', '1..1', line.replace(/^(ok|not ok) \d+/, '$1 1')])).toMatchObject(counts)
  })

  it('ignores what comes before the TAP starts and returns undefined without TAP', () => {
    expect(parseTap(['make: nothing to be done', 'all good'])).toBeUndefined()
    const s = parseTap(['cc -o test test.c', 'ok this is build noise?', 'TAP version 13'])
    expect(s).toMatchObject({ passed: 1 })
  })

  it('finds TAP whose first lines are coloured or carry stray control characters', () => {
    // Each first line reads as TAP only once cleaned.
    expect(parseTap(['\x1b[1mbuilding\x1b[0m', '1\x1b[0m..2', 'o\x00k 1 - first', '\x1b[31mnot ok\x1b[0m 2 - second'])).toMatchObject({ planned: 2, passed: 1, failed: 1 })
    expect(parseTap(['T\x1b[0mAP version 13', 'ok 1'])).toMatchObject({ passed: 1 })
    expect(parseTap(['o\x07k 1 - bell', '1..1'])).toMatchObject({ planned: 1, passed: 1 })
  })

  it('is streaming: result() mid-stream does not disturb the final result', () => {
    const lines = fixtureLines('tap/tap14-yaml.txt')
    const p = new TapWatch()
    const seen: (number | undefined)[] = []
    for (const l of lines) {
      p.push(l)
      seen.push(p.result()?.failed)
    }
    expect(p.result()).toEqual(parseTap(lines))
    expect(seen.at(-1)).toBe(2)
    expect(seen[0]).toBe(0)
  })

  it('bounds diagnostics for a failure followed by huge output', () => {
    const s = parseTap(['TAP version 13', '1..1', 'not ok 1 big', ...Array.from({ length: 10_000 }, (_, i) => `# line ${i}`)])
    expect(s?.failures[0]?.diagnostics.length).toBeLessThanOrEqual(60)
    expect(s?.failures[0]?.diagnostics[0]).toBe('# line 0')
  })
})

describe('looksLikeTap', () => {
  it.each([
    [['TAP version 13'], true],
    [['KTAP version 1', '1..0'], true],
    [['1..2', 'ok 1 a', 'ok 2 b'], true],
    [['ok 1 a'], false],
    [['everything is ok', '1..2 items'], false],
    [['    TAP version 13'], false],
    [['make[1]: ok', 'building...'], false],
  ])('%j → %s', (lines, expected) => {
    expect(looksLikeTap(lines)).toBe(expected)
  })
  it('finds TAP in real kselftest output after build noise', () => {
    expect(looksLikeTap(fixtureLines('tap/kselftest-runner.txt'))).toBe(true)
  })
})
