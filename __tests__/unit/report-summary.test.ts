import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { escapeHtml, escapeMarkdownInline, preBlock } from '../../src/report/escape.js'
import { describeExit, renderSummary, writeJobSummary } from '../../src/report/summary.js'
import { detectSplats } from '../../src/analysis/splat.js'
import { fixtureLines, ktapTests, makeResult, makeTarget, tailsOf } from '../fixtures/report/events.js'

/** The data rows of the first markdown table. */
function tableRows(md: string): string[][] {
  const lines = md.split('\n').filter((l) => l.startsWith('| '))
  // Split on pipes not escaped with a backslash, as GFM does.
  return lines.slice(2).map((l) => l.slice(2, -2).split(/(?<!\\) \| /))
}

describe('escapeMarkdownInline (table cells)', () => {
  it.each([
    ['a|b', 'a\\|b'],
    ['`code`', '\\`code\\`'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['line1\nline2', 'line1<br>line2'],
    ['a & b', 'a &amp; b'],
    ['**bold** _it_ [x](http://e) ~~s~~ $m$', '\\*\\*bold\\*\\* \\_it\\_ \\[x\\](http://e) \\~\\~s\\~\\~ \\$m\\$'],
    ['back\\slash', 'back\\\\slash'],
    ['\x1b[31mred\x1b[0m', 'red'],
  ])('%j → %j', (input, out) => {
    expect(escapeMarkdownInline(input)).toBe(out)
  })

  it('never lets a cell split the row or open a tag', () => {
    for (const s of ['x | y', '|||', '<img src=x onerror=alert(1)>', 'a\r\nb\rc', '`|`']) {
      const cell = escapeMarkdownInline(s)
      expect(cell).not.toMatch(/(?<!\\)\|/)
      expect(cell).not.toMatch(/<(?!br>)/)
      expect(cell).not.toMatch(/[\r\n]/)
    }
  })
})

describe('escapeHtml, preBlock', () => {
  it('escapes HTML specials', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })

  it('a <pre> block cannot be closed by its content', () => {
    const block = preBlock(['</pre><script>x</script>', '', '```', '</details>'])
    expect(block.match(/<\/pre>/g)).toHaveLength(1)
    expect(block.endsWith('</pre>')).toBe(true)
    expect(block).toContain('&lt;/pre&gt;&lt;script&gt;')
    expect(block).not.toContain('</details>')
  })
})

