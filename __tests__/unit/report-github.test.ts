import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { reportToGithub } from '../../src/report/github.js'
import { createTailCollector } from '../../src/report/tail.js'
import { failingRun, interleave, makeTarget, passingRun, run } from '../fixtures/report/events.js'

describe('reportToGithub', () => {
  const saved = { summary: process.env.GITHUB_STEP_SUMMARY, ws: process.env.GITHUB_WORKSPACE }
  afterEach(() => {
    for (const [k, v] of [
      ['GITHUB_STEP_SUMMARY', saved.summary],
      ['GITHUB_WORKSPACE', saved.ws],
    ] as const) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  })

  it('appends the summary and emits annotations for a recorded run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmtest-gh-'))
    const file = join(dir, 'summary.md')
    writeFileSync(file, '')
    process.env.GITHUB_STEP_SUMMARY = file
    process.env.GITHUB_WORKSPACE = '/home/runner/work/proj/proj'
    const a = makeTarget('ok', { origin: { file: '/home/runner/work/proj/proj/vmtest.toml', line: 1, index: 0 } })
    const b = makeTarget('bad', { origin: { file: '/home/runner/work/proj/proj/vmtest.toml', line: 6, index: 1 } })
    const events = run([a, b], interleave(passingRun(a), failingRun(b)), 2)
    const tails = createTailCollector()
    events.forEach((e) => tails.onEvent(e))
    const results = events.flatMap((e) => (e.type === 'run-end' ? e.results : []))
    const sink = { error: vi.fn(), warning: vi.fn(), notice: vi.fn() }

    const outcome = await reportToGithub(
      {
        results,
        tailLines: tails.commandTails(),
        diagnostics: [{ message: "unknown key 'kernal'", line: 3, column: 1 }],
        configFile: '/home/runner/work/proj/proj/vmtest.toml',
      },
      sink,
    )

    expect(outcome.summaryWritten).toBe(true)
    const md = readFileSync(file, 'utf8')
    expect(md).toContain('| ✅ pass | ok |')
    expect(md).toContain('| ❌ fail | bad |')
    expect(md).toContain('::error::pwned') // inside the escaped <pre> tail, as text
    expect(sink.error).toHaveBeenCalledTimes(1)
    expect(sink.error.mock.calls[0]?.[1]).toEqual({
      title: "vmtest: target 'bad' failed",
      file: 'vmtest.toml',
      startLine: 6,
    })
    expect(sink.warning).toHaveBeenCalledWith("unknown key 'kernal'", {
      title: 'vmtest config warning: vmtest.toml',
      file: 'vmtest.toml',
      startLine: 3,
      startColumn: 1,
    })
  })
})
