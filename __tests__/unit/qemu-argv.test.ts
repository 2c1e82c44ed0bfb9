import { describe, expect, it } from 'vitest'
import { ARCHES, type Accel, type Arch } from '../../src/plan/types.js'
import { archSpec, hostArch } from '../../src/qemu/arch.js'
import { buildQemuArgv, guestShares, MAX_MOUNT_TAG_LEN, mountTag, type ArgvOptions } from '../../src/qemu/argv.js'
import { ArgvError } from '../../src/qemu/errors.js'
import { makeTarget, type TargetOverrides } from '../fixtures/target.js'

const sockets = { qmp: '/tmp/r/qmp.sock', qga: '/tmp/r/qga.sock', output: '/tmp/r/out.sock' }
const INIT = '/tmp/vmtest-init.sh'

function build(t: TargetOverrides, o: Partial<ArgvOptions> = {}) {
  const target = makeTarget(t)
  return buildQemuArgv(target, {
    accel: 'tcg',
    sockets,
    initGuestPath: target.kind === 'kernel' ? INIT : undefined,
    ...o,
  })
}

/** Values of every occurrence of `flag` (the argument after it). */
function values(args: string[], flag: string): string[] {
  const out: string[] = []
  args.forEach((a, i) => {
    if (a === flag) out.push(args[i + 1])
  })
  return out
}

/** The argument after the only occurrence of `flag`. */
function value(args: string[], flag: string): string {
  const all = values(args, flag)
  expect(all, `exactly one ${flag}`).toHaveLength(1)
  return all[0]
}

/** `key=value` pairs of a QEMU option string (with `,,` as a literal comma). */
function opts(spec: string): Map<string, string> {
  const map = new Map<string, string>()
  for (const part of spec.replaceAll(',,', '\0').split(',')) {
    const eq = part.indexOf('=')
    const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]
    map.set(k.replaceAll('\0', ','), v.replaceAll('\0', ','))
  }
  return map
}

describe('buildQemuArgv: common prefix, accel and machine', () => {
  const cases: { arch: Arch; accel: Accel; kvmCpuArgs?: string; accelArgs: string[]; machine: string[] }[] = [
    { arch: 'x86_64', accel: 'tcg', accelArgs: ['-accel', 'tcg', '-cpu', 'qemu64'], machine: [] },
    { arch: 'x86_64', accel: 'kvm', accelArgs: ['-enable-kvm', '-cpu', 'host'], machine: [] },
    {
      arch: 'x86_64',
      accel: 'kvm',
      kvmCpuArgs: 'host,-avx512f',
      accelArgs: ['-enable-kvm', '-cpu', 'host,-avx512f'],
      machine: [],
    },
    { arch: 'x86_64', accel: 'kvm', kvmCpuArgs: '', accelArgs: ['-enable-kvm', '-cpu', 'host'], machine: [] },
    {
      arch: 'aarch64',
      accel: 'tcg',
      accelArgs: ['-accel', 'tcg', '-cpu', 'max'],
      machine: ['-machine', 'virt,gic-version=3'],
    },
    {
      arch: 'aarch64',
      accel: 'kvm',
      accelArgs: ['-enable-kvm', '-cpu', 'host'],
      machine: ['-machine', 'virt,gic-version=3'],
    },
    { arch: 's390x', accel: 'tcg', accelArgs: ['-accel', 'tcg', '-cpu', 'max'], machine: [] },
    { arch: 's390x', accel: 'kvm', accelArgs: ['-enable-kvm', '-cpu', 'host'], machine: [] },
    {
      arch: 'riscv64',
      accel: 'tcg',
      accelArgs: ['-accel', 'tcg', '-cpu', 'rv64,sscofpmf=true'],
      machine: ['-machine', 'virt'],
    },
    { arch: 'riscv64', accel: 'kvm', accelArgs: ['-enable-kvm', '-cpu', 'host'], machine: ['-machine', 'virt'] },
  ]
  for (const kind of ['kernel', 'image'] as const) {
    it.each(cases)(
      `${kind} $arch $accel (kvm cpu '$kvmCpuArgs')`,
      ({ arch, accel, kvmCpuArgs, accelArgs, machine }) => {
        const overrides: TargetOverrides = { arch, kind, ...(kvmCpuArgs !== undefined ? { kvmCpuArgs } : {}) }
        const { program, args } = build(overrides, { accel })
        expect(program).toBe(`qemu-system-${arch}`)
        // x86 images send the firmware's messages to the serial console (SeaBIOS is silent
        // otherwise); kernel targets and other arches keep upstream's machine options.
        const expected = arch === 'x86_64' && kind === 'image' ? [...machine, '-machine', 'graphics=off'] : machine
        expect(args.slice(0, 5 + accelArgs.length + expected.length + 2)).toEqual([
          '-nodefaults',
          '-display',
          'none',
          '-serial',
          'mon:stdio',
          ...accelArgs,
          ...expected,
          '-qmp',
          'unix:/tmp/r/qmp.sock,server=on,wait=off',
        ])
        // KVM and TCG options never mix.
        expect(args.includes('-enable-kvm')).toBe(accel === 'kvm')
        expect(values(args, '-accel')).toEqual(accel === 'tcg' ? ['tcg'] : [])
      },
    )
  }
})

