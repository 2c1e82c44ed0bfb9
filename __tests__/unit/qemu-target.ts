// Builds Targets for the qemu-* unit tests without the config loader: defaults as the loader
// fills them (upstream's defaults), overrides per test.
import type { Arch, Target, VmConfig } from '../../src/plan/types.js'

export type TargetOverrides = Partial<Omit<Target, 'vm'>> & { vm?: Partial<VmConfig> }

export function makeTarget(o: TargetOverrides = {}): Target {
  const arch: Arch = o.arch ?? 'x86_64'
  const kind = o.kind ?? (o.image ? 'image' : 'kernel')
  const { vm, ...rest } = o
  return {
    name: 'test',
    kind,
    arch,
    kernel: kind === 'kernel' ? '/boot/bzImage' : undefined,
    image: kind === 'image' ? '/images/disk.img' : undefined,
    uefi: false,
    rootfs: '/',
    qemuCommand: `qemu-system-${arch}`,
    command: 'true',
    kvmCpuArgs: 'host',
    sharedDir: '/work/project',
    origin: { index: 0 },
    ...rest,
    vm: { numCpus: 2, memory: '4G', mounts: [], extraArgs: [], ...vm },
  }
}
