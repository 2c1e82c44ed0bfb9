// Tail bounds what a reporter holds by count and, for text, by size.
import { describe, expect, it } from 'vitest'
import { Tail } from '../../src/analysis/text.js'

describe('Tail', () => {
  it('keeps the last items by count', () => {
    const t = new Tail<number>(3)
    for (let i = 0; i < 100; i++) t.push(i)
    expect(t.toArray()).toEqual([97, 98, 99])
    expect(t.total).toBe(100)
  })

  it('bounds string items by size: many 1 MB lines do not pile up', () => {
    const t = new Tail<string>(100_000, 4 * 1024 * 1024)
    const line = 'x'.repeat(1024 * 1024)
    for (let i = 0; i < 50; i++) t.push(`${i}${line}`)
    const kept = t.toArray()
    const chars = kept.reduce((n, l) => n + l.length, 0)
    expect(chars).toBeLessThanOrEqual(8 * 1024 * 1024 + 8)
    // The newest lines are the ones kept, in order, and the count says what was dropped.
    expect(kept[kept.length - 1].startsWith('49x')).toBe(true)
    expect(kept.map((l) => Number.parseInt(l, 10))).toEqual(kept.map((_, i) => 50 - kept.length + i))
    expect(t.omitted).toBe(50 - kept.length)
  })
})
