// What happens to targets after loading: path checks before boot, --filter, one-liner targets,
// and the key locator that gives warnings their lines.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  checkPaths,
  ConfigError,
  filterTargets,
  findPathProblems,
  hostArch,
  loadConfig,
  oneLinerTarget,
  parseConfig,
} from '../../src/config/index.js'
import { locateKeys } from '../../src/config/locate.js'
import type { Target } from '../../src/plan/types.js'
import { escapeRegex } from '../../src/action/matrix.js'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'config')
const tmp = mkdtempSync(path.join(tmpdir(), 'vmtest-targets-test-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function targetsOf(text: string): Target[] {
  return parseConfig(text, path.join(tmp, 'vmtest.toml'), { hostArch: 'x86_64' }).targets
}

describe('checkPaths', () => {
  it('accepts the nested fixture, whose paths all exist relative to its directory', () => {
    const cfg = loadConfig(path.join(FIXTURES, 'nested', 'sub', 'vmtest.toml'), { hostArch: 'x86_64' })
    expect(findPathProblems(cfg.targets.slice(0, 2))).toEqual([])
    expect(() => checkPaths(cfg.targets.slice(0, 2))).not.toThrow()
  })

  it.each([
    ['kernel', 'kernel = "missing-bzImage"\ncommand = "x"', 'kernel', 'missing-bzImage', 'does not exist'],
    ['image', 'image = "missing.img"\ncommand = "x"', 'image', 'missing.img', 'does not exist'],
    ['rootfs', 'kernel = "k"\nrootfs = "no-rootfs"\ncommand = "x"', 'rootfs', 'no-rootfs', 'does not exist'],
    ['rootfs that is a file', 'kernel = "k"\nrootfs = "k"\ncommand = "x"', 'rootfs', 'k', 'is not a directory'],
    ['kernel that is a directory', 'kernel = "dir"\ncommand = "x"', 'kernel', 'dir', 'is a directory, expected a file'],
    [
      'bios',
      'image = "k"\nuefi = true\ncommand = "x"\nvm.bios = "no-OVMF.fd"',
      'vm.bios',
      'no-OVMF.fd',
      'does not exist',
    ],
    [
      'mount host_path',
      'kernel = "k"\ncommand = "x"\n[target.vm.mounts]\n"/mnt/x" = { host_path = "no-dir" }',
      'vm.mounts."/mnt/x".host_path',
      'no-dir',
      'does not exist',
    ],
  ])('a bad %s is an error naming the target, the field and the absolute path', (_l, body, field, rel, problem) => {
    writeFileSync(path.join(tmp, 'k'), '')
    mkdirSync(path.join(tmp, 'dir'), { recursive: true })
    const targets = targetsOf(`# line 1\n[[target]]\nname = "t1"\n${body}\n`)
    let err: unknown
    try {
      checkPaths(targets)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    const e = err as ConfigError
    const abs = path.join(tmp, rel)
    expect(e.message).toBe(`${path.join(tmp, 'vmtest.toml')}:2: target 't1': ${field} ${abs} ${problem}`)
    expect(e.reason).toBe(`target 't1': ${field} ${abs} ${problem}`)
    expect(e.line).toBe(2)
  })

  it('lists every problem of every target at once', () => {
    const targets = targetsOf(
      '[[target]]\nname = "a"\nkernel = "nok"\ncommand = "x"\n[[target]]\nname = "b"\nimage = "noi"\ncommand = "x"\n',
    )
    expect(findPathProblems(targets).map((p) => [p.target.name, p.field])).toEqual([
      ['a', 'kernel'],
      ['b', 'image'],
    ])
    expect(() => checkPaths(targets)).toThrow(/^Missing paths:\n .*'a': kernel .*\n .*'b': image /)
  })

  it('skips a kernel that a remote source will provide, and the rootfs of image targets', () => {
    const [t] = targetsOf('[[target]]\nname = "a"\nimage = "k"\nrootfs = "nowhere"\ncommand = "x"\n')
    expect(findPathProblems([t])).toEqual([])
    const remote: Target = {
      ...t,
      kind: 'kernel',
      image: undefined,
      rootfs: '/',
      source: { kernelUrl: 'https://example.com/bzImage' },
    }
    expect(findPathProblems([remote])).toEqual([])
  })
})

describe('filterTargets', () => {
  const targets = targetsOf(
    ['kernel-6.1', 'kernel-6.10', 'image-uefi', 'x86 (debug)']
      .map((n) => `[[target]]\nname = "${n}"\nkernel = "k"\ncommand = "x"\n`)
      .join(''),
  )
  const names = (ts: Target[]): string[] => ts.map((t) => t.name)

  it.each([
    ['.*', ['kernel-6.1', 'kernel-6.10', 'image-uefi', 'x86 (debug)']],
    ['', ['kernel-6.1', 'kernel-6.10', 'image-uefi', 'x86 (debug)']],
    ['6.1', ['kernel-6.1', 'kernel-6.10']], // unanchored search, '.' is a regex dot
    ['6\\.1$', ['kernel-6.1']],
    ['^kernel', ['kernel-6.1', 'kernel-6.10']],
    ['uefi', ['image-uefi']],
    ['\\(debug\\)', ['x86 (debug)']],
    ['kernel|uefi', ['kernel-6.1', 'kernel-6.10', 'image-uefi']],
    ['nomatch', []],
    ['(?i)UEFI', ['image-uefi']], // Rust-style inline flag
    ['UEFI', []],
    ['^kernel\\-6\\.1$', ['kernel-6.1']], // escaped punctuation, as matrix filters use
  ])('%j selects %j', (re, expected) => {
    expect(names(filterTargets(targets, re))).toEqual(expected)
  })

  it("the action's matrix filters (escaped exact names) select exactly their target", () => {
    for (const t of targets) expect(names(filterTargets(targets, `^${escapeRegex(t.name)}$`))).toEqual([t.name])
  })

  it('a regex with state (g flag) still tests every target', () => {
    expect(names(filterTargets(targets, /kernel/g))).toEqual(['kernel-6.1', 'kernel-6.10'])
  })

  it.each(['(', '[a-', '*x', 'a{2,1}', '(?i)('])('an invalid regex %j is a ConfigError naming it', (re) => {
    expect(() => filterTargets(targets, re)).toThrow(ConfigError)
    expect(() => filterTargets(targets, re)).toThrow(`Failed to compile regex '${re}'`)
  })
})

describe('oneLinerTarget', () => {
  it.each([
    ['bzImage', 'bzImage'],
    ['./kernels/vmlinuz-6.1.0-amd64', 'vmlinuz-6.1.0-amd64'],
    ['/boot/vmlinuz', 'vmlinuz'],
    ['../Image.gz', 'Image.gz'],
  ])('kernel %s is named %s and resolves against cwd', (kernel, name) => {
    const t = oneLinerTarget({ kernel, command: ['true'] }, '/work/dir', 'x86_64')
    expect(t.name).toBe(name)
    expect(t.kernel).toBe(path.resolve('/work/dir', kernel))
  })

  it('joins command words with single spaces, verbatim, and uses default VM settings', () => {
    const t = oneLinerTarget({ kernel: 'bzImage', command: ['echo', '"a  b"', '$HOME', "'x'"] }, '/w', 'x86_64')
    expect(t).toEqual({
      name: 'bzImage',
      kind: 'kernel',
      arch: 'x86_64',
      kernel: '/w/bzImage',
      uefi: false,
      rootfs: '/',
      qemuCommand: 'qemu-system-x86_64',
      command: `echo "a  b" $HOME 'x'`,
      kvmCpuArgs: 'host',
      vm: { numCpus: 2, memory: '4G', mounts: [], extraArgs: [] },
      sharedDir: '/w',
      origin: { index: 0 },
    })
  })

  it('takes kargs, rootfs (relative to cwd), arch, qemu command and kvm cpu args', () => {
    const t = oneLinerTarget(
      {
        kernel: 'Image',
        kernel_args: 'quiet  nokaslr',
        rootfs: 'root',
        arch: 'aarch64',
        qemu_command: 'qemu-x',
        kvm_cpu_args: 'host,pmu=off',
        command: ['-'],
      },
      '/w',
      'x86_64',
    )
    expect(t).toMatchObject({
      kernelArgs: 'quiet  nokaslr',
      rootfs: '/w/root',
      arch: 'aarch64',
      qemuCommand: 'qemu-x',
      kvmCpuArgs: 'host,pmu=off',
      command: '-',
    })
  })

  it("an empty command is upstream's error", () => {
    expect(() => oneLinerTarget({ kernel: 'bzImage', command: [] }, '/w', 'x86_64')).toThrow(
      "Invalid config: Target 'bzImage' has empty command",
    )
  })

  it('without arch, a host vmtest cannot target is a ConfigError', () => {
    expect(() => oneLinerTarget({ kernel: 'k', command: ['x'] }, '/w', null)).toThrow(ConfigError)
    expect(() => oneLinerTarget({ kernel: 'k', command: ['x'] }, '/w', null)).toThrow(/no 'arch' given/)
  })
})

describe('hostArch', () => {
  it.each([
    ['x64', 'x86_64'],
    ['arm64', 'aarch64'],
    ['s390x', 's390x'],
    ['riscv64', 'riscv64'],
    ['ia32', undefined],
    ['ppc64', undefined],
  ])('%s → %s', (node, arch) => {
    expect(hostArch(node)).toBe(arch)
  })
})

describe('locateKeys', () => {
  const src = [
    '# [[target]] in a comment', // 1
    'top = 1', // 2
    '[[target]]', // 3
    'name = "a" # trailing comment',
    "command = '''",
    "x = 'not a key'", // 6
    "'''",
    'vm.num_cpus = 2', // 8
    '[target.vm.mounts]', // 9
    '"/m n" = { host_path = "/x", writable = true }', // 10
    '[[ target ]]', // 11
    'extra = [', // 12
    '  { k = 1 },', // 13
    '  "s]",', // 14
    ']',
    '[target."vm"]', // 16
    '\'memory\' = "1G"', // 17
  ].join('\n')
  const loc = locateKeys(src)

  it.each([
    [['top'], 2],
    [['target', 0], 3],
    [['target', 0, 'name'], 4],
    [['target', 0, 'command'], 5],
    [['target', 0, 'vm', 'num_cpus'], 8],
    [['target', 0, 'vm', 'mounts'], 9],
    [['target', 0, 'vm', 'mounts', '/m n'], 10],
    [['target', 0, 'vm', 'mounts', '/m n', 'writable'], 10],
    [['target', 1], 11],
    [['target', 1, 'extra'], 12],
    [['target', 1, 'extra', 0], 13],
    [['target', 1, 'extra', 0, 'k'], 13],
    [['target', 1, 'extra', 1], 14],
    [['target', 1, 'vm'], 16],
    [['target', 1, 'vm', 'memory'], 17],
  ])('%j is on line %i', (p, line) => {
    expect(loc.lineOf(p)).toBe(line)
  })

  it('does not see keys inside strings or comments', () => {
    expect(loc.lineOf(['target', 0, 'x'])).toBeUndefined()
    expect(loc.lineOf(['target', 2])).toBeUndefined()
  })

  it('falls back to the closest located ancestor', () => {
    expect(loc.nearestLine(['target', 1, 'command'])).toBe(11)
    expect(loc.nearestLine(['nothing'])).toBeUndefined()
  })
})
