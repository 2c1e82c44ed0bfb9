import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createKtapParser, ktapHasFailures, parseKtap } from '../../src/analysis/ktap.js'
import { detectSuiteFormat } from '../../src/analysis/suite-format.js'

const lines = (name: string): string[] => {
  const text = readFileSync(fileURLToPath(new URL(`../fixtures/suites/${name}`, import.meta.url)), 'utf8')
  return text.split('\n').filter((l, i, a) => i < a.length - 1 || l !== '')
}

/** An independent count of kselftest runner output: result lines at column 0 and one `# ` deep. */
function countByHand(ls: string[]): { top: Record<string, number>; nested: Record<string, number> } {
  const top = { passed: 0, failed: 0, skipped: 0, plans: 0 }
  const nested = { passed: 0, failed: 0, skipped: 0 }
  for (const l of ls) {
    if (/^1\.\.\d+$/.test(l)) top.plans += Number(l.slice(3))
    const m = /^(# )?(not ok|ok) \d+/.exec(l)
    if (!m) continue
    const c = m[1] ? nested : top
    if (/# SKIP/.test(l)) c.skipped++
    else if (m[2] === 'ok') c.passed++
    else c.failed++
  }
  return { top, nested }
}

describe('parseKtap: real run_kselftest.sh output (host)', () => {
  const ls = lines('kselftest-host.txt')
  const s = parseKtap(ls)

  it("counts every collection's plan and equals an independent count", () => {
    const hand = countByHand(ls)
    expect(s?.documents).toBe(7)
    expect(s?.planned).toBe(hand.top.plans)
    expect(s?.top).toEqual({ passed: hand.top.passed, failed: hand.top.failed, skipped: hand.top.skipped, todo: 0 })
    expect(s?.nested).toMatchObject({
      passed: hand.nested.passed,
      failed: hand.nested.failed,
      skipped: hand.nested.skipped,
    })
    expect(s?.planProblems).toBe(0)
    expect(s?.failures.some((f) => /planned/.test(f.reason ?? ''))).toBe(false)
  })

  it('names every failure by its full path, nested ones under their parent', () => {
    expect(s?.failures.map((f) => `${f.kind} ${f.name}${f.underPassingParent ? ' (hidden)' : ''}`)).toEqual([
      'fail openat2:resolve_test',
      'bail openat2:resolve_test',
      'fail vmtest_demo:nested_fail.sh',
      'fail vmtest_demo:nested_fail.sh/second_fails',
      'fail vmtest_demo:hidden_fail.sh/quietly_broken (hidden)',
      'timeout vmtest_demo:times_out.sh',
    ])
    expect(s && ktapHasFailures(s)).toBe(true)
  })

  it('keeps reasons, skips and the lines that explain a failure', () => {
    const byName = new Map(s?.failures.map((f) => [`${f.kind} ${f.name}`, f]))
    expect(byName.get('bail openat2:resolve_test')?.reason).toMatch(/^Bail out! resolve_test.c:54 mount failed/)
    expect(byName.get('timeout vmtest_demo:times_out.sh')?.reason).toBe('TIMEOUT 3 seconds')
    expect(byName.get('fail vmtest_demo:hidden_fail.sh/quietly_broken')?.excerpt).toContain(
      '[FAIL] the value was wrong',
    )
    expect(byName.get('fail vmtest_demo:nested_fail.sh')?.excerpt).toContain('# # expected 4, got 5')
    expect(s?.skips).toEqual([
      { name: 'mincore:mincore_selftest/global.check_huge_pages', reason: 'No huge pages available.', nested: true },
      { name: 'vmtest_demo:nested_fail.sh/third_skips', reason: 'no such device', nested: true },
      { name: 'vmtest_demo:skips.sh', reason: '', nested: false },
    ])
  })

  it('gives the same result line by line, mid-stream calls included', () => {
    const p = createKtapParser()
    ls.forEach((l, i) => {
      p.push(l)
      if (i % 37 === 0) p.result()
    })
    expect(p.result()).toEqual(s)
  })

  it('is detected as KTAP', () => {
    expect(detectSuiteFormat(ls)).toBe('ktap')
  })
})

describe('parseKtap: real guest output whose /dev/stdout could not be reopened', () => {
  it('counts every test as failed (exit=2) against seven plans, without inventing plan failures', () => {
    const s = parseKtap(lines('kselftest-guest-no-devstdout.txt'))
    expect(s?.documents).toBe(7)
    expect(s?.top.failed).toBe(13)
    expect(s?.planProblems).toBe(0)
    expect(s?.failures[0]?.excerpt.join('\n')).toMatch(/cannot create \/dev\/stdout/)
  })
})

describe('parseKtap: formats the runner does not print', () => {
  it('parses KUnit-style indented KTAP with # Subtest headers and YAML-free diagnostics', () => {
    const s = parseKtap([
      'KTAP version 1',
      '1..2',
      '    # Subtest: example',
      '    1..2',
      '    ok 1 example_simple_test',
      '    # example_fail: EXPECTATION FAILED at lib/kunit/kunit-example-test.c:30',
      '        Expected 1 + 1 == 3, but',
      '    not ok 2 example_fail',
      'not ok 1 example',
      '    KTAP version 1',
      '    # Subtest: other',
      '    1..1',
      '    ok 1 other_case # SKIP not here',
      'ok 2 other',
    ])
    expect(s?.top).toEqual({ passed: 1, failed: 1, skipped: 0, todo: 0 })
    expect(s?.nested).toEqual({ passed: 1, failed: 1, skipped: 1, todo: 0 })
    expect(s?.failures.map((f) => f.name)).toEqual(['example', 'example/example_fail'])
    expect(s?.failures[1]?.excerpt).toContain('    Expected 1 + 1 == 3, but')
    expect(s?.skips[0]).toEqual({ name: 'other/other_case', reason: 'not here', nested: true })
  })

  it('reports a missing or unmet plan of the outermost document, and a bail-out', () => {
    expect(parseKtap(['TAP version 13', 'ok 1 a', 'not ok 2 b'])?.failures.map((f) => f.reason)).toEqual([
      undefined,
      'no plan (2 tests ran)',
    ])
    const short = parseKtap(['TAP version 13', '1..3', 'ok 1 selftests: x: a'])
    expect(short?.failures).toMatchObject([
      { name: 'x', kind: 'plan', reason: 'planned 3 tests but 1 ran', nested: false },
    ])
    const bail = parseKtap(['TAP version 13', '1..3', 'ok 1 a', 'Bail out! no disk', 'ok 2 b'])
    expect(bail).toMatchObject({ bailouts: 1, planProblems: 0, top: { passed: 1 } })
  })

  it('strips printk timestamps from console KTAP when asked', () => {
    const s = parseKtap(
      [
        '[    1.000000] KTAP version 1',
        '[    1.000001] 1..1',
        '[    1.000002]     # Subtest: s',
        '[    1.000003]     1..1',
        '[    1.000004]     not ok 1 t',
        '[    1.000005] not ok 1 s',
      ],
      { console: true },
    )
    expect(s?.failures.map((f) => f.name)).toEqual(['s', 's/t'])
  })

  it('names the failures of an unfinished test after its header (the run stopped mid-way)', () => {
    const s = parseKtap([
      'TAP version 13',
      '1..2',
      'ok 1 selftests: a: one',
      '# selftests: a: two',
      '# TAP version 13',
      '# 1..2',
      '# not ok 1 first',
    ])
    expect(s?.failures.map((f) => `${f.kind} ${f.name} ${f.reason ?? ''}`.trim())).toEqual([
      'fail a:two/first',
      'plan a:two planned 2 tests but 1 ran',
      'plan a planned 2 tests but 1 ran',
    ])
  })

  it('stays bounded on a flood of failures', () => {
    const flood = ['TAP version 13', '1..5000', ...Array.from({ length: 5000 }, (_, i) => `not ok ${i + 1} t${i}`)]
    const s = parseKtap(flood)
    expect(s?.top.failed).toBe(5000)
    expect((s?.failures.length ?? 0) + (s?.failuresDropped ?? 0)).toBe(5000)
    expect(s?.failures.filter((f) => f.excerpt.length > 0).length).toBeLessThanOrEqual(200)
  })
})

describe('parseKtap: real run_kselftest.sh output in a TCG guest (stock kernel)', () => {
  it('equals an independent count and names the same failures as on the host', () => {
    const ls = lines('kselftest-guest.txt')
    const s = parseKtap(ls)
    const hand = countByHand(ls)
    expect(s?.planned).toBe(hand.top.plans)
    expect(s?.top).toEqual({ passed: hand.top.passed, failed: hand.top.failed, skipped: hand.top.skipped, todo: 0 })
    expect(s?.nested).toMatchObject({
      passed: hand.nested.passed,
      failed: hand.nested.failed,
      skipped: hand.nested.skipped,
    })
    expect(s?.failures.map((f) => f.name)).toEqual(parseKtap(lines('kselftest-host.txt'))?.failures.map((f) => f.name))
  })
})
