// LineTail, the one bounded line buffer (engine console, reporters' groups and tails): it
// keeps the newest lines within a count and a size, in order, and counts what it dropped.
import { describe, expect, it } from 'vitest'
import { LineTail } from '../../src/analysis/tail.js'

describe('LineTail', () => {
  it('keeps the last lines by count and counts the rest', () => {
    const t = new LineTail(3)
    for (let i = 0; i < 10; i++) t.push(String(i))
    expect(t.toArray()).toEqual(['7', '8', '9'])
    expect(t.omitted).toBe(7)
    expect(t.total).toBe(10)
    expect(t.last(2)).toEqual(['8', '9'])
    expect(t.last(0)).toEqual([])
    expect(t.last(99)).toEqual(['7', '8', '9'])
  })

  it('stays within both bounds over a million lines, in order', () => {
    const r = new LineTail(1000, 50_000)
    for (let i = 0; i < 1_000_000; i++) r.push(`line ${i}`)
    const kept = r.toArray()
    expect(kept.length).toBe(1000)
    expect(kept[0]).toBe('line 999000')
    expect(kept[999]).toBe('line 999999')
    const bytes = new LineTail(1000, 10_000)
    for (let i = 0; i < 100; i++) bytes.push('x'.repeat(1000) + i)
    expect(bytes.toArray().map((l) => l.slice(1000))).toEqual(['91', '92', '93', '94', '95', '96', '97', '98', '99'])
  })

  it('always keeps the newest line, however long', () => {
    const one = new LineTail(10, 5)
    one.push('much longer than five')
    expect(one.toArray()).toEqual(['much longer than five'])
  })

  it('bounds lines by size: many 1 MB lines do not pile up', () => {
    const t = new LineTail(100_000, 4 * 1024 * 1024)
    const line = 'x'.repeat(1024 * 1024)
    for (let i = 0; i < 50; i++) t.push(`${i}${line}`)
    const kept = t.toArray()
    const chars = kept.reduce((n, l) => n + l.length, 0)
    expect(chars).toBeLessThanOrEqual(4 * 1024 * 1024)
    // The newest lines are the ones kept, in order, and the count says what was dropped.
    expect(kept[kept.length - 1].startsWith('49x')).toBe(true)
    expect(kept.map((l) => Number.parseInt(l, 10))).toEqual(kept.map((_, i) => 50 - kept.length + i))
    expect(t.omitted).toBe(50 - kept.length)
  })
})
