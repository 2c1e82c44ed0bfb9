// Action inputs through real INPUT_* environment variables (as the runner sets them) →
// ActionInputs → Plan, including the config / target-input conflicts; and action.yml agrees
// with what the code reads.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadInputs, parseMounts, planFromInputs, TARGET_INPUTS, type ActionInputs } from '../../src/action/inputs.js'
import { ConfigError, hostArch } from '../../src/config/index.js'
import { splitShellWords } from '../../src/config/lists.js'
import { formatByteSize } from '../../src/config/values.js'
import {
  ACCEL_MODES,
  ARCHES,
  DEFAULT_MAX_LOG_BYTES,
  INITRAMFS_MODES,
  INSTALL_MODES,
  TEST_OUTPUTS,
  WORKSPACE_MOUNTS,
} from '../../src/plan/types.js'
import { actionInputs } from './inputs-action-yml.js'

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const tmp = mkdtempSync(path.join(tmpdir(), 'vmtest-inputs-test-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function clearInputs(): void {
  for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
}
beforeEach(clearInputs)
afterEach(clearInputs)

/** Set inputs exactly as the runner does: INPUT_<NAME uppercased, spaces → _>. */
function setInputs(inputs: Record<string, string>): void {
  for (const [k, v] of Object.entries(inputs)) process.env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v
}

function load(inputs: Record<string, string>): ActionInputs {
  clearInputs()
  setInputs(inputs)
  return loadInputs()
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (e) {
    if (e instanceof ConfigError) return e
    throw e
  }
  throw new Error('expected a ConfigError')
}

describe('loadInputs', () => {
  it('defaults when nothing is set: only run inputs, no target inputs', () => {
    expect(load({})).toEqual({
      accel: 'auto',
      initramfs: 'auto',
      write_image: false,
      plan_only: false,
      install: 'auto',
      cache: true,
      fail_on_splat: false,
      test_output: 'auto',
      continue_on_failure: false,
      jobs: 'auto',
      env_withhold: [],
      env_pass: [],
      workspace_mount: 'rw',
    })
  })

  it('reads and types every input', () => {
    const inputs = load({
      config: 'ci/vmtest.toml',
      filter: '^k',
      name: 'my target',
      kernel: 'bzImage',
      kernel_url: 'https://example.com/bzImage',
      kernel_sha256: 'A'.repeat(64),
      image: 'disk.img',
      image_url: 'http://example.com/disk.img',
      image_sha256: 'b'.repeat(64),
      uefi: 'True',
      kernel_args: 'quiet  nokaslr',
      rootfs: 'root',
      arch: 'aarch64',
      qemu_command: '/opt/qemu',
      command: 'set -e\necho "$HOME"\n',
      cpus: '4',
      memory: '1G',
      extra_args: '-device virtio-rng-pci\n-append "a b"',
      mounts: '/mnt/a:./a:rw\n/mnt/b:/b',
      kvm_cpu_args: 'host,pmu=off',
      accel: 'tcg',
      boot_timeout: '300',
      timeout: '60',
      initramfs: 'off',
      write_image: 'true',
      plan_only: 'TRUE',
      install: 'tool-cache',
      cache: 'false',
      fail_on_splat: 'true',
      test_output: 'tap',
      continue_on_failure: 'true',
      jobs: 'auto',
      env_withhold: 'AWS_SECRET, NPM_TOKEN',
      env_pass: 'GITHUB_TOKEN',
      logs_dir: 'logs',
      workspace_mount: 'ro',
      max_log_size: '16M',
    })
    expect(inputs).toEqual({
      config: 'ci/vmtest.toml',
      filter: '^k',
      name: 'my target',
      kernel: 'bzImage',
      kernel_url: 'https://example.com/bzImage',
      kernel_sha256: 'a'.repeat(64),
      image: 'disk.img',
      image_url: 'http://example.com/disk.img',
      image_sha256: 'b'.repeat(64),
      uefi: true,
      kernel_args: 'quiet  nokaslr',
      rootfs: 'root',
      arch: 'aarch64',
      qemu_command: '/opt/qemu',
      // getInput trims the ends (a YAML `|` block's final newline), nothing inside.
      command: 'set -e\necho "$HOME"',
      cpus: 4,
      memory: '1G',
      extra_args: ['-device', 'virtio-rng-pci', '-append', 'a b'],
      mounts: [
        { guestPath: '/mnt/a', hostPath: './a', writable: true },
        { guestPath: '/mnt/b', hostPath: '/b', writable: false },
      ],
      kvm_cpu_args: 'host,pmu=off',
      accel: 'tcg',
      boot_timeout: 300,
      timeout: 60,
      initramfs: 'off',
      write_image: true,
      plan_only: true,
      install: 'tool-cache',
      cache: false,
      fail_on_splat: true,
      test_output: 'tap',
      continue_on_failure: true,
      jobs: 'auto',
      env_withhold: ['AWS_SECRET', 'NPM_TOKEN'],
      env_pass: ['GITHUB_TOKEN'],
      logs_dir: 'logs',
      workspace_mount: 'ro',
      max_log_size: 16 * 1024 * 1024,
    })
  })

  it.each([
    ['accel', 'hvf', "invalid value 'hvf' for input 'accel': expected one of auto, kvm, tcg"],
    ['initramfs', 'yes', "invalid value 'yes' for input 'initramfs': expected one of auto, on, off"],
    ['install', 'brew', "invalid value 'brew' for input 'install': expected one of auto, apt, tool-cache, none"],
    [
      'test_output',
      'junit',
      "invalid value 'junit' for input 'test_output': expected one of none, tap, test_progs, auto",
    ],
    ['arch', 'amd64', "invalid value 'amd64' for input 'arch': expected one of x86_64, aarch64, s390x, riscv64"],
    ['uefi', 'yes', "invalid value 'yes' for input 'uefi': expected one of true, True, TRUE, false, False, FALSE"],
    ['cache', '1', "invalid value '1' for input 'cache': expected one of true, True, TRUE, false, False, FALSE"],
    ['cpus', '0', "invalid value '0' for input 'cpus': expected an integer 1..255"],
    ['cpus', '2.5', "invalid value '2.5' for input 'cpus': expected an integer 1..255"],
    ['jobs', 'many', "invalid value 'many' for input 'jobs': expected a number of parallel targets >= 1, or auto"],
    ['timeout', '5m', "invalid value '5m' for input 'timeout': expected a number of seconds > 0"],
    ['boot_timeout', '0', "invalid value '0' for input 'boot_timeout': expected a number of seconds > 0"],
    [
      'kernel_url',
      'ftp://x/bzImage',
      "invalid value 'ftp://x/bzImage' for input 'kernel_url': expected an http:// or https:// URL",
    ],
    ['image_url', 'not a url', "invalid value 'not a url' for input 'image_url': expected an http:// or https:// URL"],
    [
      'kernel_sha256',
      'abc',
      "invalid value 'abc' for input 'kernel_sha256': expected a SHA-256: 64 hex digits, optionally prefixed with sha256:",
    ],
    ['image_sha256', `sha256:${'g'.repeat(64)}`, "for input 'image_sha256': expected a SHA-256"],
    ['workspace_mount', 'none', "invalid value 'none' for input 'workspace_mount': expected one of rw, ro, off"],
    [
      'max_log_size',
      '10 MB',
      "invalid value '10 MB' for input 'max_log_size': expected a size in bytes > 0, optionally with a K, M or G suffix",
    ],
    ['max_log_size', '0', "invalid value '0' for input 'max_log_size'"],
    [
      'kernel_url',
      'https://e.com/k\n::error::x',
      "invalid value 'https://e.com/k\\n::error::x' for input 'kernel_url': control character \\n at offset 15 (it must be one line of text)",
    ],
    ['name', 'a\tb', "invalid value 'a\\tb' for input 'name': control character \\t at offset 1"],
    [
      'command',
      'echo \x1b]0;title\x07',
      "invalid value 'echo \\x1b]0;title\\x07' for input 'command': control character \\x1b at offset 5 (only newlines and tabs are allowed)",
    ],
    ['filter', 'a\u0085b', "for input 'filter': control character \\x85"],
    ['env_withhold', 'OK, 1BAD, a-b', "invalid environment variable names '1BAD', 'a-b' in input 'env_withhold'"],
    [
      'mounts',
      'relative:/x',
      "invalid mount 'relative:/x' on line 1 of input 'mounts': expected guest_path:host_path[:rw]",
    ],
    ['mounts', '/a:/x\n/b', "invalid mount '/b' on line 2 of input 'mounts'"],
    ['mounts', '/a:/x\n/a:/y:rw', "guest path '/a' is mounted twice in input 'mounts' (line 2)"],
    ['extra_args', '-append "unterminated', `unterminated " quote in input 'extra_args'`],
  ])('%s=%j is an error listing what is allowed', (name, value, message) => {
    expect(errorOf(() => load({ [name]: value })).message).toContain(message)
  })
})

describe('loadInputs: one rule for digests and URLs, every problem at once', () => {
  it.each([
    ['A'.repeat(64), 'a'.repeat(64)],
    [`sha256:${'b'.repeat(64)}`, 'b'.repeat(64)],
    [`SHA256:${'C'.repeat(64)}`, 'c'.repeat(64)],
  ])('kernel_sha256 %s is accepted as %s (as the downloader accepts it)', (value, digest) => {
    expect(load({ kernel_sha256: value }).kernel_sha256).toBe(digest)
  })

  it('lists every bad input in one error, one line each', () => {
    const lines = errorOf(() => load({ accel: 'hvf', cpus: '0', kernel_url: 'ftp://x' })).message.split('\n')
    expect(lines).toEqual([
      "invalid value 'ftp://x' for input 'kernel_url': expected an http:// or https:// URL",
      "invalid value '0' for input 'cpus': expected an integer 1..255",
      "invalid value 'hvf' for input 'accel': expected one of auto, kvm, tcg",
    ])
  })

  it('newlines are fine where an input holds lines, and nowhere else', () => {
    expect(load({ command: 'a\n\tb', kernel_args: 'quiet\nnokaslr', env_pass: 'A\nB' })).toMatchObject({
      command: 'a\n\tb',
      kernel_args: 'quiet\nnokaslr',
      env_pass: ['A', 'B'],
    })
    for (const name of [
      'config',
      'filter',
      'name',
      'kernel',
      'image',
      'rootfs',
      'memory',
      'qemu_command',
      'kvm_cpu_args',
      'logs_dir',
    ]) {
      expect(errorOf(() => load({ [name]: 'a\nb' })).message, name).toContain(
        `for input '${name}': control character \\n`,
      )
    }
  })
})

describe('parsers', () => {
  it.each([
    ['-a b\n-c', ['-a', 'b', '-c']],
    [`-append 'console=ttyS0 quiet' -x`, ['-append', 'console=ttyS0 quiet', '-x']],
    [`"a \\"q\\" \\\\ \\$x" b`, ['a "q" \\ $x', 'b']],
    [`a\\ b c`, ['a b', 'c']],
    [`''`, ['']],
    [`x""y`, ['xy']],
    [
      `-device virtio-net,netdev=n0 \\\n  -netdev user,id=n0`,
      ['-device', 'virtio-net,netdev=n0', '-netdev', 'user,id=n0'],
    ],
    [`$HOME 'it''s'`, ['$HOME', 'its']],
  ])('splitShellWords(%j)', (text, words) => {
    expect(splitShellWords(text, 'x')).toEqual(words)
  })

  it.each([
    ['/g:h', [{ guestPath: '/g', hostPath: 'h', writable: false }]],
    ['/g:h:ro', [{ guestPath: '/g', hostPath: 'h', writable: false }]],
    ['/g:h:rw', [{ guestPath: '/g', hostPath: 'h', writable: true }]],
    ['  # comment\n\n  /g:/h/i  \n', [{ guestPath: '/g', hostPath: '/h/i', writable: false }]],
    ['/g:C:rw', [{ guestPath: '/g', hostPath: 'C', writable: true }]],
  ])('parseMounts(%j)', (text, mounts) => {
    expect(parseMounts(text)).toEqual(mounts)
  })
})

describe('planFromInputs', () => {
  const ws = path.join(tmp, 'workspace')
  mkdirSync(path.join(ws, 'ci'), { recursive: true })
  writeFileSync(
    path.join(ws, 'ci', 'vmtest.toml'),
    ['a-6.1', 'b-6.6'].map((n) => `[[target]]\nname = "${n}"\nkernel = "k-${n}"\ncommand = "true"\n`).join('') +
      'kernal = "x"\n',
  )
  const plan = (inputs: Record<string, string>, workspace = ws) => planFromInputs(load(inputs), workspace)

  it("inputs describe one target, named like upstream's action, paths against the workspace", () => {
    const p = plan({
      kernel: 'kernels/bzImage',
      command: "echo 'hi'\nexit 0",
      kernel_args: 'quiet',
      cpus: '3',
      memory: '1G',
      mounts: '/mnt/d:data:rw',
      extra_args: '-x "y z"',
    })
    expect(p.targets).toEqual([
      {
        name: 'vmtest-action target',
        kind: 'kernel',
        arch: hostArch(),
        kernel: path.join(ws, 'kernels', 'bzImage'),
        kernelArgs: 'quiet',
        uefi: false,
        rootfs: '/',
        qemuCommand: `qemu-system-${hostArch()}`,
        command: "echo 'hi'\nexit 0",
        kvmCpuArgs: 'host',
        vm: {
          numCpus: 3,
          memory: '1G',
          mounts: [{ guestPath: '/mnt/d', hostPath: path.join(ws, 'data'), writable: true }],
          extraArgs: ['-x', 'y z'],
        },
        sharedDir: ws,
        origin: { index: 0 },
      },
    ])
    expect(p.warnings).toEqual([])
  })

  it('kernel_url / image_url go into source, kernel / image stay unset', () => {
    const k = plan({
      name: 'remote',
      kernel_url: 'https://e.com/bzImage',
      kernel_sha256: 'f'.repeat(64),
      command: 'true',
    }).targets[0]
    expect(k).toMatchObject({
      name: 'remote',
      kind: 'kernel',
      source: { kernelUrl: 'https://e.com/bzImage', kernelSha256: 'f'.repeat(64) },
    })
    expect(k.kernel).toBeUndefined()
    const i = plan({ image_url: 'https://e.com/d.qcow2', uefi: 'true', command: 'true' }).targets[0]
    expect(i).toMatchObject({ kind: 'image', uefi: true, source: { imageUrl: 'https://e.com/d.qcow2' } })
    expect(i.image).toBeUndefined()
  })

  it.each([
    [
      'kernel and kernel_url',
      { kernel: 'k', kernel_url: 'https://e.com/k', command: 'x' },
      'Cannot specify both kernel and kernel_url',
    ],
    [
      'image and image_url',
      { image: 'i', image_url: 'https://e.com/i', command: 'x' },
      'Cannot specify both image and image_url',
    ],
    [
      'kernel_sha256 without kernel_url',
      { kernel: 'k', kernel_sha256: 'a'.repeat(64), command: 'x' },
      "input 'kernel_sha256' needs 'kernel_url'",
    ],
    [
      'no kernel or image',
      { command: 'x' },
      "Invalid config: Target 'vmtest-action target' must specify 'image' or 'kernel'",
    ],
    [
      'kernel and image_url',
      { kernel: 'k', image_url: 'https://e.com/i', command: 'x' },
      "Invalid config: Target 'vmtest-action target' specified both 'image' and 'kernel'",
    ],
    [
      'uefi with a kernel',
      { kernel_url: 'https://e.com/k', uefi: 'true', command: 'x' },
      "Invalid config: Target 'vmtest-action target' must specify 'image' with 'uefi'",
    ],
    [
      'kernel_args with an image',
      { name: 'n', image: 'i', kernel_args: 'quiet', command: 'x' },
      "Invalid config: Target 'n' must specify 'kernel' with 'kernel_args'",
    ],
  ])('single target: %s is an error', (_label, inputs, message) => {
    expect(errorOf(() => plan(inputs)).message).toBe(message)
  })

  it('with config: targets come from the file, filtered, with its warnings', () => {
    const p = plan({ config: 'ci/vmtest.toml', filter: 'b-' })
    expect(p.targets.map((t) => [t.name, t.kernel, t.sharedDir])).toEqual([
      ['b-6.6', path.join(ws, 'ci', 'k-b-6.6'), path.join(ws, 'ci')],
    ])
    expect(p.warnings).toEqual([
      {
        message: "unknown key 'kernal' in [[target]] 'b-6.6' (did you mean 'kernel'?)",
        file: path.join(ws, 'ci', 'vmtest.toml'),
        line: 9,
      },
    ])
  })

  it('with config, every target input given is named in one error', () => {
    const e = errorOf(() => plan({ config: 'ci/vmtest.toml', kernel: 'k', command: 'x', cpus: '2' }))
    expect(e.message).toBe(
      "inputs 'kernel', 'command', 'cpus' cannot be used with 'config': targets come from ci/vmtest.toml",
    )
    expect(errorOf(() => plan({ config: 'ci/vmtest.toml', uefi: 'false' })).message).toBe(
      "input 'uefi' cannot be used with 'config': targets come from ci/vmtest.toml",
    )
  })

  it('run inputs are fine with config', () => {
    const p = plan({
      config: 'ci/vmtest.toml',
      accel: 'tcg',
      jobs: '2',
      timeout: '30',
      logs_dir: 'out',
      workspace_mount: 'off',
      max_log_size: '2G',
    })
    expect(p.options).toMatchObject({
      accel: 'tcg',
      jobs: 2,
      commandTimeout: 30,
      logsDir: path.join(ws, 'out'),
      workspaceMount: 'off',
      maxLogBytes: 2 * 1024 ** 3,
    })
  })

  it('without config or command, the workspace vmtest.toml is used', () => {
    const ws2 = path.join(tmp, 'ws2')
    mkdirSync(ws2, { recursive: true })
    writeFileSync(path.join(ws2, 'vmtest.toml'), '[[target]]\nname = "found"\nimage = "d.img"\ncommand = "true"\n')
    expect(plan({}, ws2).targets.map((t) => [t.name, t.image])).toEqual([['found', path.join(ws2, 'd.img')]])
    // Target inputs then conflict with that implicit config, and the message says why.
    expect(errorOf(() => plan({ kernel: 'k' }, ws2)).message).toBe(
      "input 'kernel' cannot be used with 'config': targets come from vmtest.toml (no 'command' input was given, so vmtest.toml from the workspace is used)",
    )
  })

  it('without config, command or a workspace vmtest.toml: an error saying what to set', () => {
    const empty = path.join(tmp, 'empty')
    mkdirSync(empty, { recursive: true })
    expect(errorOf(() => plan({ kernel: 'k' }, empty)).message).toMatch(
      /^No 'command' or 'config' input, and no vmtest.toml in the workspace \(.*empty\)/,
    )
  })

  it('filter without config is ignored with a warning', () => {
    const p = plan({ kernel: 'k', command: 'x', filter: 'abc' })
    expect(p.targets).toHaveLength(1)
    expect(p.warnings).toEqual([
      { message: "input 'filter' is ignored without 'config' (the inputs describe one target)" },
    ])
  })

  it('a broken config is a ConfigError with its location', () => {
    writeFileSync(path.join(ws, 'bad.toml'), '[[target]]\nname = "x"\ncommand = "y"\n')
    const e = errorOf(() => plan({ config: 'bad.toml' }))
    expect(e.message).toBe("Invalid config: bad.toml:1: Target 'x' must specify 'image' or 'kernel'")
    expect(e.toDiagnostic()).toEqual({
      message: "Invalid config: Target 'x' must specify 'image' or 'kernel'",
      file: path.join(ws, 'bad.toml'),
      line: 1,
    })
  })
})

describe('action.yml', () => {
  const yml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8')
  const section = (name: string): string => {
    const m = new RegExp(`^${name}:\\n((?:  .*\\n|\\s*\\n)*)`, 'm').exec(yml)
    return m ? m[1] : ''
  }
  const keysOf = (block: string): string[] => [...block.matchAll(/^ {2}([a-z_0-9]+):/gm)].map((m) => m[1])

  it('declares exactly the inputs loadInputs reads', () => {
    const read: string[] = []
    loadInputs((name) => {
      read.push(name)
      return ''
    })
    expect(keysOf(section('inputs')).sort()).toEqual([...read].sort())
  })

  it('gives every input a description, and target inputs no default (so "not given" is visible)', () => {
    const block = section('inputs')
    const entries = block.split(/^ {2}(?=[a-z_])/m).filter((e) => e.trim() !== '')
    for (const entry of entries) {
      const name = entry.split(':')[0]
      expect(entry, name).toMatch(/\n {4}description: '.+'/)
      if ((TARGET_INPUTS as readonly string[]).includes(name)) expect(entry, name).not.toMatch(/\n {4}default:/)
    }
  })

  it("keeps danobi/vmtest-action's input names", () => {
    const names = keysOf(section('inputs'))
    for (const n of ['name', 'image', 'image_url', 'uefi', 'kernel', 'kernel_url', 'kernel_args', 'command'])
      expect(names).toContain(n)
  })

  it('names every allowed value of a choice input in its description, and its default', () => {
    const inputs = new Map(actionInputs().map((i) => [i.name, i]))
    const choices: [string, readonly string[]][] = [
      ['accel', ACCEL_MODES],
      ['initramfs', INITRAMFS_MODES],
      ['install', INSTALL_MODES],
      ['test_output', TEST_OUTPUTS],
      ['workspace_mount', WORKSPACE_MOUNTS],
      ['arch', ARCHES],
    ]
    for (const [name, values] of choices) {
      const description = inputs.get(name)?.description ?? ''
      for (const v of values) expect(description, `${name}: ${v}`).toMatch(new RegExp(`(^|[^\\w-])${v}([^\\w-]|$)`))
    }
    expect(inputs.get('max_log_size')?.description).toContain(`Empty: ${formatByteSize(DEFAULT_MAX_LOG_BYTES)}.`)
  })

  it('each `default:` is the value the code takes for an empty input', () => {
    const withDefault = actionInputs().filter((i) => i.default)
    expect(withDefault.length).toBeGreaterThan(10)
    const empty = loadInputs(() => '')
    for (const i of withDefault) {
      const given = loadInputs((name) => (name === i.name ? i.default! : ''))
      expect(given, i.name).toEqual(empty)
    }
  })

  it('runs on node24 with main and post bundles, and declares the outputs', () => {
    expect(section('runs')).toMatch(/using: 'node24'\n\s+main: 'dist\/main\/index.js'\n\s+post: 'dist\/post\/index.js'/)
    expect(keysOf(section('outputs')).sort()).toEqual(['failed', 'logs_dir', 'matrix', 'passed', 'plan', 'results'])
  })
})
