// The one per-arch table (src/platform/arch.ts) and the modules that read it: the config's
// default QEMU, the argv builder's view, setup's packages and the firmware lookup must all
// say the same thing because they all read this table.
import { describe, expect, it } from 'vitest'
import { defaultQemuCommand } from '../../src/config/arch.js'
import { ARCHES } from '../../src/plan/types.js'
import { archFacts, hostArch, qemuPackageFor, uefiFirmwareDirs } from '../../src/platform/arch.js'
import { archSpec } from '../../src/qemu/arch.js'
import { uefiFirmwareCandidates } from '../../src/qemu/firmware.js'
import { debianPackagesFor } from '../../src/setup/requirements.js'

describe('the per-arch table', () => {
  it.each(ARCHES)('%s: one QEMU program for the config default, the argv builder and setup', (arch) => {
    const facts = archFacts(arch)
    expect(facts.program).toBe(`qemu-system-${arch}`)
    expect(defaultQemuCommand(arch)).toBe(facts.program)
    expect(archSpec(arch)).toBe(facts)
    expect(
      debianPackagesFor({ arches: [arch], guestAgent: false, uefi: [], initramfs: false, qemuImg: false, kvm: false }),
    ).toEqual([qemuPackageFor(arch)])
  })

  it('packages: Debian and Ubuntu differ only for s390x', () => {
    expect(ARCHES.map((a) => qemuPackageFor(a))).toEqual([
      'qemu-system-x86',
      'qemu-system-arm',
      'qemu-system-misc',
      'qemu-system-misc',
    ])
    expect(qemuPackageFor('s390x', 'ubuntu')).toBe('qemu-system-s390x')
    expect(qemuPackageFor('x86_64', 'ubuntu')).toBe('qemu-system-x86')
  })

  it('UEFI: firmware package, candidates and loader name per arch; none for s390x', () => {
    expect(ARCHES.map((a) => archFacts(a).uefiPackage)).toEqual(['ovmf', 'qemu-efi-aarch64', undefined, undefined])
    expect(ARCHES.map((a) => archFacts(a).efiLoader)).toEqual([
      'BOOTX64.EFI',
      'BOOTAA64.EFI',
      undefined,
      'BOOTRISCV64.EFI',
    ])
    expect(uefiFirmwareCandidates('s390x')).toEqual([])
    expect(
      debianPackagesFor({
        arches: [],
        guestAgent: false,
        uefi: ['x86_64', 'aarch64'],
        initramfs: false,
        qemuImg: false,
        kvm: false,
      }),
    ).toEqual(['ovmf', 'qemu-efi-aarch64'])
    for (const a of ARCHES)
      for (const c of archFacts(a).uefi) expect(uefiFirmwareDirs()).toContain(c.code.slice(0, c.code.lastIndexOf('/')))
  })

  it.each([
    ['x64', 'x86_64'],
    ['arm64', 'aarch64'],
    ['s390x', 's390x'],
    ['riscv64', 'riscv64'],
    ['ppc64', undefined],
  ])('hostArch(%s) = %s', (node, want) => {
    expect(hostArch(node)).toBe(want)
  })

  it('an unknown arch fails loudly', () => {
    expect(() => archFacts('mips' as never)).toThrow(/unsupported arch 'mips'/)
  })
})
