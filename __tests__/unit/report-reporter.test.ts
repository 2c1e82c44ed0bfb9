import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../src/plan/events.js'
import { fanOut, ReporterError, targetKey, type Reporter } from '../../src/report/reporter.js'
import { createTailCollector } from '../../src/report/tail.js'
import { formatSeconds, stripAnsi } from '../../src/analysis/text.js'
import { escapeData, escapeProperty, formatCommand, neutralize } from '../../src/report/workflow-commands.js'
import { failingRun, interleave, makeTarget, passingRun, run } from '../fixtures/report/events.js'

describe('fanOut', () => {
  it('forwards every event to every reporter in order', () => {
    const seen: string[] = []
    const mk = (id: string): Reporter => ({ onEvent: (e) => seen.push(`${id}:${e.type}`) })
    const r = fanOut(mk('a'), mk('b'))
    r.onEvent({ type: 'run-end', results: [] })
    expect(seen).toEqual(['a:run-end', 'b:run-end'])
  })

  it('a throwing reporter does not starve the others; the error is rethrown', () => {
    const seen: string[] = []
    const r = fanOut(
      {
        onEvent: () => {
          throw new Error('bad reporter')
        },
      },
      { onEvent: (e) => seen.push(e.type) },
    )
    expect(() => r.onEvent({ type: 'run-end', results: [] })).toThrow(ReporterError)
    expect(seen).toEqual(['run-end'])
    try {
      r.onEvent({ type: 'run-end', results: [] })
    } catch (err) {
      expect((err as Error).message).toBe("reporter failed on 'run-end' event: bad reporter")
    }
  })

  it('close() closes all, awaiting async ones, and reports failures', async () => {
    const closed: string[] = []
    const ok = fanOut(
      {
        onEvent: () => undefined,
        close: async () => {
          await new Promise((res) => setTimeout(res, 5))
          closed.push('async')
        },
      },
      {
        onEvent: () => undefined,
        close: () => {
          closed.push('sync')
        },
      },
      { onEvent: () => undefined },
    )
    await ok.close?.()
    expect(closed.sort()).toEqual(['async', 'sync'])
    const bad = fanOut(
      {
        onEvent: () => undefined,
        close: () => {
          throw new Error('x')
        },
      },
      {
        onEvent: () => undefined,
        close: () => {
          closed.push('still')
        },
      },
    )
    await expect(bad.close?.()).rejects.toThrow("reporter failed on 'close' event: x")
    expect(closed).toContain('still')
  })
})

describe('createTailCollector', () => {
  it('keeps the last N command lines per target', () => {
    const a = makeTarget('a', { origin: { index: 0 } })
    const b = makeTarget('b', { origin: { index: 1 } })
    const c = createTailCollector(5)
    const events: EngineEvent[] = run(
      [a, b],
      interleave(
        passingRun(
          a,
          Array.from({ length: 12 }, (_, i) => `a${i}`),
        ),
        failingRun(b, ['b0']),
      ),
      2,
    )
    events.forEach((e) => c.onEvent(e))
    expect(c.commandTails().get(targetKey(a))).toEqual(['a7', 'a8', 'a9', 'a10', 'a11'])
    expect(c.commandTails().get(targetKey(b))).toEqual(['b0'])
  })

  it('keeps two targets with one name apart', () => {
    const first = makeTarget('same', { origin: { index: 0 } })
    const second = makeTarget('same', { origin: { index: 1 } })
    const c = createTailCollector(5)
    run(
      [first, second],
      interleave(passingRun(first, ['from the first']), failingRun(second, ['from the second'])),
      2,
    ).forEach((e) => c.onEvent(e))
    expect(c.commandTails().get(targetKey(first))).toEqual(['from the first'])
    expect(c.commandTails().get(targetKey(second))).toEqual(['from the second'])
  })
})

describe('workflow command formatting (as @actions/core)', () => {
  it('escapes data and properties', () => {
    expect(escapeData('50% a\r\nb')).toBe('50%25 a%0D%0Ab')
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25')
    expect(formatCommand('group', {}, 'x: y')).toBe('::group::x: y')
    expect(formatCommand('error', { file: 'a,b.toml', line: 3, col: undefined }, 'm\nn')).toBe(
      '::error file=a%2Cb.toml,line=3::m%0An',
    )
  })

  it('neutralize keeps user text from looking like a command', () => {
    expect(neutralize('::error::x')).toBe(':\u200b:error::x')
    expect(neutralize('a ##[set-env name=x;]y')).toBe('a ##\u200b[set-env name=x;]y')
    expect(neutralize('two\nlines')).toBe('two lines')
  })
})

describe('text helpers', () => {
  it.each([
    [0.04, '0.0s'],
    [12.34, '12.3s'],
    [59.9, '59.9s'],
    [60, '1m00s'],
    [125.4, '2m05s'],
    [3723, '1h02m03s'],
  ])('formatSeconds(%f) = %s', (s, out) => {
    expect(formatSeconds(s)).toBe(out)
  })

  it('stripAnsi removes CSI and OSC sequences', () => {
    expect(stripAnsi('\x1b[1;31mred\x1b[0m \x1b]0;title\x07text \x1b[2K')).toBe('red text ')
  })
})
