// Whatever text a user (or a bad merge) puts in vmtest.toml, loading it either succeeds or
// throws a ConfigError: never a TypeError from deep inside, never zod's raw JSON.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { stringify } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../src/config/index.js'
import { locateKeys } from '../../src/config/locate.js'
import { TARGET_KEYS, VM_KEYS } from '../../src/config/schema.js'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'config')
const SEEDS = [
  readFileSync(path.join(FIXTURES, 'real-world.toml'), 'utf8'),
  readFileSync(path.join(FIXTURES, 'nested', 'sub', 'vmtest.toml'), 'utf8'),
]

/** Loads or throws only ConfigError; a success always yields absolute, resolved targets. */
function assertOnlyConfigErrors(text: string): void {
  try {
    const cfg = parseConfig(text, '/cfg/vmtest.toml', { hostArch: 'x86_64' })
    for (const t of cfg.targets) {
      expect(path.isAbsolute(t.rootfs)).toBe(true)
      expect(t.kernel === undefined ? true : path.isAbsolute(t.kernel)).toBe(true)
      expect(Number.isInteger(t.vm.numCpus) && t.vm.numCpus >= 1 && t.vm.numCpus <= 255).toBe(true)
    }
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e
    expect(e.message).not.toMatch(/"code":/)
  }
}

// Characters that matter to TOML's lexer, so mutations hit interesting states.
const tomlChar = fc.constantFrom(
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '=',
  ',',
  '.',
  '#',
  '\n',
  '\\',
  ' ',
  'a',
  '1',
  '\r',
  '\t',
  '"""',
  "'''",
  '\u0000',
  'é',
)
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.array(tomlChar, { maxLength: 4 }).map((a) => a.join('')),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('dupline' as const), at: fc.nat() }),
)
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never

function mutate(text: string, muts: Mutation[]): string {
  let s = text
  for (const m of muts) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1)
    if (m.kind === 'insert') s = s.slice(0, at) + m.text + s.slice(at)
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.len)
    else {
      const lines = s.split('\n')
      const i = m.at % lines.length
      lines.splice(i, 0, lines[i])
      s = lines.join('\n')
    }
  }
  return s
}

// Structured documents: known and unknown keys with values of every TOML type, so loading
// gets past the syntax into types, rules and unknown-key warnings.
const scalar = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', '/', 'bzImage', 'x86_64', 'aarch64', '4G', '-'),
  fc.integer({ min: -3, max: 300 }).map((n) => BigInt(n)),
  fc.double({ noNaN: false }),
  fc.boolean(),
)
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('v'), { maxKeys: 3 }),
  ),
})).v
const keyed = (keys: readonly string[]) =>
  fc.dictionary(
    fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...keys) }, { weight: 6, arbitrary: fc.string({ maxLength: 6 }) }),
    value,
    { maxKeys: 2 },
  )
// Mostly well-typed, sometimes anything: reaches upstream's rules as well as type errors.
const usually = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 15, arbitrary: arb }, { weight: 1, arbitrary: value })
const str = fc.constantFrom('', 'x', 'bzImage', '/abs/path', 'rel/path', '-', 'a b')
const mount = fc.record({ host_path: usually(str), writable: usually(fc.boolean()) }, { requiredKeys: [] })
const mountTable = fc.dictionary(fc.constantFrom('/m', '/a b', 'rel', ''), usually(mount), { maxKeys: 2 })
const vmTable = fc
  .tuple(
    fc.record(
      {
        num_cpus: usually(fc.integer({ min: -1, max: 257 }).map((n) => BigInt(n))),
        memory: usually(str),
        bios: usually(str),
        extra_args: usually(fc.array(str, { maxLength: 3 })),
        mounts: usually(mountTable),
      },
      { requiredKeys: [] },
    ),
    keyed(VM_KEYS),
  )
  .map(([vm, extra]) => ({ ...extra, ...vm }))
const target = fc
  .tuple(
    fc.record(
      {
        name: usually(str),
        command: usually(str),
        uefi: usually(fc.boolean()),
        kernel_args: usually(str),
        rootfs: usually(str),
        arch: usually(fc.constantFrom('x86_64', 'aarch64', 's390x', 'riscv64', 'arm64')),
        vm: usually(vmTable),
      },
      { requiredKeys: [] },
    ),
    keyed(TARGET_KEYS),
    fc.oneof(
      { weight: 3, arbitrary: fc.record({ kernel: usually(str) }) },
      { weight: 3, arbitrary: fc.record({ image: usually(str) }) },
      { weight: 1, arbitrary: fc.record({ kernel: usually(str), image: usually(str) }) },
      { weight: 1, arbitrary: fc.constant({}) },
    ),
  )
  .map(([t, extra, boot]) => ({ ...extra, ...t, ...boot }))
const document = fc.oneof(
  { weight: 6, arbitrary: fc.record({ target: fc.array(target, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), value, { maxKeys: 3 }) },
)

describe('property: only ConfigError ever escapes', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), assertOnlyConfigErrors), { numRuns: 500 })
  })

  it('on mutated real configs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 5 }), (seed, muts) => {
        assertOnlyConfigErrors(mutate(seed, muts))
      }),
      { numRuns: 1000 },
    )
  })

  it('on structurally random documents', () => {
    fc.assert(
      fc.property(document, (doc) => {
        let text: string
        try {
          text = stringify(doc)
        } catch {
          return // values TOML cannot express (e.g. mixed nesting smol-toml refuses)
        }
        assertOnlyConfigErrors(text)
      }),
      { numRuns: 1000 },
    )
  })

  it('the key locator never throws and never loops on mutated input', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { maxLength: 8 }), (seed, muts) => {
        locateKeys(mutate(seed, muts))
      }),
      { numRuns: 500 },
    )
  })
})
