// Issue 8, bad input: every field of vmtest.toml given every wrong TOML type, huge values,
// deep nesting, and files that are not TOML at all. Loading either succeeds or throws one
// ConfigError whose message names the file, the line and the field; through the CLI that is
// one line of stderr and exit 1, never a stack trace. (Random and mutated documents are in
// config-property.test.ts.)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../src/config/index.js'
import { main } from '../../src/cli/main.js'

const FILE = '/cfg/vmtest.toml'
const BASE = ['name = "t"', 'kernel = "bzImage"', 'command = "true"']

function load(text: string): ReturnType<typeof parseConfig> {
  return parseConfig(text, FILE, { hostArch: 'x86_64' })
}

function configError(text: string): ConfigError {
  try {
    load(text)
  } catch (e) {
    if (e instanceof ConfigError) return e
    throw new Error(`not a ConfigError: ${String(e)}`, { cause: e })
  }
  throw new Error('loaded without error')
}

/** A message a person can read: one location, no zod JSON, no stack frames. */
function expectReadable(message: string): void {
  expect(message).toContain(FILE)
  expect(message).not.toMatch(/"code":|^\s+at \S+ \(/m)
}

// Every TOML value type, written as TOML.
const VALUES: Record<string, string> = {
  string: '"x"',
  integer: '7',
  float: '1.5',
  boolean: 'true',
  datetime: '1979-05-27T07:32:00Z',
  date: '1979-05-27',
  array: '["x"]',
  table: '{ a = "x" }',
}

// Field → the TOML types it accepts; each other type must be a clear error.
const FIELDS: Array<[path: string, accepts: string[]]> = [
  ['name', ['string']],
  ['kernel', ['string']],
  ['command', ['string']],
  ['kernel_args', ['string']],
  ['rootfs', ['string']],
  ['arch', []],
  ['qemu_command', ['string']],
  ['kvm_cpu_args', ['string']],
  ['uefi', ['boolean']],
  ['vm.num_cpus', ['integer']],
  ['vm.memory', ['string']],
  ['vm.bios', ['string']],
  ['vm.extra_args', ['array']],
  ['vm.mounts', ['table']],
  ['vm', ['table']],
]

function withField(path: string, value: string): string {
  const [head, key] = path.split('.')
  const lines = BASE.filter((l) => !l.startsWith(`${path} =`))
  if (key === undefined) return `[[target]]\n${[...lines, `${head} = ${value}`].join('\n')}\n`
  return `[[target]]\n${lines.join('\n')}\n[target.${head}]\n${key} = ${value}\n`
}

describe('every field given every wrong TOML type', () => {
  // Dates included: smol-toml gives them as Date objects, which zod's z.object would take
  // for a table (src/config/schema.ts turns them away).
  const cases = FIELDS.flatMap(([path, accepts]) =>
    Object.keys(VALUES)
      .filter((t) => !accepts.includes(t))
      .map((t) => [path, t] as const),
  )
  const check = (path: string, type: string): void => {
    const text = withField(path, VALUES[type])
    const e = configError(text)
    expectReadable(e.message)
    expect(e.message).toContain(`${path}: expected`)
    expect(e.line).toBe(text.split('\n').findIndex((l) => l.startsWith(`${path.split('.').pop()} =`)) + 1)
  }
  it.each(cases)('%s = <%s>: a ConfigError naming the field and its line', check)

  it.each([
    ['target = 1', /target: expected array of tables \[\[target\]\], got integer/],
    ['[target]\nname = "x"', /target: expected array of tables \[\[target\]\], got table/],
    ['', /at least one \[\[target\]\]/],
    ['[[target]]\n[target.vm.mounts]\n"/m" = "not a table"', /vm\.mounts\."\/m": expected table/],
    [
      '[[target]]\n[target.vm.mounts."/m"]\nhost_path = ' + '['.repeat(500) + ']'.repeat(500),
      /vm\.mounts\."\/m"\.host_path: expected string, got array/,
    ],
  ])('%j is a clear error', (text, message) => {
    const e = configError(text)
    expectReadable(e.message)
    expect(e.message).toMatch(message)
  })
})

describe('huge values', () => {
  it.each([
    ['vm.num_cpus', '9223372036854775807', 'integer 9223372036854775807'],
    ['vm.num_cpus', '-9223372036854775808', 'integer -9223372036854775808'],
    ['vm.num_cpus', '99999999999999999999999999999', 'integer 99999999999999999999999999999'],
    ['vm.num_cpus', '0xFFFFFFFFFFFFFFFF', 'integer 18446744073709551615'],
    ['vm.num_cpus', '256', 'integer 256'],
    ['vm.num_cpus', '1e308', 'float'],
    ['vm.num_cpus', 'inf', 'float inf'],
    ['vm.num_cpus', 'nan', 'float nan'],
  ])('%s = %s is out of range, said with the value', (path, value, shown) => {
    const e = configError(withField(path, value))
    expectReadable(e.message)
    expect(e.message).toMatch(
      new RegExp(`vm\\.num_cpus: expected integer 1\\.\\.255, got ${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    )
  })

  it('a 5 MB name, 20 000 targets and 100 000 extra_args load (QEMU judges sizes like memory)', () => {
    expect(
      load(`[[target]]\nname = "${'n'.repeat(5_000_000)}"\nkernel = "k"\ncommand = "c"\n`).targets[0].name,
    ).toHaveLength(5_000_000)
    expect(load(`[[target]]\n${BASE.join('\n')}\n`.repeat(20_000)).targets).toHaveLength(20_000)
    const args = Array.from({ length: 100_000 }, (_, i) => `"-a${i}"`).join(',')
    expect(
      load(`[[target]]\n${BASE.join('\n')}\n[target.vm]\nextra_args = [${args}]\nmemory = "99999999999999999999T"\n`)
        .targets[0].vm.extraArgs,
    ).toHaveLength(100_000)
  })
})

describe('deep nesting', () => {
  it.each([
    ['arrays 20 000 deep', `x = ${'['.repeat(20_000)}${']'.repeat(20_000)}`],
    ['inline tables 5 000 deep', `x = ${'{a='.repeat(5_000)}1${'}'.repeat(5_000)}`],
    ['vm as inline tables 3 000 deep', `vm = ${'{a='.repeat(3_000)}1${'}'.repeat(3_000)}`],
  ])('%s: a ConfigError at the line, not a stack overflow', (_label, line) => {
    const e = configError(`[[target]]\n${BASE.join('\n')}\n${line}\n`)
    expectReadable(e.message)
    expect(e.message).toMatch(/vmtest\.toml:5:\d+: .*nested/)
  })

  it.each([
    ['a dotted key 20 000 deep', `x${'.a'.repeat(20_000)} = 1`, "unknown key 'x' in [[target]] 't'"],
    [
      'a table header 5 000 deep',
      `[${Array.from({ length: 5_000 }, () => 'a').join('.')}]`,
      "unknown key 'a' at top level",
    ],
  ])('%s loads, with one short unknown-key warning', (_label, line, warning) => {
    const cfg = load(`[[target]]\n${BASE.join('\n')}\n${line}\n`)
    expect(cfg.warnings.map((w) => w.message)).toEqual([warning])
  })
})

describe('through the CLI: one message on stderr, exit 1, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmt8-config-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  class Capture extends Writable {
    text = ''
    _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
      this.text += chunk.toString()
      cb()
    }
  }

  const files: Array<[string, () => string, RegExp]> = [
    [
      'a directory',
      () => (mkdirSync(join(dir, 'adir'), { recursive: true }), join(dir, 'adir')),
      /Failed to read config file .*adir: \/.*adir is a directory$/m,
    ],
    [
      'a missing file',
      () => join(dir, 'missing.toml'),
      /Failed to read config file .*missing\.toml: no such file \(looked for \/.*missing\.toml\)$/m,
    ],
    [
      'binary garbage',
      () => file('bin.toml', Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 0x5b, 0x5b])),
      /Failed to parse config: .*bin\.toml:1:1:/,
    ],
    [
      'deep nesting',
      () => file('deep.toml', `[[target]]\n${BASE.join('\n')}\nx = ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`),
      /deep\.toml:5:\d+: .*nested/,
    ],
    [
      'a wrong type',
      () => file('type.toml', withField('vm.num_cpus', '"two"')),
      /type\.toml:6: target 't': vm\.num_cpus: expected integer 1\.\.255, got string/,
    ],
  ]

  function file(name: string, content: string | Buffer): string {
    writeFileSync(join(dir, name), content)
    return join(dir, name)
  }

  it.each(files)('%s', async (_label, make, message) => {
    const stdout = new Capture()
    const stderr = new Capture()
    const code = await main(['--plan', '-c', make()], { stdout, stderr, env: {}, cwd: dir })
    expect(code).toBe(1)
    expect(stdout.text).toBe('')
    expect(stderr.text).toMatch(message)
    expect(stderr.text).not.toMatch(/^\s+at \S+ \(|Error: |RangeError|TypeError/m)
  })
})