describe('buildQemuArgv: full command lines', () => {
  it('x86_64 kernel target, as reference §3 orders it (one controller, no agent port)', () => {
    const { args } = build({ kernel: '/k/bzImage', rootfs: '/srv/root', kernelArgs: 'quiet' })
    expect(args).toEqual([
      '-nodefaults',
      '-display',
      'none',
      '-serial',
      'mon:stdio',
      '-accel',
      'tcg',
      '-cpu',
      'qemu64',
      '-qmp',
      'unix:/tmp/r/qmp.sock,server=on,wait=off',
      // The output port only: our init runs the command, no guest agent.
      '-device',
      'virtio-serial',
      '-chardev',
      'socket,path=/tmp/r/out.sock,server=on,wait=off,id=cmdout',
      '-device',
      'virtserialport,chardev=cmdout,name=org.qemu.virtio_serial.0',
      '-virtfs',
      'local,id=root,path=/srv/root,mount_tag=/dev/root,security_model=none,multidevs=remap',
      '-kernel',
      '/k/bzImage',
      '-no-reboot',
      '-append',
      'rootfstype=9p rootflags=trans=virtio,cache=mmap,msize=1048576 rw earlyprintk=serial,0,115200 ' +
        'printk.devkmsg=on console=0,115200 loglevel=7 raid=noautodetect init=/tmp/vmtest-init.sh panic=-1 acpi=noirq i8042.noaux quiet',
      '-virtfs',
      'local,id=shared,path=/work/project,mount_tag=vmtest-shared,security_model=none,multidevs=remap',
      '-smp',
      '2',
      '-m',
      '4G',
    ])
  })

  it('aarch64 image target with UEFI', () => {
    const { args } = build(
      { arch: 'aarch64', image: '/i/disk.qcow2', uefi: true, vm: { numCpus: 4, memory: '1G' } },
      { firmware: '/fw/QEMU_EFI.fd', imageFormat: 'qcow2' },
    )
    expect(args).toEqual([
      '-nodefaults',
      '-display',
      'none',
      '-serial',
      'mon:stdio',
      '-accel',
      'tcg',
      '-cpu',
      'max',
      '-machine',
      'virt,gic-version=3',
      '-qmp',
      'unix:/tmp/r/qmp.sock,server=on,wait=off',
      // One virtio-serial controller for both ports (upstream: one each).
      '-device',
      'virtio-serial',
      '-chardev',
      'socket,path=/tmp/r/qga.sock,server=on,wait=off,id=qga0',
      '-device',
      'virtserialport,chardev=qga0,name=org.qemu.guest_agent.0',
      '-chardev',
      'socket,path=/tmp/r/out.sock,server=on,wait=off,id=cmdout',
      '-device',
      'virtserialport,chardev=cmdout,name=org.qemu.virtio_serial.0',
      '-drive',
      'file=/i/disk.qcow2,format=qcow2,index=1,media=disk,if=none,id=vmtest-disk,snapshot=on',
      '-device',
      'virtio-blk-pci,drive=vmtest-disk,bootindex=1',
      '-bios',
      '/fw/QEMU_EFI.fd',
      '-virtfs',
      'local,id=shared,path=/work/project,mount_tag=vmtest-shared,security_model=none,multidevs=remap',
      '-smp',
      '4',
      '-m',
      '1G',
    ])
  })
})

