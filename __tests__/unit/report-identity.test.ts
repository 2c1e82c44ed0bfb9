// Target names are not unique (two `[[target]]`s may share one): everything a reporter keeps
// per target is keyed by the target's identity, so two targets with one name — one passing,
// one failing, running in parallel — each get their own tail, annotation, summary row and
// log groups, and neither's output shows up under the other.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EngineEvent, TargetResult } from '../../src/plan/events.js'
import { createActionsLogReporter } from '../../src/report/actions-log.js'
import { reportToGithub } from '../../src/report/github.js'
import { createTailCollector } from '../../src/report/tail.js'
import { createTerminalReporter } from '../../src/report/terminal.js'
import { failingRun, interleave, makeTarget, passingRun, run } from '../fixtures/report/events.js'
import { readAsRunner } from '../fixtures/report/runner.js'

const FILE = '/home/runner/work/proj/proj/vmtest.toml'
const first = makeTarget('same', { origin: { file: FILE, line: 1, index: 0 } })
const second = makeTarget('same', { origin: { file: FILE, line: 6, index: 1 } })
const events: EngineEvent[] = run(
  [first, second],
  interleave(
    passingRun(first, ['output of the first', 'first is fine']),
    failingRun(second, ['output of the second', 'second broke'], 3),
  ),
  2,
)
const results: TargetResult[] = events.flatMap((e) => (e.type === 'run-end' ? e.results : []))

describe('two targets with one name', () => {
  const saved = process.env.GITHUB_STEP_SUMMARY
  let dir: string | undefined
  afterEach(() => {
    if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY
    else process.env.GITHUB_STEP_SUMMARY = saved
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('get their own summary rows, failure details and annotations', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vmtest-identity-'))
    const file = join(dir, 'summary.md')
    writeFileSync(file, '')
    process.env.GITHUB_STEP_SUMMARY = file
    const tails = createTailCollector()
    events.forEach((e) => tails.onEvent(e))
    const sink = { error: vi.fn(), warning: vi.fn(), notice: vi.fn() }

    await reportToGithub({ results, tailLines: tails.commandTails(), workspace: '/home/runner/work/proj/proj' }, sink)

    const md = readFileSync(file, 'utf8')
    expect(md).toContain('| ✅ pass | same |')
    expect(md).toContain('| ❌ fail | same |')
    const details = md.split('<details>').slice(1)
    expect(details).toHaveLength(1)
    expect(details[0]).toContain('second broke')
    expect(details[0]).not.toContain('first')
    expect(sink.error).toHaveBeenCalledTimes(1)
    const [message, props] = sink.error.mock.calls[0] as [string, Record<string, unknown>]
    expect(props).toMatchObject({ file: 'vmtest.toml', startLine: 6 })
    expect(message).toContain('second broke')
    expect(message).not.toContain('first')
  })

  it('get their own log groups and result lines in the Actions log', () => {
    const writes: string[] = []
    const r = createActionsLogReporter({ write: (t) => writes.push(t), progressEveryMs: 0 })
    events.forEach((e) => r.onEvent(e))
    void r.close?.()
    const view = readAsRunner(writes.join(''))
    const commandGroups = view.groups.filter((g) => g.title.startsWith('same: command output'))
    expect(commandGroups.map((g) => g.lines)).toEqual([
      ['output of the first', 'first is fine'],
      ['output of the second', 'second broke'],
    ])
    const top = view.lines.filter((l) => l.group === undefined).map((l) => l.text)
    expect(top.filter((l) => /^(PASS|FAIL) same:/.test(l)).map((l) => l.slice(0, 4))).toEqual(['PASS', 'FAIL'])
    const repeated = top.slice(
      top.indexOf('Last 2 lines of command output:') + 1,
      top.indexOf('Last 2 lines of command output:') + 3,
    )
    expect(repeated).toEqual(['output of the second', 'second broke'])
  })

  it('print as two whole blocks in the terminal', async () => {
    const out = new PassThrough()
    const chunks: string[] = []
    out.on('data', (c: Buffer) => chunks.push(c.toString()))
    const r = createTerminalReporter({ out, tty: false, color: false, configMode: true })
    events.forEach((e) => r.onEvent(e))
    await r.close?.()
    const lines = chunks.join('').split('\n')
    const starts = lines.flatMap((l, i) => (l === '=> same' ? [i] : []))
    expect(starts).toHaveLength(2)
    const [a, b] = [lines.slice(starts[0], starts[1]), lines.slice(starts[1])]
    expect(a).toContain('first is fine')
    expect(a).not.toContain('second broke')
    expect(a.at(-1)).toBe('PASS')
    expect(b).toContain('second broke')
    expect(b).not.toContain('first is fine')
    expect(b.filter((l) => l !== '').at(-1)).toBe('FAILED')
  })
})
