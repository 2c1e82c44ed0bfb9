import { describe, expect, it } from 'vitest'
import { imageBootProblem } from '../../src/qemu/image-boot.js'
import { makeTarget, type TargetOverrides } from '../fixtures/target.js'

describe('imageBootProblem', () => {
  it.each<[string, TargetOverrides, RegExp | undefined]>([
    ['x86_64 image: SeaBIOS boots it', { arch: 'x86_64', image: '/i' }, undefined],
    ['s390x image: the s390-ccw firmware boots it', { arch: 's390x', image: '/i' }, undefined],
    [
      'aarch64 image without uefi',
      { arch: 'aarch64', image: '/i' },
      /aarch64 virt board has no firmware that boots a disk.*set uefi = true/,
    ],
    [
      'riscv64 image without uefi',
      { arch: 'riscv64', image: '/i' },
      /riscv64 virt board .*set uefi = true and vm\.bios/,
    ],
    ['aarch64 image with uefi', { arch: 'aarch64', image: '/i', uefi: true }, undefined],
    [
      'aarch64 image, -bios in extra_args',
      { arch: 'aarch64', image: '/i', vm: { extraArgs: ['-bios', '/fw.fd'] } },
      undefined,
    ],
    [
      'aarch64 image, pflash drive in extra_args',
      { arch: 'aarch64', image: '/i', vm: { extraArgs: ['-drive', 'if=pflash,format=raw,file=/fw.fd'] } },
      undefined,
    ],
    [
      'riscv64 image, -kernel in extra_args (U-Boot as payload)',
      { arch: 'riscv64', image: '/i', vm: { extraArgs: ['-kernel', '/u-boot.bin'] } },
      undefined,
    ],
    [
      'aarch64 image, unrelated extra_args',
      { arch: 'aarch64', image: '/i', vm: { extraArgs: ['-device', 'virtio-rng-pci'] } },
      /set uefi = true/,
    ],
    ['aarch64 kernel target', { arch: 'aarch64', kernel: '/Image' }, undefined],
  ])('%s', (_label, overrides, want) => {
    const problem = imageBootProblem(makeTarget({ name: 'img', ...overrides }))
    if (want === undefined) expect(problem).toBeUndefined()
    else expect(problem).toMatch(new RegExp(`^Target 'img': .*${want.source}`))
  })
})
