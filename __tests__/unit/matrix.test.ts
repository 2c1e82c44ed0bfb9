// The plan_only `matrix` output round-trips: every entry's `filter`, fed back as the `filter`
// input (through real INPUT_* variables, as a second job's runner sets them), selects exactly
// the target it names — whatever regex metacharacters the name holds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { loadInputs, planFromInputs } from '../../src/action/inputs.js'
import { escapeRegex, exactFilter, matrixOf } from '../../src/action/matrix.js'
import { compileFilter, filterTargets } from '../../src/config/filter.js'
import type { Plan } from '../../src/plan/types.js'
import { makeTarget } from '../fixtures/target.js'

const ws = mkdtempSync(path.join(tmpdir(), 'vmtest-matrix-test-'))
afterAll(() => rmSync(ws, { recursive: true, force: true }))

function clearInputs(): void {
  for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
}
afterEach(clearInputs)

/** The plan the action makes from these inputs (set as INPUT_* variables). */
function planWith(inputs: Record<string, string>): Plan {
  clearInputs()
  for (const [k, v] of Object.entries(inputs)) process.env[`INPUT_${k.toUpperCase()}`] = v
  return planFromInputs(loadInputs(), ws)
}

/** A vmtest.toml with one kernel target per name (TOML basic strings take JSON escapes). */
function writeConfig(file: string, names: string[]): void {
  const body = names
    .map((n) => `[[target]]\nname = ${JSON.stringify(n)}\nkernel = "bzImage"\ncommand = "true"\n`)
    .join('\n')
  writeFileSync(path.join(ws, file), body)
}

// Names that would select other targets (or none) if used as a regex unescaped.
const TRICKY = [
  'kernel',
  'kernel-6.1',
  'kernel-6.10',
  'kernel 6.1 (debug)',
  'a.b',
  'aXb',
  '.*',
  'x+',
  'xx',
  'what?',
  '[arm64]',
  '{1,2}',
  'pipe|or',
  'caret^dollar$',
  'back\\slash',
  'slash/name',
  '(?i)KERNEL',
  'tab\there',
  'ünïcödé 🐧',
]

describe('matrix output', () => {
  it('is strategy.matrix JSON: {include: [{name, filter, arch}]}, one entry per target in order', () => {
    writeConfig('basic.toml', ['one', 'two'])
    const matrix = JSON.parse(JSON.stringify(matrixOf(planWith({ config: 'basic.toml' })))) as unknown
    expect(matrix).toEqual({
      include: [
        { name: 'one', filter: '^one$', arch: expect.any(String) },
        { name: 'two', filter: '^two$', arch: expect.any(String) },
      ],
    })
  })

  it('each entry, fed back through the filter input, selects exactly its own target', () => {
    writeConfig('tricky.toml', TRICKY)
    const all = planWith({ config: 'tricky.toml' })
    expect(all.targets.map((t) => t.name)).toEqual(TRICKY)
    const { include } = JSON.parse(JSON.stringify(matrixOf(all))) as ReturnType<typeof matrixOf>
    expect(include.map((e) => e.name)).toEqual(TRICKY)
    for (const entry of include) {
      const one = planWith({ config: 'tricky.toml', filter: entry.filter })
      expect(
        one.targets.map((t) => t.name),
        `filter ${entry.filter}`,
      ).toEqual([entry.name])
      expect(one.warnings).toEqual([])
    }
  })

  it('the names really are tricky: used raw as filters, most select a different set', () => {
    writeConfig('tricky.toml', TRICKY)
    const wrong = TRICKY.filter((name) => {
      let picked: string[]
      try {
        picked = planWith({ config: 'tricky.toml', filter: `^${name}$` }).targets.map((t) => t.name)
      } catch {
        return true // not even a valid regex
      }
      return picked.length !== 1 || picked[0] !== name
    })
    expect(wrong.length).toBeGreaterThanOrEqual(8)
  })

  it('targets sharing a name share one entry, so every target still runs exactly once', () => {
    writeConfig('dupes.toml', ['same', 'other', 'same'])
    const all = planWith({ config: 'dupes.toml' })
    const { include } = matrixOf(all)
    expect(include.map((e) => e.name)).toEqual(['same', 'other'])
    const runs = include.flatMap((e) =>
      planWith({ config: 'dupes.toml', filter: e.filter }).targets.map((t) => t.origin.index),
    )
    expect(runs.sort()).toEqual([0, 1, 2])
  })

  it('an empty plan gives an empty include list', () => {
    const plan: Plan = { targets: [], options: planWith({ config: 'basic.toml' }).options, warnings: [] }
    expect(matrixOf(plan)).toEqual({ include: [] })
  })
})

describe('exactFilter', () => {
  it('selects exactly the named target among arbitrary names', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 }),
        (names) => {
          const targets = names.map((name, index) => makeTarget({ name, origin: { index } }))
          for (const name of names) {
            expect(filterTargets(targets, compileFilter(exactFilter(name))).map((t) => t.name)).toEqual([name])
          }
        },
      ),
    )
  })

  it('escapes every regex metacharacter and nothing else', () => {
    expect(escapeRegex('a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o/p-q r')).toBe(
      'a\\.b\\*c\\+d\\?e\\^f\\$g\\{h\\}i\\(j\\)k\\|l\\[m\\]n\\\\o\\/p\\-q r',
    )
  })
})
