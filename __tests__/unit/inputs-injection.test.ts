// Workflow-command injection through inputs and flags: a control character is refused in
// every input not meant to hold lines (naming the input), messages that echo a value keep it
// on one line, and neither the action nor the CLI prints a line the runner would take as a
// command. A property test runs every action input and every CLI value flag through
// random text full of control characters.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import fc from 'fast-check'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadInputs } from '../../src/action/inputs.js'
import { run } from '../../src/action/main.js'
import { parseCliArgs, UsageError } from '../../src/cli/args.js'
import { main } from '../../src/cli/main.js'
import { ConfigError } from '../../src/config/errors.js'
import { actionInputs } from './inputs-action-yml.js'

const tmp = mkdtempSync(path.join(tmpdir(), 'vmtest-injection-test-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\x00-\x1f\x7f-\x9f]/
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/
/** Inputs meant to hold several lines (a script, lists one per line). */
const MULTILINE = ['command', 'kernel_args', 'extra_args', 'mounts', 'env_withhold', 'env_pass']

/** Lines the Actions runner would act on: `::cmd` after optional whitespace, or `##[` anywhere. */
function commandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((l) => /^\s*::/.test(l) || l.includes('##['))
}

function clearInputs(): void {
  for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
}

describe('the action refuses an input that would inject a workflow command', () => {
  let out = ''
  beforeEach(() => {
    clearInputs()
    out = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk)
      return true
    })
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
    clearInputs()
    process.exitCode = undefined
  })

  it.each([
    ['kernel_url', 'https://example.com/bzImage\n::error::x'],
    ['image_url', 'https://example.com/d.img\r::warning::x'],
    ['name', 'n\n::add-mask::secret'],
    ['kernel_sha256', `${'a'.repeat(64)}\n::error::x`],
  ])('%s with a line break and a command: refused before anything runs, nothing injected', async (name, value) => {
    vi.stubEnv('GITHUB_WORKSPACE', tmp)
    process.env[`INPUT_${name.toUpperCase()}`] = value
    process.env.INPUT_COMMAND = 'true'
    await run()
    expect(process.exitCode).toBe(1)
    // Our own ::error:: lines only, each naming the input, none of them the injected one.
    const commands = commandLines(out)
    expect(commands.length).toBeGreaterThan(0)
    for (const line of commands) {
      expect(line).toMatch(/^::error( [^:]*)?::/)
      expect(line).toContain(`input '${name}'`)
    }
    expect(out).not.toMatch(/^\s*::(error|warning|add-mask)::(x|secret)\s*$/m)
  })
})

describe('the CLI prints what it echoes without workflow commands', () => {
  async function cli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = new PassThrough()
    const stderr = new PassThrough()
    let o = ''
    let e = ''
    stdout.on('data', (c: Buffer) => (o += c.toString()))
    stderr.on('data', (c: Buffer) => (e += c.toString()))
    const code = await main(argv, { stdout, stderr, env: {}, cwd })
    return { code, stdout: o, stderr: e }
  }

  it('a config key holding a line break and a command is warned about on one line', async () => {
    const dir = path.join(tmp, 'cli-key')
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, 'bzImage'), '')
    writeFileSync(
      path.join(dir, 'vmtest.toml'),
      '"a\\n::error::x" = 1\n[[target]]\nname = "t"\nkernel = "bzImage"\ncommand = "true"\n',
    )
    const r = await cli(['--plan'], dir)
    expect(r.stderr).toContain('warning:')
    expect(commandLines(r.stderr)).toEqual([])
  })

  it.each([
    [['-k', 'k\n::error::x', 'true']],
    [['--filter', '::error::x']],
    [['--x\n::error::y']],
    [['ls', '##[error]x']],
  ])('%j: an error, and no line a runner would act on', async (argv) => {
    const r = await cli(argv, tmp)
    expect(r.code).toBe(1)
    expect(commandLines(r.stderr + r.stdout)).toEqual([])
  })
})

// Text a runner or terminal cares about, around values that would otherwise be valid.
const nasty = fc.constantFrom(
  '\n',
  '\r',
  '\t',
  '\x00',
  '\x07',
  '\x1b',
  '\x1b[2J',
  '\x7f',
  '\x85',
  '\x9b',
  '\u2028',
  '::error::x',
  '##[group]',
  '%0A',
  ' ',
  ':',
  ',',
  "'",
  '"',
  '\\',
)
const seed = fc.constantFrom(
  '',
  'https://example.com/bzImage',
  'a'.repeat(64),
  `sha256:${'b'.repeat(64)}`,
  'auto',
  'rw',
  '16M',
  '4',
  'true',
  '/mnt/a:./a:rw',
  'GITHUB_TOKEN',
  'bzImage',
  '-device virtio-rng-pci',
)
const value = fc
  .tuple(
    seed,
    fc.array(fc.oneof(nasty, fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })), {
      maxLength: 5,
    }),
    fc.nat(),
  )
  .map(([s, parts, at]) => {
    const extra = parts.join('')
    const i = s.length === 0 ? 0 : at % (s.length + 1)
    return s.slice(0, i) + extra + s.slice(i)
  })

describe('property: every input, any text', () => {
  const names = actionInputs().map((i) => i.name)

  it('is accepted only without stray control characters, or refused naming the input on one line', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), value, (name, v) => {
        const read = (n: string): string => (n === name ? v.trim() : '')
        const given = read(name)
        try {
          loadInputs(read)
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e
          expect(e.message).toContain(`input '${name}'`)
          expect(e.message).not.toMatch(ANY_CONTROL)
          return
        }
        expect(given).not.toMatch(MULTILINE.includes(name) ? CONTROL_BUT_LINES : ANY_CONTROL)
      }),
      { numRuns: 2000 },
    )
  })

  it('CLI value flags follow the same rule, naming the flag', () => {
    const flags = [
      '--config',
      '--filter',
      '--kernel',
      '--kargs',
      '--kvm-cpu-args',
      '--rootfs',
      '--arch',
      '--qemu-command',
      '--accel',
      '--boot-timeout',
      '--timeout',
      '--initramfs',
      '--jobs',
      '--json',
      '--test-output',
      '--logs-dir',
      '--workspace-mount',
      '--max-log-size',
    ]
    fc.assert(
      fc.property(fc.constantFrom(...flags), value, (flag, v) => {
        try {
          // --config conflicts with -k; every other flag is tried in one-liner mode.
          parseCliArgs(flag === '--config' ? [`${flag}=${v}`] : ['-k', 'k', `${flag}=${v}`, 'true'])
        } catch (e) {
          if (!(e instanceof UsageError)) throw e
          expect(e.message).toContain(`'${flag}'`)
          expect(e.message).not.toMatch(ANY_CONTROL)
          return
        }
        expect(v).not.toMatch(flag === '--kargs' ? CONTROL_BUT_LINES : ANY_CONTROL)
      }),
      { numRuns: 2000 },
    )
  })
})