describe('renderSummary', () => {
  const pass = makeResult(makeTarget('pass-6.1'))
  const fail = makeResult(makeTarget('fail-6.1'), {
    result: 'fail',
    exitCode: 2,
    error: 'Command failed with exit code: 2',
  })
  const err = makeResult(makeTarget('boot-panic', { arch: 'aarch64' }), {
    arch: 'aarch64',
    result: 'error',
    exitCode: null,
    accel: 'tcg',
    kernelRelease: undefined,
    commandSeconds: undefined,
    error: 'QEMU exited during boot',
    consoleTail: fixtureLines('console-vfs-panic.txt').slice(-50),
  })
  const timeout = makeResult(makeTarget('slow'), {
    result: 'timeout',
    exitCode: null,
    accel: 'kvm',
    error: 'Command timed out after 60s',
  })
  const skipped = makeResult(makeTarget('skipped'), {
    result: 'skipped',
    exitCode: null,
    accel: undefined,
    bootSeconds: undefined,
    commandSeconds: undefined,
  })

  it('one row per target with result, arch, accel, kernel, times, exit, splats, tests', () => {
    const withTests = makeResult(makeTarget('tap'), {
      tests: ktapTests(fixtureLines('tap/kselftest-runner.txt')),
      result: 'fail',
      exitCode: 1,
    })
    const withSplat = makeResult(makeTarget('splat'), { splats: detectSplats(fixtureLines('splats/warning.txt')) })
    const md = renderSummary([pass, fail, err, timeout, skipped, withTests, withSplat])
    const rows = tableRows(md)
    expect(rows).toHaveLength(7)
    expect(rows[0]).toEqual([
      '✅ pass',
      'pass-6.1',
      'x86\\_64',
      'TCG',
      '6.1.0-56-amd64',
      '23.4s',
      '4.2s',
      '0',
      '0',
      '—',
    ])
    expect(rows[1]?.[0]).toBe('❌ fail')
    expect(rows[1]?.[7]).toBe('2')
    expect(rows[2]).toEqual(['💥 error', 'boot-panic', 'aarch64', 'TCG', '—', '23.4s', '—', '—', '0', '—'])
    expect(rows[3]?.slice(0, 4)).toEqual(['⏱️ timeout', 'slow', 'x86\\_64', 'KVM'])
    expect(rows[4]?.[0]).toBe('⏭️ skipped')
    expect(rows[5]?.[9]).toBe('1 passed, 3 failed, 1 skipped; subtests: 1 passed, 1 failed')
    expect(rows[6]?.[8]).toBe('1')
    expect(md).toContain('7 targets: 2 passed, 2 failed, 1 timed out, 1 errored, 1 skipped')
  })

  it('a <details> block per failed target with its error and last 50 lines', () => {
    const tail = Array.from({ length: 80 }, (_, i) => `output line ${i}`)
    const md = renderSummary([pass, fail, err, timeout], { tailLines: tailsOf([[fail, tail]]) })
    const details = md.split('<details>').slice(1)
    expect(details).toHaveLength(3)
    expect(details[0]).toContain('<b>fail-6.1</b>: Command failed with exit code: 2')
    expect(details[0]).toContain('Last 50 lines of command output:')
    expect(details[0]).toContain('output line 79')
    expect(details[0]).toContain('output line 30')
    expect(details[0]).not.toContain('output line 29\n')
    expect(details[1]).toContain('Last 50 console lines:')
    expect(details[1]).toContain('Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)')
    expect(details[2]).toContain('Command timed out after 60s')
    expect(md).not.toContain('<b>pass-6.1</b>')
  })

  it('escapes hostile names, errors and output everywhere', () => {
    const name = 'evil | `name` <script>alert(1)</script>\nsecond'
    const t = makeTarget(name)
    const r = makeResult(t, {
      result: 'fail',
      exitCode: 1,
      kernelRelease: '6.1|<b>x</b>',
      error: '</pre></details><img src=x onerror=alert(1)>',
    })
    const md = renderSummary([r], {
      title: 'Run <b>#1</b> | ok',
      tailLines: tailsOf([[r, ['</pre>', '```', '| a | b |', '<!-- x', '::error::pwned']]]),
    })
    expect(md).not.toContain('<script>')
    expect(md).not.toContain('<img')
    expect(md).not.toContain('<!--')
    expect(md).not.toMatch(/<b>x<\/b>/)
    // Exactly our own <pre> blocks: one for the error, one for the output.
    expect(md.match(/<pre>/g)).toHaveLength(2)
    expect(md.match(/<\/pre>/g)).toHaveLength(2)
    expect(md.match(/<\/details>/g)).toHaveLength(1)
    const rows = tableRows(md)
    expect(rows[0]).toHaveLength(10)
    expect(rows[0]?.[1]).toBe('evil \\| \\`name\\` &lt;script&gt;alert(1)&lt;/script&gt;<br>second')
    expect(md.split('\n')[0]).toBe('## Run &lt;b&gt;\\#1&lt;/b&gt; \\| ok')
  })

  it('lists kernel splats with their excerpt', () => {
    const r = makeResult(makeTarget('splatty'), { splats: detectSplats(fixtureLines('splats/null-deref-oops.txt')) })
    const md = renderSummary([r])
    expect(md).toContain('<b>splatty</b>: 2 kernel splats')
    expect(md).toContain('BUG: kernel NULL pointer dereference, address: 0000000000000008')
    expect(md).toContain('Oops: 0000 [#1] PREEMPT SMP NOPTI')
  })

  it('stays under the step summary size limit', () => {
    const huge = Array.from({ length: 50 }, () => 'x'.repeat(5000))
    const results = Array.from({ length: 400 }, (_, i) =>
      makeResult(makeTarget(`t${i}`), { result: 'fail', exitCode: 1, error: 'boom' }),
    )
    const md = renderSummary(results, { tailLines: tailsOf(results.map((r) => [r, huge])) })
    expect(md.length).toBeLessThan(1024 * 1024)
    expect(md).toMatch(/\d+ more detail blocks left out/)
    expect(tableRows(md)).toHaveLength(400)
  })

  it('describes signal deaths', () => {
    expect(describeExit(137)).toBe('137 (SIGKILL)')
    expect(describeExit(1)).toBe('1')
    expect(describeExit(null)).toBe('—')
  })
})

describe('writeJobSummary', () => {
  const saved = process.env.GITHUB_STEP_SUMMARY
  afterEach(() => {
    if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY
    else process.env.GITHUB_STEP_SUMMARY = saved
  })

  it('returns false without GITHUB_STEP_SUMMARY (a local run)', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    await expect(writeJobSummary('# hi')).resolves.toBe(false)
  })

  it('appends to the summary file (several steps in one job)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vmtest-summary-')), 'summary.md')
    writeFileSync(file, 'from an earlier step\n')
    process.env.GITHUB_STEP_SUMMARY = file
    await expect(writeJobSummary('first run')).resolves.toBe(true)
    await expect(writeJobSummary('second run')).resolves.toBe(true)
    expect(readFileSync(file, 'utf8')).toMatch(/^from an earlier step\nfirst run\r?\nsecond run\r?\n$/)
  })
})