describe('buildQemuArgv: kernel targets', () => {
  it.each(ARCHES)('%s: 9p root, kernel, -no-reboot, cmdline with the arch console', (arch) => {
    const { args } = build({ arch, kernel: `/k/${arch}`, rootfs: '/rootfs' })
    const root = opts(values(args, '-virtfs')[0])
    expect(root.get('id')).toBe('root')
    expect(root.get('mount_tag')).toBe('/dev/root')
    expect(root.get('path')).toBe('/rootfs')
    expect(root.has('readonly')).toBe(false)
    expect(value(args, '-kernel')).toBe(`/k/${arch}`)
    expect(args[args.indexOf('-kernel') + 2]).toBe('-no-reboot')
    const cmdline = value(args, '-append')
    expect(cmdline).toContain(`console=${archSpec(arch).console},115200`)
    expect(cmdline).toContain(`init=${INIT}`)
    expect(args).not.toContain('-initrd')
    expect(args).not.toContain('-drive')
    expect(args).not.toContain('-bios')
  })

  it.each(ARCHES)('%s with initramfs: -initrd follows -kernel, init= stays on the cmdline', (arch) => {
    const { args } = build({ arch, kernel: '/boot/vmlinuz' }, { initramfs: '/tmp/r/initramfs.cpio' })
    const k = args.indexOf('-kernel')
    expect(args.slice(k, k + 5)).toEqual(['-kernel', '/boot/vmlinuz', '-initrd', '/tmp/r/initramfs.cpio', '-no-reboot'])
    expect(value(args, '-append').split(' ')).toContain(`init=${INIT}`)
  })

  it('needs the init path', () => {
    expect(() => build({ kernel: '/k' }, { initGuestPath: undefined })).toThrow(ArgvError)
    expect(() => build({ kernel: '/k' }, { initGuestPath: undefined })).toThrow(/init script/)
  })
})

describe('buildQemuArgv: image targets', () => {
  const cases: { arch: Arch; blk: string }[] = [
    { arch: 'x86_64', blk: 'virtio-blk-pci' },
    { arch: 'aarch64', blk: 'virtio-blk-pci' },
    { arch: 's390x', blk: 'virtio-blk-ccw' },
    { arch: 'riscv64', blk: 'virtio-blk-pci' },
  ]
  it.each(cases)('$arch: drive with format and snapshot, $blk boots it', ({ arch, blk }) => {
    const { args } = build({ arch, image: '/i/img.raw' }, { imageFormat: 'raw' })
    const drive = opts(value(args, '-drive'))
    expect(drive.get('file')).toBe('/i/img.raw')
    expect(drive.get('format')).toBe('raw')
    expect(drive.get('if')).toBe('none')
    expect(drive.get('snapshot')).toBe('on')
    const id = drive.get('id')
    expect(id).toBeTruthy()
    expect(args).toContain(`${blk},drive=${id},bootindex=1`)
    // The image is the root: no 9p root, no kernel, no -bios without uefi.
    expect(args).not.toContain('-kernel')
    expect(args).not.toContain('-append')
    expect(args).not.toContain('-bios')
    expect(values(args, '-virtfs').map((v) => opts(v).get('mount_tag'))).toEqual(['vmtest-shared'])
  })

  it('writeImage drops snapshot=on (upstream behaviour: the image is modified)', () => {
    const ro = opts(value(build({ image: '/i/a' }).args, '-drive'))
    const rw = opts(value(build({ image: '/i/a' }, { writeImage: true }).args, '-drive'))
    expect(ro.get('snapshot')).toBe('on')
    expect(rw.has('snapshot')).toBe(false)
  })

  it('leaves format= out when the format is unknown', () => {
    expect(opts(value(build({ image: '/i/a' }).args, '-drive')).has('format')).toBe(false)
  })

  it.each([
    { bios: undefined, firmware: '/usr/share/OVMF/OVMF_CODE.fd' },
    { bios: '/my/bios.fd', firmware: '/my/bios.fd' },
  ])('uefi: -bios $firmware right after the boot disk', ({ bios, firmware }) => {
    const { args } = build({ image: '/i/a', uefi: true, vm: { bios } }, { firmware })
    const b = args.indexOf('-bios')
    expect(args[b + 1]).toBe(firmware)
    expect(args[b - 2]).toBe('-device')
    expect(args[b - 1]).toMatch(/^virtio-blk-pci,/)
  })

  it('uefi without resolved firmware is a caller bug', () => {
    expect(() => build({ name: 'efi', image: '/i/a', uefi: true })).toThrow(/Target 'efi': uefi = true but no firmware/)
  })
})

