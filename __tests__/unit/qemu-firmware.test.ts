import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ARCHES } from '../../src/plan/types.js'
import { FirmwareNotFoundError } from '../../src/qemu/errors.js'
import { resolveUefiFirmware, uefiFirmwareCandidates } from '../../src/qemu/firmware.js'
import { makeTarget } from './qemu-target.js'

const uefiTarget = (arch: (typeof ARCHES)[number], bios?: string) =>
  makeTarget({ name: 'efi', arch, image: '/i/disk.img', uefi: true, vm: { bios } })

describe('uefiFirmwareCandidates', () => {
  it('x86_64: Debian/Ubuntu first, then Fedora and Arch', () => {
    const c = uefiFirmwareCandidates('x86_64')
    expect(c[0]).toBe('/usr/share/OVMF/OVMF_CODE.fd')
    expect(c).toContain('/usr/share/ovmf/OVMF.fd')
    expect(c).toContain('/usr/share/edk2/ovmf/OVMF_CODE.fd')
    expect(c).toContain('/usr/share/edk2/x64/OVMF.4m.fd')
    // Split 4 MB code images cannot be loaded with -bios.
    expect(c.some((p) => /_4M\.fd$/.test(p))).toBe(false)
  })

  it('aarch64 lists AAVMF / QEMU_EFI images, x86 lists none of them', () => {
    expect(uefiFirmwareCandidates('aarch64')).toContain('/usr/share/AAVMF/AAVMF_CODE.fd')
    expect(uefiFirmwareCandidates('aarch64')[0]).toBe('/usr/share/qemu-efi-aarch64/QEMU_EFI.fd')
    expect(uefiFirmwareCandidates('x86_64').some((p) => /AAVMF|aarch64/.test(p))).toBe(false)
  })

  it('returns a copy', () => {
    uefiFirmwareCandidates('x86_64').length = 0
    expect(uefiFirmwareCandidates('x86_64').length).toBeGreaterThan(0)
  })
})

describe('resolveUefiFirmware', () => {
  it('vm.bios wins without looking at the disk', () => {
    const seen: string[] = []
    const fw = resolveUefiFirmware(uefiTarget('x86_64', '/my/fw.fd'), (p) => (seen.push(p), true))
    expect(fw).toBe('/my/fw.fd')
    expect(seen).toEqual([])
  })

  it.each(['x86_64', 'aarch64'] as const)('%s: the first existing candidate, in order', (arch) => {
    const all = uefiFirmwareCandidates(arch)
    for (let i = 0; i < all.length; i++) {
      const present = new Set(all.slice(i))
      expect(resolveUefiFirmware(uefiTarget(arch), (p) => present.has(p))).toBe(all[i])
    }
  })

  it('stops at the first hit', () => {
    const seen: string[] = []
    resolveUefiFirmware(uefiTarget('x86_64'), (p) => (seen.push(p), p === '/usr/share/ovmf/OVMF.fd'))
    expect(seen).toEqual(uefiFirmwareCandidates('x86_64').slice(0, seen.length))
    expect(seen.at(-1)).toBe('/usr/share/ovmf/OVMF.fd')
  })

  it.each(['x86_64', 'aarch64'] as const)('%s: none found → error naming every path tried', (arch) => {
    const seen: string[] = []
    let err: unknown
    try {
      resolveUefiFirmware(uefiTarget(arch), (p) => (seen.push(p), false))
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(FirmwareNotFoundError)
    const e = err as FirmwareNotFoundError
    expect(e.tried).toEqual(uefiFirmwareCandidates(arch))
    expect(seen).toEqual(uefiFirmwareCandidates(arch))
    expect(e.message).toContain("Target 'efi'")
    expect(e.message).toContain(arch)
    for (const p of seen) expect(e.message).toContain(p)
    expect(e.message).toMatch(/vm\.bios/)
  })

  it.each(['s390x', 'riscv64'] as const)('%s: no default firmware, clear error; vm.bios still works', (arch) => {
    expect(() => resolveUefiFirmware(uefiTarget(arch), () => true)).toThrow(FirmwareNotFoundError)
    expect(() => resolveUefiFirmware(uefiTarget(arch), () => true)).toThrow(new RegExp(`no default UEFI firmware is known for ${arch}`))
    expect(resolveUefiFirmware(uefiTarget(arch, '/fw'), () => false)).toBe('/fw')
  })

  it('checks the real file system by default', () => {
    const expected = uefiFirmwareCandidates('x86_64').find((p) => existsSync(p))
    if (expected) expect(resolveUefiFirmware(uefiTarget('x86_64'))).toBe(expected)
    else expect(() => resolveUefiFirmware(uefiTarget('x86_64'))).toThrow(FirmwareNotFoundError)
  })
})
