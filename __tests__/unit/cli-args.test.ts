// `vmtest` argv → CliArgs → Plan: upstream's flags and conflicts, ours, the verbatim trailing
// command, config vs one-liner mode and --filter semantics.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseCliArgs, UsageError, type CliArgs } from '../../src/cli/args.js'
import { HELP_TEXT } from '../../src/cli/help.js'
import { planFromCli } from '../../src/cli/plan.js'
import { ConfigError, hostArch } from '../../src/config/index.js'

const tmp = mkdtempSync(path.join(tmpdir(), 'vmtest-cli-test-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv)
  } catch (e) {
    if (e instanceof UsageError) return e.message
    throw e
  }
  throw new Error(`expected a UsageError for ${JSON.stringify(argv)}`)
}

describe('parseCliArgs', () => {
  it('holds only what was given (the run defaults live in the shared RunOptions builder)', () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      version: false,
      command: [],
      plan: false,
      writeImage: false,
      failOnSplat: false,
    } satisfies CliArgs)
  })

  it.each<[string, string[], Partial<CliArgs>]>([
    ['short config and filter', ['-c', 'x.toml', '-f', 'a|b'], { config: 'x.toml', filter: 'a|b' }],
    ['long config and filter with =', ['--config=x.toml', '--filter=^k'], { config: 'x.toml', filter: '^k' }],
    [
      'one-liner flags',
      [
        '-k',
        'bzImage',
        '--kargs',
        'quiet',
        '-r',
        'root',
        '-a',
        'aarch64',
        '-q',
        'qemu',
        '--kvm-cpu-args',
        'host,pmu=off',
      ],
      {
        kernel: 'bzImage',
        kargs: 'quiet',
        rootfs: 'root',
        arch: 'aarch64',
        qemuCommand: 'qemu',
        kvmCpuArgs: 'host,pmu=off',
      },
    ],
    ['attached short value', ['-kbzImage', 'true'], { kernel: 'bzImage', command: ['true'] }],
    ['short flag group ending in a value flag', ['-k', 'k', '-hf', 'x'], { help: true }],
    [
      'our flags',
      [
        '--accel',
        'tcg',
        '--plan',
        '--boot-timeout',
        '30',
        '--timeout',
        '1.5',
        '--initramfs',
        'off',
        '--jobs',
        '3',
        '--json',
        'r.json',
        '--write-image',
        '--fail-on-splat',
        '--test-output',
        'tap',
        '--logs-dir',
        'logs',
      ],
      {
        accel: 'tcg',
        plan: true,
        bootTimeout: 30,
        timeout: 1.5,
        initramfs: 'off',
        jobs: 3,
        json: 'r.json',
        writeImage: true,
        failOnSplat: true,
        testOutput: 'tap',
        logsDir: 'logs',
      },
    ],
    ['jobs auto', ['-j', 'auto'], { jobs: 'auto' }],
    [
      'workspace mount and log cap',
      ['--workspace-mount', 'ro', '--max-log-size', '64M'],
      { workspaceMount: 'ro', maxLogSize: 64 * 1024 * 1024 },
    ],
    ['a newline in kargs is whitespace', ['-k', 'k', '--kargs', 'a\nb', 'true'], { kargs: 'a\nb' }],
    ['help', ['--help'], { help: true }],
    ['version', ['-V'], { version: true }],
    ['help wins over conflicts', ['-c', 'x', '-k', 'y', '-h'], { help: true }],
  ])('%s', (_label, argv, expected) => {
    expect(parseCliArgs(argv)).toMatchObject(expected)
  })

  it.each<[string, string[], string[]]>([
    ['after --', ['-k', 'bzImage', '--', 'ls', '-la'], ['ls', '-la']],
    ['from the first positional, flags included', ['-k', 'bzImage', 'echo', '-n', 'hi'], ['echo', '-n', 'hi']],
    [
      "our own flags after the command are the command's",
      ['-k', 'bzImage', 'prog', '--plan', '-c', 'x'],
      ['prog', '--plan', '-c', 'x'],
    ],
    ['a second -- is kept', ['-k', 'k', '--', 'a', '--', 'b'], ['a', '--', 'b']],
    ['- is the interactive shell', ['-k', 'k', '-'], ['-']],
    [
      'quotes, $ and spaces untouched',
      ['-k', 'k', '--', 'echo "a  b"', '$HOME', "'q'"],
      ['echo "a  b"', '$HOME', "'q'"],
    ],
    ['-- alone means no command', ['-k', 'k', '--'], []],
    ['go test -exec style', ['-k', 'bzImage', '--', './pkg.test', '-test.v'], ['./pkg.test', '-test.v']],
  ])('trailing command %s', (_label, argv, command) => {
    expect(parseCliArgs(argv).command).toEqual(command)
  })

  it.each([
    ['unknown long flag', ['--kernal', 'x'], "unexpected argument '--kernal' found (did you mean '--kernel'?)"],
    [
      'unknown long flag, underscores',
      ['--boot_timeout=3'],
      "unexpected argument '--boot_timeout' found (did you mean '--boot-timeout'?)",
    ],
    [
      'unknown long flag, one letter off',
      ['--filtr', 'x'],
      "unexpected argument '--filtr' found (did you mean '--filter'?)",
    ],
    ['unknown short flag', ['-x'], "unexpected argument '-x' found"],
    ['missing value', ['-k'], '--kernel'],
    ['bad accel', ['--accel', 'hvf'], "invalid value 'hvf' for '--accel': expected one of auto, kvm, tcg"],
    ['bad initramfs', ['--initramfs', 'yes'], "invalid value 'yes' for '--initramfs': expected one of auto, on, off"],
    [
      'bad test-output',
      ['--test-output', 'junit'],
      "invalid value 'junit' for '--test-output': expected one of none, tap, test_progs, auto",
    ],
    [
      'bad arch',
      ['-k', 'k', '-a', 'arm64', 'x'],
      "invalid value 'arm64' for '--arch': expected one of x86_64, aarch64, s390x, riscv64",
    ],
    ['bad jobs', ['--jobs', '0'], "invalid value '0' for '--jobs'"],
    ['bad timeout', ['--timeout', '-5'], "'--timeout'"],
    [
      'bad boot timeout',
      ['--boot-timeout', '10s'],
      "invalid value '10s' for '--boot-timeout': expected a number of seconds > 0",
    ],
    [
      'bad workspace mount',
      ['--workspace-mount', 'none'],
      "invalid value 'none' for '--workspace-mount': expected one of rw, ro, off",
    ],
    [
      'bad log size',
      ['--max-log-size', '1T'],
      "invalid value '1T' for '--max-log-size': expected a size in bytes > 0, optionally with a K, M or G suffix",
    ],
    [
      'a newline in a path',
      ['-k', 'bz\nImage', 'true'],
      "invalid value 'bz\\nImage' for '--kernel': control character \\n at offset 2 (it must be one line of text)",
    ],
    ['an escape in a filter', ['-f', '\x1b[2J'], "invalid value '\\x1b[2J' for '--filter': control character \\x1b"],
    ['value for a boolean', ['--plan=yes'], 'plan'],
    [
      '-k with -c',
      ['-c', 'v.toml', '-k', 'bzImage', 'x'],
      "the argument '--config <CONFIG>' cannot be used with '--kernel <KERNEL>'",
    ],
    [
      '-c with a one-liner flag',
      ['-c', 'v.toml', '--kargs', 'quiet'],
      "the argument '--config <CONFIG>' cannot be used with '--kargs <KARGS>'",
    ],
    [
      '-c with a command',
      ['-c', 'v.toml', 'ls'],
      "the argument '--config <CONFIG>' cannot be used with '[COMMAND]...'",
    ],
    ['one-liner flag without -k', ['-r', '/srv'], "'--rootfs' only applies with '--kernel'"],
    ['command without -k', ['ls', '-l'], "a COMMAND ('ls -l') needs '--kernel'"],
  ])('%s is a UsageError', (_label, argv, message) => {
    expect(usageError(argv)).toContain(message)
  })

  it('help lists every flag', () => {
    for (const flag of [
      '--config',
      '--filter',
      '--kernel',
      '--kargs',
      '--rootfs',
      '--arch',
      '--qemu-command',
      '--kvm-cpu-args',
      '--accel',
      '--plan',
      '--boot-timeout',
      '--timeout',
      '--initramfs',
      '--jobs',
      '--json',
      '--write-image',
      '--fail-on-splat',
      '--test-output',
      '--logs-dir',
      '--workspace-mount',
      '--max-log-size',
      '--help',
      '--version',
      'VMTEST_NO_UI',
    ]) {
      expect(HELP_TEXT).toContain(flag)
    }
    expect(HELP_TEXT).toMatch(/^Usage: vmtest \[OPTIONS\] \[COMMAND\]\.\.\.$/m)
  })
})

