import { existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { HeldText } from '../../src/report/held-text.js'
import { pendingCleanups } from '../../src/util/cleanup.js'

const spills = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('vmtest-held-'))

function released(h: HeldText): string {
  let out = ''
  h.release((t) => (out += t))
  return out
}

describe('HeldText', () => {
  it('gives back what it held, in order, from memory while under its bound', () => {
    const before = spills()
    const h = new HeldText(100)
    h.push('one\n')
    h.push('two\n')
    expect(spills()).toEqual(before)
    expect(released(h)).toBe('one\ntwo\n')
    expect(h.empty).toBe(true)
    expect(released(h)).toBe('')
  })

  it('past its bound keeps the text in a temp file, byte for byte (a character split across read pieces too), then removes it', () => {
    const before = spills()
    const cleanups = pendingCleanups()
    const h = new HeldText(10)
    // 1 MiB is the read piece: put a 4-byte character across its boundary.
    const big = 'a'.repeat(1024 * 1024 - 1) + '😀' + 'é\n'
    const pieces = ['head\n', big, 'tail ü\n', ...Array.from({ length: 1000 }, (_, i) => `line ${i}\n`)]
    for (const p of pieces) h.push(p)
    expect(spills().length).toBe(before.length + 1)
    expect(pendingCleanups()).toBe(cleanups + 1)
    expect(released(h)).toBe(pieces.join(''))
    expect(spills()).toEqual(before)
    expect(pendingCleanups()).toBe(cleanups)
    // Usable again after a release.
    h.push('again\n')
    expect(released(h)).toBe('again\n')
  })

  it('discard drops the text and its file', () => {
    const before = spills()
    const h = new HeldText(1)
    h.push('spilled')
    expect(spills().length).toBe(before.length + 1)
    const dir = spills().find((d) => !before.includes(d))
    h.discard()
    expect(existsSync(`${tmpdir()}/${dir}`)).toBe(false)
    expect(h.empty).toBe(true)
  })
})