describe('buildQemuArgv: vm settings, mounts, extra args', () => {
  it('-smp and -m from vm', () => {
    const { args } = build({ vm: { numCpus: 7, memory: '512M' } })
    expect(value(args, '-smp')).toBe('7')
    expect(value(args, '-m')).toBe('512M')
  })

  it('one virtfs per mount, readonly unless writable, unique valid tags', () => {
    const mounts = [
      { guestPath: '/mnt/a', hostPath: '/h/a', writable: false },
      { guestPath: '/a/very/long/guest/path/that/is/not/a/valid/tag', hostPath: '/h/b', writable: true },
      { guestPath: '/mnt/c', hostPath: '/h/c', writable: false },
    ]
    const target = makeTarget({ vm: { mounts } })
    const { args } = buildQemuArgv(target, { accel: 'tcg', sockets, initGuestPath: INIT })
    const specs = values(args, '-virtfs').map(opts)
    const extra = specs.filter((s) => !['root', 'shared'].includes(s.get('id') ?? ''))
    expect(extra.map((s) => s.get('path'))).toEqual(['/h/a', '/h/b', '/h/c'])
    expect(extra.map((s) => s.get('readonly'))).toEqual(['on', undefined, 'on'])
    const tags = extra.map((s) => s.get('mount_tag') ?? '')
    expect(new Set(tags).size).toBe(3)
    expect(new Set(specs.map((s) => s.get('id'))).size).toBe(specs.length)
    for (const tag of tags) {
      expect(tag.length).toBeLessThanOrEqual(MAX_MOUNT_TAG_LEN)
      expect(tag).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(tag).not.toBe('vmtest-shared')
    }
    // The guest side mounts by the same tags, after /mnt/vmtest.
    expect(
      guestShares(target)
        .slice(1)
        .map((s) => [s.tag, s.path, !s.readonly]),
    ).toEqual([
      [tags[0], '/mnt/a', false],
      [tags[1], mounts[1].guestPath, true],
      [tags[2], '/mnt/c', false],
    ])
  })

  it.each([
    { mode: undefined, shared: [['/work', undefined]] },
    { mode: 'rw', shared: [['/work', undefined]] },
    { mode: 'ro', shared: [['/work', 'on']] },
    { mode: 'off', shared: [] },
  ] as const)(
    'workspace_mount $mode: the /mnt/vmtest export, and the shares the guest mounts agree',
    ({ mode, shared }) => {
      for (const kind of ['kernel', 'image'] as const) {
        const target = makeTarget({
          kind,
          sharedDir: '/work',
          vm: { mounts: [{ guestPath: '/m', hostPath: '/h', writable: true }] },
        })
        const { args } = buildQemuArgv(target, { accel: 'tcg', sockets, initGuestPath: INIT, workspaceMount: mode })
        const exported = values(args, '-virtfs')
          .map(opts)
          .filter((s) => s.get('id') === 'shared')
        expect(exported.map((s) => [s.get('path'), s.get('readonly')])).toEqual(shared)
        const guest = guestShares(target, mode)
        expect(guest.filter((g) => g.path === '/mnt/vmtest').map((g) => g.readonly)).toEqual(
          shared.map(([, ro]) => ro === 'on'),
        )
        // vm.mounts are untouched by the mode, and come after /mnt/vmtest.
        expect(guest.at(-1)).toEqual({ tag: mountTag(0), path: '/m', readonly: false })
        expect(exported.every((s) => s.get('mount_tag') === guest[0].tag)).toBe(true)
      }
    },
  )

  it('mount tags stay within the 9p limit for many mounts', () => {
    expect(mountTag(99999).length).toBeLessThanOrEqual(MAX_MOUNT_TAG_LEN)
    expect(mountTag(0)).not.toBe(mountTag(1))
  })

  it.each(['kernel', 'image'] as const)('%s: extra_args come last, in order', (kind) => {
    const extraArgs = ['-cpu', 'max', '-device', 'virtio-rng-pci']
    const { args } = build(
      {
        kind,
        uefi: kind === 'image',
        vm: { extraArgs, mounts: [{ guestPath: '/m', hostPath: '/h', writable: false }] },
      },
      { firmware: '/fw.fd' },
    )
    expect(args.slice(-extraArgs.length)).toEqual(extraArgs)
    expect(args.lastIndexOf('-virtfs')).toBeLessThan(args.length - extraArgs.length)
  })

  it('escapes commas in paths inside option strings, not in plain arguments', () => {
    const { args } = build(
      {
        kernel: '/k,1/bzImage',
        rootfs: '/root,fs',
        sharedDir: '/proj,ect',
        vm: { mounts: [{ guestPath: '/m', hostPath: '/h,ost', writable: true }] },
      },
      { sockets: { qmp: '/t,1/qmp', qga: '/t,1/qga', output: '/t,1/out' } },
    )
    const specs = values(args, '-virtfs').map(opts)
    expect(specs.map((s) => s.get('path'))).toEqual(['/root,fs', '/proj,ect', '/h,ost'])
    expect(value(args, '-qmp')).toBe('unix:/t,,1/qmp,server=on,wait=off')
    expect(values(args, '-chardev').map((c) => opts(c).get('path'))).toEqual(['/t,1/out'])
    expect(value(args, '-kernel')).toBe('/k,1/bzImage')
  })

  it('image path commas are escaped in -drive', () => {
    const { args } = build({ image: '/i,x/disk.img' })
    expect(opts(value(args, '-drive')).get('file')).toBe('/i,x/disk.img')
    expect(value(args, '-drive')).toMatch(/^file=\/i,,x\/disk\.img,/)
  })

  it('network: no NIC by default (upstream), a virtio-net NIC on user networking when asked', () => {
    for (const kind of ['kernel', 'image'] as const) {
      const none = build({ kind, vm: {} }).args
      expect(none).not.toContain('-netdev')
      expect(build({ kind, vm: { network: 'none' } }).args).toEqual(none)
      const { args } = build({ kind, vm: { network: 'user' } })
      expect(value(args, '-netdev')).toBe('user,id=net0')
      expect(values(args, '-device')).toContain('virtio-net-pci,netdev=net0,romfile=')
      // Before the user's extra args, which may override it.
      const withExtra = build({ kind, vm: { network: 'user', extraArgs: ['-device', 'e1000'] } }).args
      expect(withExtra.indexOf('-netdev')).toBeLessThan(withExtra.lastIndexOf('-device'))
    }
    // s390x: the CCW transport through QEMU's alias.
    expect(values(build({ arch: 's390x', vm: { network: 'user' } }).args, '-device')).toContain(
      'virtio-net,netdev=net0',
    )
  })

  it('uses the target QEMU program', () => {
    expect(build({ qemuCommand: '/opt/qemu/bin/qemu-system-x86_64' }).program).toBe('/opt/qemu/bin/qemu-system-x86_64')
  })
})

describe('archSpec / hostArch', () => {
  it.each(ARCHES)('%s spec names its own program and arch', (arch) => {
    const spec = archSpec(arch)
    expect(spec.arch).toBe(arch)
    expect(spec.program).toBe(`qemu-system-${arch}`)
  })

  it.each([
    ['x64', 'x86_64'],
    ['arm64', 'aarch64'],
    ['s390x', 's390x'],
    ['riscv64', 'riscv64'],
    ['ia32', undefined],
    ['ppc64', undefined],
  ])('node %s → %s', (node, arch) => {
    expect(hostArch(node)).toBe(arch)
  })

  it('defaults to this process', () => {
    expect(hostArch()).toBe(hostArch(process.arch))
  })
})