describe('planFromCli', () => {
  const cfgDir = path.join(tmp, 'proj')
  mkdirSync(cfgDir, { recursive: true })
  writeFileSync(
    path.join(cfgDir, 'vmtest.toml'),
    'typo = 1\n' +
      ['v6.1', 'v6.10', 'uefi-image']
        .map((n) => `[[target]]\nname = "${n}"\nkernel = "k-${n}"\ncommand = "true"\n`)
        .join(''),
  )
  const plan = (argv: string[], cwd = cfgDir, env: NodeJS.ProcessEnv = {}) => planFromCli(parseCliArgs(argv), cwd, env)

  it('config mode reads ./vmtest.toml from cwd by default, with warnings', () => {
    const p = plan([])
    expect(p.targets.map((t) => t.name)).toEqual(['v6.1', 'v6.10', 'uefi-image'])
    expect(p.targets[0].kernel).toBe(path.join(cfgDir, 'k-v6.1'))
    expect(p.warnings).toEqual([
      { message: "unknown key 'typo' at top level", file: path.join(cfgDir, 'vmtest.toml'), line: 1 },
    ])
  })

  it('-c resolves against cwd and paths inside against the config directory', () => {
    const p = plan(['-c', 'proj/vmtest.toml'], tmp)
    expect(p.targets[0].kernel).toBe(path.join(cfgDir, 'k-v6.1'))
    expect(p.targets[0].sharedDir).toBe(cfgDir)
  })

  it.each([
    ['6.1', ['v6.1', 'v6.10']],
    ['6\\.1$', ['v6.1']],
    ['image', ['uefi-image']],
    ['^v', ['v6.1', 'v6.10']],
  ])('--filter %j is an unanchored regex search', (f, names) => {
    expect(plan(['-f', f]).targets.map((t) => t.name)).toEqual(names)
  })

  it('a filter matching nothing plans no targets and warns', () => {
    const p = plan(['-f', 'zzz'])
    expect(p.targets).toEqual([])
    expect(p.warnings.map((w) => w.message)).toContain(
      "--filter 'zzz' matches none of the 3 target(s) in vmtest.toml: 'v6.1', 'v6.10', 'uefi-image'; nothing to run",
    )
  })

  it('an invalid filter is a ConfigError', () => {
    expect(() => plan(['-f', '('])).toThrow(ConfigError)
  })

  it('a missing config is a ConfigError naming it', () => {
    expect(() => plan(['-c', 'nope.toml'])).toThrow(/Failed to read config file nope\.toml/)
  })

  it('one-liner mode: one target named after the kernel, filter ignored with a warning', () => {
    const p = plan(['-k', 'kernels/bzImage-6.6', '-f', 'nomatch', '--', 'echo', 'a  b'], '/some/cwd')
    expect(p.targets).toHaveLength(1)
    expect(p.targets[0]).toMatchObject({
      name: 'bzImage-6.6',
      kernel: '/some/cwd/kernels/bzImage-6.6',
      command: 'echo a  b',
      sharedDir: '/some/cwd',
      rootfs: '/',
      arch: hostArch(),
    })
    expect(p.warnings).toEqual([
      { message: "--filter 'nomatch' is ignored with --kernel (one-liner mode has one target)" },
    ])
  })

  it.each([[['-k', 'bzImage']], [['-k', 'bzImage', '--']], [['-k', 'bzImage', '--', ' ']]])(
    'one-liner without a command (%j) says the command is missing, not a config',
    (argv) => {
      expect(() => plan(argv)).toThrow("error: no COMMAND to run in the guest after '--kernel bzImage'")
      expect(() => plan(argv)).toThrow('Usage: vmtest -k KERNEL -- COMMAND')
      expect(() => plan(argv)).not.toThrow(/config/i)
    },
  )

  it('run options come from our flags, logs dir resolved against cwd', () => {
    const p = plan(
      [
        '--accel',
        'tcg',
        '--timeout',
        '60',
        '--boot-timeout',
        '200',
        '-j',
        'auto',
        '--logs-dir',
        'out',
        '--fail-on-splat',
        '--write-image',
        '--initramfs',
        'on',
        '--test-output',
        'none',
        '-k',
        'k',
        'true',
      ],
      '/w',
    )
    expect(p.options).toEqual({
      accel: 'tcg',
      commandTimeout: 60,
      bootTimeout: 200,
      jobs: 'auto',
      logsDir: '/w/out',
      failOnSplat: true,
      writeImage: true,
      initramfs: 'on',
      testOutput: 'none',
      envWithhold: [],
      envPass: [],
      workspaceMount: 'rw',
    })
  })

  it('--workspace-mount and --max-log-size reach the run options', () => {
    expect(plan(['--workspace-mount', 'off', '--max-log-size', '512K', '-k', 'k', 'true'], '/w').options).toMatchObject(
      { workspaceMount: 'off', maxLogBytes: 512 * 1024 },
    )
  })

  it('VMTEST_ENV_WITHHOLD / VMTEST_ENV_PASS fill the env lists; bad names are a ConfigError', () => {
    const p = plan(['-k', 'k', 'true'], '/w', { VMTEST_ENV_WITHHOLD: 'A, B\nC', VMTEST_ENV_PASS: 'GITHUB_TOKEN' })
    expect(p.options.envWithhold).toEqual(['A', 'B', 'C'])
    expect(p.options.envPass).toEqual(['GITHUB_TOKEN'])
    expect(() => plan(['-k', 'k', 'true'], '/w', { VMTEST_ENV_PASS: '1BAD' })).toThrow(ConfigError)
  })
})
