import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ARCHES } from '../../src/plan/types.js'
import { findSystemTools, findUefiFirmware } from '../../src/platform/host-tools.js'
import { FirmwareNotFoundError } from '../../src/qemu/errors.js'
import { resolveUefiFirmware, uefiFirmwareCandidates } from '../../src/qemu/firmware.js'
import { makeTarget } from '../fixtures/target.js'

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

describe('findUefiFirmware (the one lookup, for / and for a tool-cache bundle)', () => {
  it.each(['x86_64', 'aarch64'] as const)('%s: the first existing candidate, in order', (arch) => {
    const all = uefiFirmwareCandidates(arch)
    for (let i = 0; i < all.length; i++) {
      const present = new Set(all.slice(i))
      expect(findUefiFirmware(arch, '/', (p) => present.has(p))?.code).toBe(all[i])
    }
  })

  it('stops at the first hit, and takes the VARS template beside it when there is one', () => {
    const seen: string[] = []
    const fw = findUefiFirmware(
      'x86_64',
      '/',
      (p) => (seen.push(p), p === '/usr/share/OVMF/OVMF_CODE.fd' || p === '/usr/share/OVMF/OVMF_VARS.fd'),
    )
    expect(fw).toEqual({ code: '/usr/share/OVMF/OVMF_CODE.fd', vars: '/usr/share/OVMF/OVMF_VARS.fd' })
    expect(seen).toEqual(['/usr/share/OVMF/OVMF_CODE.fd', '/usr/share/OVMF/OVMF_VARS.fd'])
  })

  it('inside a bundle root: the same relative paths', () => {
    const fw = findUefiFirmware('x86_64', '/tc/root', (p) => p === '/tc/root/usr/share/ovmf/OVMF.fd')
    expect(fw).toEqual({ code: '/tc/root/usr/share/ovmf/OVMF.fd' })
  })

  it.each(['s390x', 'riscv64'] as const)('%s: no candidates, nothing found', (arch) => {
    expect(findUefiFirmware(arch, '/', () => true)).toBeUndefined()
  })

  it('findSystemTools looks only for what is asked, on the real system by default', () => {
    expect(findSystemTools({ arches: [] }).uefiFirmware).toEqual({})
    const expected = uefiFirmwareCandidates('x86_64').find((p) => existsSync(p))
    expect(findSystemTools({ arches: [], uefi: ['x86_64'] }).uefiFirmware.x86_64?.code).toBe(expected)
  })
})

describe('resolveUefiFirmware', () => {
  it('vm.bios wins over what setup resolved', () => {
    expect(resolveUefiFirmware(uefiTarget('x86_64', '/my/fw.fd'), { code: '/tc/OVMF_CODE.fd' })).toBe('/my/fw.fd')
  })

  it('takes the firmware setup resolved (a tool-cache bundle), whatever the system has', () => {
    expect(resolveUefiFirmware(uefiTarget('x86_64'), { code: '/tc/root/usr/share/OVMF/OVMF_CODE.fd' })).toBe(
      '/tc/root/usr/share/OVMF/OVMF_CODE.fd',
    )
  })

  it.each(['x86_64', 'aarch64'] as const)('%s: none resolved → error naming every path tried', (arch) => {
    let err: unknown
    try {
      resolveUefiFirmware(uefiTarget(arch), undefined)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(FirmwareNotFoundError)
    const e = err as FirmwareNotFoundError
    expect(e.tried).toEqual(uefiFirmwareCandidates(arch))
    expect(e.message).toContain("Target 'efi'")
    expect(e.message).toContain(arch)
    for (const p of e.tried) expect(e.message).toContain(p)
    expect(e.message).toMatch(/vm\.bios/)
  })

  it.each(['s390x', 'riscv64'] as const)('%s: no default firmware, clear error; vm.bios still works', (arch) => {
    expect(() => resolveUefiFirmware(uefiTarget(arch), undefined)).toThrow(
      new RegExp(`no default UEFI firmware is known for ${arch}`),
    )
    expect(resolveUefiFirmware(uefiTarget(arch, '/fw'), undefined)).toBe('/fw')
  })
})
