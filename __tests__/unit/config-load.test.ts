// vmtest.toml → targets: upstream's rules and messages, defaults, verbatim strings, path
// resolution, type errors, TOML syntax errors and unknown-key warnings.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, parseConfig, toDiagnostic } from '../../src/config/index.js'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'config')
const tmp = mkdtempSync(path.join(tmpdir(), 'vmtest-config-test-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** Parse as if the text were /tmp/…/vmtest.toml, on an x86_64 host. */
function parse(text: string) {
  return parseConfig(text, path.join(tmp, 'vmtest.toml'), { displayPath: 'vmtest.toml', hostArch: 'x86_64' })
}

function errorOf(text: string): ConfigError {
  try {
    parse(text)
  } catch (e) {
    if (e instanceof ConfigError) return e
    throw e
  }
  throw new Error('expected a ConfigError')
}

const T = (body: string, name = 'foo'): string => `[[target]]\nname = "${name}"\n${body}\n`

describe('upstream validation rules, messages and order', () => {
  it.each([
    ['empty name', `[[target]]\nname = ""\ncommand = "x"\nkernel = "k"`, 'Target index=0 name empty'],
    [
      'empty name of the second target',
      `${T('kernel = "k"\ncommand = "x"', 'a')}[[target]]\nname = ""\ncommand = ""`,
      'Target index=1 name empty',
    ],
    ['neither kernel nor image', T('command = "x"'), "Target 'foo' must specify 'image' or 'kernel'"],
    [
      'both kernel and image',
      T('kernel = "k"\nimage = "i"\ncommand = "x"'),
      "Target 'foo' specified both 'image' and 'kernel'",
    ],
    [
      'uefi with a kernel',
      T('kernel = "k"\nuefi = true\ncommand = "x"'),
      "Target 'foo' must specify 'image' with 'uefi'",
    ],
    [
      'bios without uefi',
      T('image = "i"\ncommand = "x"\nvm.bios = "b"'),
      "Target 'foo' cannot specify a bios without setting 'uefi'",
    ],
    [
      'kernel_args with an image',
      T('image = "i"\nkernel_args = "quiet"\ncommand = "x"'),
      "Target 'foo' must specify 'kernel' with 'kernel_args'",
    ],
    ['empty image path', T('image = ""\ncommand = "x"'), "Target 'foo' has empty image path"],
    ['empty kernel path', T('kernel = ""\ncommand = "x"'), "Target 'foo' has empty kernel path"],
    ['empty command', T('kernel = "k"\ncommand = ""'), "Target 'foo' has empty command"],
    // Order: the first failing rule wins, exactly as upstream checks them.
    [
      'neither kernel nor image beats an empty command',
      T('command = ""'),
      "Target 'foo' must specify 'image' or 'kernel'",
    ],
    [
      'uefi+kernel beats kernel_args',
      T('kernel = "k"\nuefi = true\nkernel_args = "a"\ncommand = ""'),
      "Target 'foo' must specify 'image' with 'uefi'",
    ],
    [
      'bios without uefi beats kernel_args',
      T('image = "i"\nkernel_args = "q"\ncommand = "x"\nvm.bios = "b"'),
      "Target 'foo' cannot specify a bios without setting 'uefi'",
    ],
    [
      'kernel_args beats an empty image path',
      T('image = ""\nkernel_args = "q"\ncommand = "x"'),
      "Target 'foo' must specify 'kernel' with 'kernel_args'",
    ],
    ['empty image path beats empty command', T('image = ""\ncommand = ""'), "Target 'foo' has empty image path"],
    [
      'targets are checked in file order',
      `${T('command = "x"', 'first')}${T('kernel = ""\ncommand = "x"', 'second')}`,
      "Target 'first' must specify 'image' or 'kernel'",
    ],
  ])('%s', (_label, text, expected) => {
    const e = errorOf(text)
    expect(e.reason).toBe(`Invalid config: ${expected}`)
    expect(e.message.startsWith('Invalid config: vmtest.toml:')).toBe(true)
    expect(e.message.endsWith(expected)).toBe(true)
  })

  it('points the error at the offending [[target]] header', () => {
    const e = errorOf(`${T('kernel = "k"\ncommand = "x"', 'ok')}\n# gap\n${T('command = "x"', 'bad')}`)
    expect(e.line).toBe(7)
    expect(e.file).toBe(path.join(tmp, 'vmtest.toml'))
    expect(e.message).toBe("Invalid config: vmtest.toml:7: Target 'bad' must specify 'image' or 'kernel'")
    expect(toDiagnostic(e)).toEqual({
      message: "Invalid config: Target 'bad' must specify 'image' or 'kernel'",
      file: e.file,
      line: 7,
    })
  })
})

describe('defaults', () => {
  it('fills every default of reference §1', () => {
    const [t] = parse(T('kernel = "bzImage"\ncommand = "true"')).targets
    expect(t).toMatchObject({
      kind: 'kernel',
      arch: 'x86_64',
      uefi: false,
      rootfs: '/',
      qemuCommand: 'qemu-system-x86_64',
      kvmCpuArgs: 'host',
      vm: { numCpus: 2, memory: '4G', mounts: [], extraArgs: [] },
      sharedDir: tmp,
    })
    expect(t.kernelArgs).toBeUndefined()
    expect(t.vm.bios).toBeUndefined()
    expect(t.image).toBeUndefined()
  })

  it.each([
    ['aarch64', 'qemu-system-aarch64'],
    ['s390x', 'qemu-system-s390x'],
    ['riscv64', 'qemu-system-riscv64'],
  ] as const)('the default arch is the host arch (%s) and names the QEMU binary', (host, qemu) => {
    const [t] = parseConfig(T('kernel = "k"\ncommand = "x"'), path.join(tmp, 'x.toml'), { hostArch: host }).targets
    expect(t.arch).toBe(host)
    expect(t.qemuCommand).toBe(qemu)
  })

  it('an explicit arch picks its own QEMU binary; qemu_command overrides it', () => {
    const cfg = parse(
      `${T('kernel = "k"\ncommand = "x"\narch = "riscv64"', 'a')}${T('kernel = "k"\ncommand = "x"\narch = "s390x"\nqemu_command = "/opt/q"', 'b')}`,
    )
    expect(cfg.targets.map((t) => [t.arch, t.qemuCommand])).toEqual([
      ['riscv64', 'qemu-system-riscv64'],
      ['s390x', '/opt/q'],
    ])
  })

  it('an image target is kind image and keeps uefi', () => {
    const [t] = parse(T('image = "disk.img"\nuefi = true\ncommand = "x"')).targets
    expect(t).toMatchObject({ kind: 'image', uefi: true, image: path.join(tmp, 'disk.img') })
  })

  it('an empty [target.vm] table still gets the vm defaults', () => {
    const [t] = parse(T('kernel = "k"\ncommand = "x"\n[target.vm]')).targets
    expect(t.vm).toEqual({ numCpus: 2, memory: '4G', mounts: [], extraArgs: [] })
  })
})

describe('strings are kept verbatim', () => {
  // Each value is written in the TOML form named by the label; `expected` is what TOML means.
  it.each([
    ['literal', `command = 'echo "$HOME" \\n \\\\'`, 'echo "$HOME" \\n \\\\'],
    [
      'multi-line literal with quotes and backslashes',
      "command = '''this string has 'single' and \"double\" quotes \\back \\slash\\es'''",
      `this string has 'single' and "double" quotes \\back \\slash\\es`,
    ],
    [
      'multi-line literal with newlines, $ and a trimmed first newline',
      "command = '''\nset -e\necho $PATH\n  indented\n'''",
      'set -e\necho $PATH\n  indented\n',
    ],
    [
      "multi-line literal ending in quotes (''' inside is impossible, '' is not)",
      "command = '''say ''hi'''''",
      "say ''hi''",
    ],
    ['basic with escapes', 'command = "a\\tb \\"q\\" \\\\ \\u00e9"', 'a\tb "q" \\ é'],
    [
      'multi-line basic with line-ending backslash',
      'command = """\nfirst \\\n    second\nthird"""',
      'first second\nthird',
    ],
    ['multi-line basic with \\""" inside', 'command = """echo \\"\\"\\" x"""', 'echo """ x'],
    ['multi-line basic ending in quotes', 'command = """a ""b"""""', 'a ""b""'],
    [
      '"[[target]]" and key = value lines inside a string',
      "command = '''\n[[target]]\nname = \"not a target\"\n'''",
      '[[target]]\nname = "not a target"\n',
    ],
    ['CRLF line endings', "command = '''\r\nline1\r\nline2'''", 'line1\r\nline2'],
  ])('%s', (_label, line, expected) => {
    const cfg = parse(`[[target]]\nname = "t"\nkernel = "k"\n${line}\n`)
    expect(cfg.targets).toHaveLength(1)
    expect(cfg.targets[0].command).toBe(expected)
    expect(cfg.warnings).toEqual([])
  })

  it('kernel_args and extra_args keep their text (no splitting, no trimming)', () => {
    const [t] = parse(
      T(
        `kernel = "k"\ncommand = "x"\nkernel_args = '  a=1   b="c d" '\n[target.vm]\nextra_args = [\n  "-append", 'x y',  # comment\n  """-device\nnewline""",\n]`,
      ),
    ).targets
    expect(t.kernelArgs).toBe('  a=1   b="c d" ')
    expect(t.vm.extraArgs).toEqual(['-append', 'x y', '-device\nnewline'])
  })

  it('parses the real-world fixture: multi-line strings, [target.vm], inline and header mount tables', () => {
    const cfg = loadConfig(path.join(FIXTURES, 'real-world.toml'), { hostArch: 'x86_64' })
    expect(cfg.warnings).toEqual([])
    const [a, b, c] = cfg.targets
    expect(a.command).toBe(
      `set -euo pipefail\necho "it's $HOME" 'single' \\not-an-escape\ncd /mnt/vmtest && ./run-tests.sh --filter='[[target]]'\n`,
    )
    expect(a.kernelArgs).toBe('nokaslr  console=ttyS0')
    expect(a.vm).toEqual({
      numCpus: 4,
      memory: '8G',
      mounts: [{ guestPath: '/mnt/cache', hostPath: '/tmp', writable: true }],
      extraArgs: ['-device', 'virtio-rng-pci', '-append', 'a b'],
    })
    expect(b.command).toBe(`printf '%s\\n' "tab:\there" "joined"\necho """ not the end\n`)
    expect(b.vm.mounts).toEqual([{ guestPath: '/mnt/ro', hostPath: path.join(FIXTURES, 'ro'), writable: false }])
    expect(b.vm.numCpus).toBe(1)
    expect(c).toMatchObject({
      arch: 'aarch64',
      qemuCommand: '/opt/qemu/bin/qemu-system-aarch64',
      kvmCpuArgs: 'host,pmu=off',
      rootfs: '/srv/rootfs',
    })
    expect(cfg.targets.map((t) => t.origin.line)).toEqual([4, 25, 36])
    expect(cfg.targets.map((t) => t.origin.index)).toEqual([0, 1, 2])
  })
})

describe('paths', () => {
  it('resolves relative paths against the config directory, not the working directory', () => {
    const dir = path.join(FIXTURES, 'nested', 'sub')
    const cfg = loadConfig(path.relative(process.cwd(), path.join(dir, 'vmtest.toml')), { hostArch: 'x86_64' })
    expect(cfg.dir).toBe(dir)
    const [k, i, abs] = cfg.targets
    expect(k.kernel).toBe(path.join(dir, 'kernels', 'bzImage'))
    expect(k.rootfs).toBe(path.join(dir, 'rootfs'))
    expect(k.vm.mounts).toEqual([
      { guestPath: '/mnt/data', hostPath: path.join(dir, 'data'), writable: true },
      { guestPath: '/mnt/up', hostPath: FIXTURES, writable: false },
    ])
    expect(i.image).toBe(path.join(dir, 'images', 'disk.img'))
    expect(i.vm.bios).toBe(path.join(dir, 'images', 'OVMF.fd'))
    expect(abs.kernel).toBe('/boot/vmlinuz-absolute')
    expect(abs.rootfs).toBe('/')
    for (const t of cfg.targets) {
      expect(t.sharedDir).toBe(dir)
      expect(t.origin.file).toBe(path.join(dir, 'vmtest.toml'))
    }
  })

  it('a missing config file is a ConfigError naming it', () => {
    expect(() => loadConfig(path.join(tmp, 'nope.toml'))).toThrow(ConfigError)
    expect(() => loadConfig(path.join(tmp, 'nope.toml'))).toThrow(/Failed to read config file .*nope\.toml/)
  })
})

describe('type errors', () => {
  it.each([
    [
      'num_cpus 0',
      T('kernel = "k"\ncommand = "x"\n[target.vm]\nnum_cpus = 0'),
      "vmtest.toml:6: target 'foo': vm.num_cpus: expected integer 1..255, got integer 0",
    ],
    [
      'num_cpus 256',
      T('kernel = "k"\ncommand = "x"\nvm.num_cpus = 256'),
      "vmtest.toml:5: target 'foo': vm.num_cpus: expected integer 1..255, got integer 256",
    ],
    [
      'num_cpus as a float',
      T('kernel = "k"\ncommand = "x"\nvm = { num_cpus = 2.0 }'),
      "vmtest.toml:5: target 'foo': vm.num_cpus: expected integer 1..255, got float 2.0",
    ],
    [
      'num_cpus as a string',
      T('kernel = "k"\ncommand = "x"\nvm.num_cpus = "4"'),
      `vmtest.toml:5: target 'foo': vm.num_cpus: expected integer 1..255, got string "4"`,
    ],
    [
      'memory as an integer',
      T('kernel = "k"\ncommand = "x"\n[target.vm]\nmemory = 4096'),
      "vmtest.toml:6: target 'foo': vm.memory: expected string, got integer 4096",
    ],
    [
      'uefi as a string',
      T('image = "i"\ncommand = "x"\nuefi = "yes"'),
      `vmtest.toml:5: target 'foo': uefi: expected boolean (true or false), got string "yes"`,
    ],
    [
      'command as an array',
      T('kernel = "k"\ncommand = ["ls", "-l"]'),
      "vmtest.toml:4: target 'foo': command: expected string, got array",
    ],
    [
      'unknown arch',
      T('kernel = "k"\ncommand = "x"\narch = "arm64"'),
      `vmtest.toml:5: target 'foo': arch: expected one of x86_64, aarch64, s390x, riscv64, got string "arm64"`,
    ],
    [
      "extra_args element (at the element's own line)",
      T('kernel = "k"\ncommand = "x"\n[target.vm]\nextra_args = ["-a",\n  1]'),
      "vmtest.toml:7: target 'foo': vm.extra_args[1]: expected string, got integer 1",
    ],
    [
      'extra_args as a string',
      T('kernel = "k"\ncommand = "x"\nvm.extra_args = "-a b"'),
      `vmtest.toml:5: target 'foo': vm.extra_args: expected array of strings, got string "-a b"`,
    ],
    [
      'mount without host_path',
      T('kernel = "k"\ncommand = "x"\n[target.vm.mounts]\n"/m" = { writable = true }'),
      `vmtest.toml:6: target 'foo': vm.mounts."/m".host_path: missing required key`,
    ],
    [
      'mount as a string',
      T('kernel = "k"\ncommand = "x"\n[target.vm.mounts]\n"/m" = "/tmp"'),
      `vmtest.toml:6: target 'foo': vm.mounts."/m": expected table { host_path = "...", writable = false }, got string "/tmp"`,
    ],
    [
      'writable as a string',
      T('kernel = "k"\ncommand = "x"\n[target.vm.mounts."/m"]\nhost_path = "/tmp"\nwritable = "true"'),
      `vmtest.toml:7: target 'foo': vm.mounts."/m".writable: expected boolean (true or false), got string "true"`,
    ],
    [
      'missing command (line of the [[target]] header)',
      '\n[[target]]\nname = "foo"\nkernel = "k"',
      "vmtest.toml:2: target 'foo': command: missing required key",
    ],
    ['missing name', '[[target]]\nkernel = "k"\ncommand = "x"', 'vmtest.toml:1: target #0: name: missing required key'],
    [
      'name as an integer',
      '[[target]]\nname = 7\nkernel = "k"\ncommand = "x"',
      'vmtest.toml:2: target #0: name: expected string, got integer 7',
    ],
    ['no [[target]] at all', 'title = "x"', 'vmtest.toml: target: missing: at least one [[target]] table is required'],
    [
      'target as a table',
      '[target]\nname = "x"',
      'vmtest.toml:1: target: expected array of tables [[target]], got table',
    ],
    [
      'a date for a string',
      T('kernel = 1979-05-27\ncommand = "x"'),
      "vmtest.toml:3: target 'foo': kernel: expected string, got date-time",
    ],
  ])('%s', (_label, text, expected) => {
    const e = errorOf(text)
    expect(e.message.split('\n')[0]).toBe(`Failed to parse config: ${expected}`)
    expect(e.message).not.toMatch(/"code"|\[\s*\{/) // never zod's raw JSON
  })

  it('lists every type error at once, each with its own line, before any upstream rule', () => {
    const e = errorOf(`${T('command = "x"\nvm.num_cpus = 0', 'a')}${T('kernel = "k"\ncommand = 1', 'b')}`)
    expect(e.message).toBe(
      [
        'Failed to parse config:',
        "  vmtest.toml:4: target 'a': vm.num_cpus: expected integer 1..255, got integer 0",
        "  vmtest.toml:8: target 'b': command: expected string, got integer 1",
      ].join('\n'),
    )
    expect(e.line).toBe(4)
  })

  it('adds unknown-key warnings as notes when a typo caused the error', () => {
    const e = errorOf(T('kernel = "k"\ncomand = "x"'))
    expect(e.message).toBe(
      "Failed to parse config: vmtest.toml:1: target 'foo': command: missing required key\n" +
        "  note: vmtest.toml:4: unknown key 'comand' in [[target]] 'foo' (did you mean 'command'?)",
    )
    const e2 = errorOf(T('kernal = "k"\ncommand = "x"'))
    expect(e2.message).toContain(
      "Target 'foo' must specify 'image' or 'kernel'\n  note: vmtest.toml:3: unknown key 'kernal'",
    )
  })
})

describe('TOML syntax errors name file, line and column', () => {
  it.each([
    ['unterminated string', '[[target]]\nname = "a\ncommand = "x"', 2, 10],
    ['duplicate key', '[[target]]\nname = "a"\nname = "b"', 3, 1],
    ['missing value', '[[target]]\nname =\n', 2, 7],
    ['bad header', '[[target]\nname = "a"', 1, 10],
  ])('%s', (_label, text, line, column) => {
    const e = errorOf(text)
    expect(e.line).toBe(line)
    expect(e.column).toBe(column)
    expect(e.message.startsWith(`Failed to parse config: vmtest.toml:${line}:${column}: `)).toBe(true)
    expect(toDiagnostic(e)).toMatchObject({ file: path.join(tmp, 'vmtest.toml'), line, column })
    expect(toDiagnostic(e).message).not.toContain('\n')
  })

  it('rejects prototype-polluting keys instead of passing them on', () => {
    const e = errorOf('[[target]]\n__proto__ = { x = 1 }\nname = "a"')
    expect(e).toBeInstanceOf(ConfigError)
    expect(e.line).toBe(2)
  })
})

describe('unknown keys are warnings with their line', () => {
  it.each([
    [
      'top level',
      'kernel = "k"\n[[target]]\nname = "foo"\nkernel = "k"\ncommand = "x"',
      1,
      "unknown key 'kernel' at top level (target fields belong under a [[target]] header)",
    ],
    [
      'top level, close to target',
      'targets = 1\n[[target]]\nname = "foo"\nkernel = "k"\ncommand = "x"',
      1,
      "unknown key 'targets' at top level (did you mean 'target'?)",
    ],
    [
      'typo in a target',
      T('kernal = "k"\nimage = "i"\ncommand = "x"'),
      3,
      "unknown key 'kernal' in [[target]] 'foo' (did you mean 'kernel'?)",
    ],
    [
      'vm key at target level',
      T('kernel = "k"\ncommand = "x"\nmemory = "1G"'),
      5,
      "unknown key 'memory' in [[target]] 'foo' (did you mean 'vm.memory'? it belongs in [target.vm])",
    ],
    [
      'no close match',
      T('kernel = "k"\ncommand = "x"\nfrobnicate = true'),
      5,
      "unknown key 'frobnicate' in [[target]] 'foo'",
    ],
    [
      'typo in [target.vm]',
      T('kernel = "k"\ncommand = "x"\n[target.vm]\nnum_cpu = 4'),
      6,
      "unknown key 'num_cpu' in [target.vm] of 'foo' (did you mean 'num_cpus'?)",
    ],
    [
      'target key after [target.vm]',
      T('kernel = "k"\ncommand = "x"\n[target.vm]\nmemory = "1G"\nkernel_args = "quiet"'),
      7,
      "unknown key 'kernel_args' in [target.vm] of 'foo' (target fields must come before the [target.vm] header)",
    ],
    [
      'typo in an inline mount table',
      T('kernel = "k"\ncommand = "x"\n[target.vm.mounts]\n"/m" = { host_path = "/tmp", writeable = true }'),
      6,
      "unknown key 'writeable' in mount '/m' of 'foo' (did you mean 'writable'?)",
    ],
    [
      'typo in a mount header table',
      T('kernel = "k"\ncommand = "x"\n[target.vm.mounts."/m"]\nhost_path = "/tmp"\n\nhostpath = "/x"'),
      8,
      "unknown key 'hostpath' in mount '/m' of 'foo' (did you mean 'host_path'?)",
    ],
    [
      'target without a name',
      '[[target]]\nkernel = "k"\nname = ""\ncommand = "x"\n[[target]]\nname = "b"\nkernel = "k"\ncommand = "x"\nbogus = 1',
      9,
      "unknown key 'bogus' in [[target]] 'b'",
    ],
  ])('%s', (_label, text, line, message) => {
    let warnings
    try {
      warnings = parse(text).warnings
    } catch (e) {
      // A config that fails validation still reports the warning as a note.
      if (!(e instanceof ConfigError)) throw e
      expect(e.message).toContain(`note: vmtest.toml:${line}: ${message}`)
      return
    }
    expect(warnings).toEqual([{ message, file: path.join(tmp, 'vmtest.toml'), line }])
  })

  it('finds the right target among several, skipping look-alikes inside multi-line strings', () => {
    const text = [
      '[[target]]', // 1
      'name = "a"',
      'kernel = "k"',
      "command = '''",
      '[[target]]', // 5: text
      'kernal = "not a key"',
      "'''",
      '[[target]]', // 8
      'name = "b"',
      'kernel = "k"',
      'command = """',
      'kernal = \\"still text\\"',
      '"""',
      'kernal = "real"', // 14
    ].join('\n')
    const cfg = parse(text)
    expect(cfg.targets.map((t) => [t.name, t.origin.line])).toEqual([
      ['a', 1],
      ['b', 8],
    ])
    expect(cfg.warnings).toEqual([
      {
        message: "unknown key 'kernal' in [[target]] 'b' (did you mean 'kernel'?)",
        file: path.join(tmp, 'vmtest.toml'),
        line: 14,
      },
    ])
  })
})
