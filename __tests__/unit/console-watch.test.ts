// Console lines as QEMU 7.2's firmware and kernels print them (captured from the image
// fixtures and the kernel targets under TCG), escape sequences included.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { classifyConsoleLine, initFatalReason, isPanicLine, noBootMessage } from '../../src/analysis/console-watch.js'
import { MAX_MATCH_CHARS } from '../../src/analysis/text.js'
import { INIT_FATAL_MARKER, INITRAMFS_FATAL_MARKER } from '../../src/guest/markers.js'

const ESC = '\x1b'

describe('classifyConsoleLine', () => {
  it.each([
    // SeaBIOS with a UEFI-only disk: only its final line is a verdict.
    ['No bootable device.', { kind: 'no-boot-device', line: 'No bootable device.', firmware: 'bios' }],
    [`${ESC}c${ESC}[?7l${ESC}[2J${ESC}[0mNo bootable device.`, { kind: 'no-boot-device', line: 'No bootable device.', firmware: 'bios' }],
    ['Boot failed: could not read the boot disk', undefined],
    ['Boot failed: not a bootable disk', undefined],
    ['This disk boots with UEFI only.', undefined],
    // OVMF with a BIOS-only disk: the disk's failure is not final, the shell starting is.
    ['BdsDxe: failed to load Boot0001 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x4,0x0): Not Found', undefined],
    [
      'BdsDxe: starting Boot0002 "EFI Internal Shell" from Fv(7CB8BDC9-F8EB-4F34-AAEA-3EE4AF6516A1)/FvFile(7C04A583-9E3E-4F1C-AD65-E05268D0B4D1)',
      { kind: 'no-boot-device', line: 'BdsDxe: starting Boot0002 "EFI Internal Shell"', firmware: 'uefi' },
    ],
    [`${ESC}[2J${ESC}[01;01H${ESC}[01;01HUEFI Interactive Shell v2.2`, { kind: 'no-boot-device', line: 'UEFI Interactive Shell v2.2', firmware: 'uefi' }],
    ['BdsDxe: No bootable option or device was found.', { kind: 'no-boot-device', line: 'BdsDxe: No bootable option or device was found.', firmware: 'uefi' }],
    // A UEFI disk that boots.
    ['BdsDxe: starting Boot0001 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x4,0x0)', undefined],
    ['EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path', undefined],
    // Kernels.
    ['[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)', { kind: 'kernel-alive' }],
    ['[    1.491697] Kernel command line: rootfstype=9p', { kind: 'kernel-alive' }],
    ['[    2.345] Kernel panic - not syncing: VFS: Unable to mount root fs', { kind: 'panic', line: '[    2.345] Kernel panic - not syncing: VFS: Unable to mount root fs' }],
    ['vmtest-initramfs: FATAL: cannot mount the 9p root', { kind: 'panic', line: 'vmtest-initramfs: FATAL: cannot mount the 9p root' }],
    // templates/init.sh giving up, on the console directly or through /dev/kmsg.
    ['vmtest: FATAL: mounting 9p tag vmtest-mount0 at /a b failed (exit 1 after 10 attempts): mount: no such device', { kind: 'init-failed', reason: 'mounting 9p tag vmtest-mount0 at /a b failed (exit 1 after 10 attempts): mount: no such device' }],
    ['[    3.1] vmtest: FATAL: no virtio port named org.qemu.guest_agent.0\r', { kind: 'init-failed', reason: 'no virtio port named org.qemu.guest_agent.0' }],
    ['[    3.1] vmtest: init done, guest agent on /dev/vport0p1', { kind: 'kernel-alive' }],
    ['my-vmtest: FATAL: not ours', undefined],
    ['SYSLINUX 6.04 EDD 20210613 Copyright (C) 1994-2015 H. Peter Anvin et al', undefined],
  ])('%j', (line, want) => {
    expect(classifyConsoleLine(line)).toEqual(want)
  })
})

