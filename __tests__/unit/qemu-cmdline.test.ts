import { describe, expect, it } from 'vitest'
import type { Arch } from '../../src/plan/types.js'
import { buildKernelCmdline } from '../../src/qemu/cmdline.js'
import { buildQemuArgv } from '../../src/qemu/argv.js'
import { makeTarget } from '../fixtures/target.js'

const base = (con: string, init: string): string[] => [
  'rootfstype=9p',
  'rootflags=trans=virtio,cache=mmap,msize=1048576',
  'rw',
  `earlyprintk=serial,${con},115200`,
  'printk.devkmsg=on',
  `console=${con},115200`,
  'loglevel=7',
  'raid=noautodetect',
  `init=${init}`,
  'panic=-1',
]

describe('buildKernelCmdline', () => {
  // Upstream: ttyAMA0 (PL011) on aarch64, `0` (= ttyS0: 8250 UART, or the s390x SCLP console)
  // elsewhere.
  const consoles: [Arch, string][] = [
    ['x86_64', '0'],
    ['aarch64', 'ttyAMA0'],
    ['s390x', '0'],
    ['riscv64', '0'],
  ]
  it.each(consoles)('%s: upstream words with console %s', (arch, con) => {
    const words = base(con, '/tmp/init-x.sh')
    if (arch === 'x86_64') words.push('acpi=noirq', 'i8042.noaux')
    expect(buildKernelCmdline(makeTarget({ arch }), '/tmp/init-x.sh')).toBe(words.join(' '))
  })

  it.each([
    [[], true],
    [['-machine', 'pc'], false],
    [['-M', 'q35'], false],
    [['-machine=q35'], false],
    [['-m', '2G', '-smp', '2'], true],
  ])('x86: acpi=noirq and i8042.noaux on the default board only (extra args %j)', (extraArgs, speed) => {
    const t = makeTarget({ arch: 'x86_64' })
    const words = buildKernelCmdline({ ...t, vm: { ...t.vm, extraArgs } }, '/i').split(' ')
    expect(words.includes('acpi=noirq')).toBe(speed)
    expect(words.includes('i8042.noaux')).toBe(speed)
  })

  it.each([
    { kernelArgs: 'quiet', extra: ['quiet'] },
    { kernelArgs: '  nokaslr \t mitigations=off\nro  ', extra: ['nokaslr', 'mitigations=off', 'ro'] },
    { kernelArgs: '', extra: [] },
    { kernelArgs: ' \t\n', extra: [] },
    { kernelArgs: undefined, extra: [] },
  ])('kernel_args $kernelArgs are split on whitespace and come last', ({ kernelArgs, extra }) => {
    const line = buildKernelCmdline(makeTarget({ kernelArgs }), '/i')
    expect(line.split(' ')).toEqual([...base('0', '/i'), 'acpi=noirq', 'i8042.noaux', ...extra])
    expect(line).not.toMatch(/\s\s|^\s|\s$/)
  })

  it('keeps init= (and the root words) when an initramfs boots first: its /init reads them', () => {
    const t = makeTarget({ kernelArgs: 'foo=bar' })
    const append = (initramfs?: string): string => {
      const { args } = buildQemuArgv(t, {
        accel: 'tcg',
        sockets: { qmp: '/q', qga: '/g', output: '/o' },
        initGuestPath: '/tmp/vmtest-init.sh',
        initramfs,
      })
      return args[args.indexOf('-append') + 1]
    }
    expect(append('/tmp/initrd.cpio')).toBe(append(undefined))
    const words = append('/tmp/initrd.cpio').split(' ')
    expect(words).toContain('init=/tmp/vmtest-init.sh')
    expect(words).toContain('rootflags=trans=virtio,cache=mmap,msize=1048576')
    expect(words).toContain('rw')
    expect(words.at(-1)).toBe('foo=bar')
  })
})