describe('noBootMessage', () => {
  const bios = { line: 'No bootable device.', firmware: 'bios' as const }
  const uefi = { line: 'BdsDxe: starting Boot0002 "EFI Internal Shell"', firmware: 'uefi' as const }
  it.each([
    ['SeaBIOS, image without uefi', bios, { kind: 'image', uefi: false, arch: 'x86_64' }, /nothing to boot: "No bootable device\."\s+\(is this a UEFI image\? set uefi = true\)$/],
    ['OVMF, image with uefi', uefi, { kind: 'image', uefi: true, arch: 'x86_64' }, /nothing to boot: .*EFI Internal Shell.*EFI\/BOOT\/BOOTX64\.EFI.*BIOS-only image\? boot it without uefi = true\)$/],
    // No BIOS to fall back on: no advice to drop uefi.
    ['AAVMF, image with uefi', uefi, { kind: 'image', uefi: true, arch: 'aarch64' }, /nothing to boot: .*\(no EFI boot loader on the disk \(EFI\/BOOT\/BOOTAA64\.EFI in an EFI system partition\)\)$/],
    // No hint that would contradict the config (the firmware did not come from `uefi`).
    ['OVMF as vm.extra_args -bios, image without uefi', uefi, { kind: 'image', uefi: false, arch: 'x86_64' }, /^the firmware found nothing to boot: "[^"]*"[^(]*$/],
    ['SeaBIOS, kernel target', bios, { kind: 'kernel', uefi: false, arch: 'x86_64' }, /^the firmware found nothing to boot: "No bootable device\."$/],
  ] as const)('%s', (_label, verdict, target, want) => {
    expect(noBootMessage(verdict, target)).toMatch(want)
  })
})

describe('the fatal markers', () => {
  const template = (name: string): string => readFileSync(new URL(`../../templates/${name}`, import.meta.url), 'utf8')

  it('are what the guest scripts print', () => {
    expect(template('init.sh')).toContain(`echo "${INIT_FATAL_MARKER} $*" >/dev/console`)
    expect(template('mount.sh')).toContain(`echo "${INIT_FATAL_MARKER} $*" >&2`)
    // initramfs-init.sh: say() prefixes every line, fail() says `FATAL: …`.
    const init = template('initramfs-init.sh')
    const prefix = /^say\(\) \{ echo "([^"$]*)\$\*"; \}$/m.exec(init)?.[1]
    expect(init).toContain('say "FATAL: $*"')
    expect(`${prefix}FATAL:`).toBe(INITRAMFS_FATAL_MARKER)
  })

  it("find the mount script's reason in its whole stderr", () => {
    const stderr = 'mount: /mnt/vmtest: unknown filesystem type 9p.\r\nvmtest: FATAL: mounting 9p tag vmtest-shared at /mnt/vmtest failed\r\n'
    expect(initFatalReason(stderr)).toBe('mounting 9p tag vmtest-shared at /mnt/vmtest failed')
    expect(initFatalReason('all fine\n')).toBeUndefined()
  })

  it('panics and initramfs failures end a boot alike', () => {
    expect(isPanicLine('[    2.1] Kernel panic - not syncing: Attempted to kill init!')).toBe(true)
    expect(isPanicLine(`${INITRAMFS_FATAL_MARKER} cannot mount the 9p root`)).toBe(true)
    expect(isPanicLine('panic=-1 on the command line')).toBe(false)
  })

  it('are looked for in the first MAX_MATCH_CHARS characters of a line only', () => {
    const pad = ' '.repeat(MAX_MATCH_CHARS)
    expect(classifyConsoleLine(`${pad}Kernel panic - not syncing: late`)).toBeUndefined()
    expect(classifyConsoleLine(`${pad}${INIT_FATAL_MARKER} late`)).toBeUndefined()
    // The reason is cut with the line (its trailing blanks dropped as always).
    expect(classifyConsoleLine(`${INIT_FATAL_MARKER} early${pad}x`)).toEqual({ kind: 'init-failed', reason: 'early' })
  })
})
