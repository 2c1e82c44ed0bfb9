// Console lines as QEMU 7.2's firmware and kernels print them (captured from the image
// fixtures and the kernel targets under TCG), escape sequences included.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  classifyConsoleLine,
  classifyUnfinishedLine,
  HandoffWatch,
  initFatalReason,
  isPanicLine,
  noBootMessage,
  stalledBootMessage,
  type ConsoleVerdict,
} from '../../src/analysis/console-watch.js'
import { MAX_MATCH_CHARS } from '../../src/analysis/text.js'
import { INIT_FATAL_MARKER, INITRAMFS_FATAL_MARKER } from '../../src/guest/markers.js'

const ESC = '\x1b'
const disk = (line: string): ConsoleVerdict => ({ kind: 'no-boot-device', line, firmware: 'disk' })

describe('classifyConsoleLine', () => {
  it.each([
    // SeaBIOS with a UEFI-only disk: only its final line is a verdict.
    ['No bootable device.', { kind: 'no-boot-device', line: 'No bootable device.', firmware: 'bios' }],
    [
      `${ESC}c${ESC}[?7l${ESC}[2J${ESC}[0mNo bootable device.`,
      { kind: 'no-boot-device', line: 'No bootable device.', firmware: 'bios' },
    ],
    // ... its "Boot failed" lines are not final: it tries the next device.
    [
      'Boot failed: could not read the boot disk',
      { kind: 'boot-attempt-failed', line: 'Boot failed: could not read the boot disk', firmware: 'bios' },
    ],
    [
      'Boot failed: not a bootable disk',
      { kind: 'boot-attempt-failed', line: 'Boot failed: not a bootable disk', firmware: 'bios' },
    ],
    [`${ESC}c${ESC}[?7l${ESC}[2J${ESC}[0mSeaBIOS (version 1.16.2-debian-1.16.2-1)\r`, { kind: 'firmware' }],
    ['Booting from Hard Disk...\r', { kind: 'firmware-handoff', line: 'Booting from Hard Disk...', firmware: 'bios' }],
    ['Booting from DVD/CD...', { kind: 'firmware-handoff', line: 'Booting from DVD/CD...', firmware: 'bios' }],
    ['This disk boots with UEFI only.', undefined],
    // OVMF with a BIOS-only disk: the disk's failure is not final, the shell starting is.
    [
      'BdsDxe: failed to load Boot0001 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x4,0x0): Not Found',
      {
        kind: 'boot-attempt-failed',
        line: 'BdsDxe: failed to load Boot0001 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x4,0x0): Not Found',
        firmware: 'uefi',
      },
    ],
    [
      'BdsDxe: loading Boot0002 "EFI Internal Shell" from Fv(7CB8BDC9-F8EB-4F34-AAEA-3EE4AF6516A1)/FvFile(7C04A583-9E3E-4F1C-AD65-E05268D0B4D1)',
      { kind: 'firmware' },
    ],
    [
      'BdsDxe: starting Boot0002 "EFI Internal Shell" from Fv(7CB8BDC9-F8EB-4F34-AAEA-3EE4AF6516A1)/FvFile(7C04A583-9E3E-4F1C-AD65-E05268D0B4D1)',
      { kind: 'no-boot-device', line: 'BdsDxe: starting Boot0002 "EFI Internal Shell"', firmware: 'uefi' },
    ],
    [
      `${ESC}[2J${ESC}[01;01H${ESC}[01;01HUEFI Interactive Shell v2.2`,
      { kind: 'no-boot-device', line: 'UEFI Interactive Shell v2.2', firmware: 'uefi' },
    ],
    [
      'BdsDxe: No bootable option or device was found.',
      { kind: 'no-boot-device', line: 'BdsDxe: No bootable option or device was found.', firmware: 'uefi' },
    ],
    ['BdsDxe: No bootable option', { kind: 'no-boot-device', line: 'BdsDxe: No bootable option', firmware: 'uefi' }],
    // Characters OVMF dropped on a busy host (seen under TCG): the device path and the
    // garble after it are left out.
    [
      `BdsDxe: starting Boot0002 "EFI Internal Shell" from Fv(7CB8BDC9-F8EB-4F34-AAEA-3EE4AF6516A1)/FvFile(7C04A583-9E3E-4F1C${ESC}[2J${ESC}[01;01HUEFI Interactive Shell v2.2`,
      { kind: 'no-boot-device', line: 'BdsDxe: starting Boot0002 "EFI Internal Shell"', firmware: 'uefi' },
    ],
    // A UEFI disk that boots.
    [
      'BdsDxe: starting Boot0001 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x4,0x0)',
      { kind: 'firmware-handoff', line: 'BdsDxe: starting Boot0001 "UEFI Misc Device"', firmware: 'uefi' },
    ],
    ['EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path', undefined],
    // What the code on a disk says when it gives up (mkfs.fat's boot sector, MBRs, Windows,
    // SYSLINUX, GRUB), escape sequences and CRs as they come.
    [
      'This is not a bootable disk.  Please insert a bootable floppy and\r',
      disk('This is not a bootable disk.  Please insert a bootable floppy and'),
    ],
    ['Missing operating system.', disk('Missing operating system.')],
    ['Operating system not found', disk('Operating system not found')],
    ['Invalid partition table', disk('Invalid partition table')],
    ['Error loading operating system', disk('Error loading operating system')],
    ['Non-system disk or disk error', disk('Non-system disk or disk error')],
    ['BOOTMGR is missing', disk('BOOTMGR is missing')],
    ['NTLDR is missing', disk('NTLDR is missing')],
    [
      "An operating system wasn't found. Try disconnecting any drives that don't contain an operating system.",
      disk("An operating system wasn't found. Try disconnecting any drives that don't contain an operating system."),
    ],
    ['Failed to load ldlinux.c32', disk('Failed to load ldlinux.c32')],
    [
      'Boot failed: please change disks and press a key to continue.',
      disk('Boot failed: please change disks and press a key to continue.'),
    ],
    ['error: no such partition.', { kind: 'boot-attempt-failed', line: 'error: no such partition.', firmware: 'disk' }],
    [
      'error: unknown filesystem.',
      { kind: 'boot-attempt-failed', line: 'error: unknown filesystem.', firmware: 'disk' },
    ],
    ['Entering rescue mode...', disk('Entering rescue mode...')],
    ['grub rescue> ', disk('grub rescue>')],
    [
      '    Minimal BASH-like line editing is supported. For the first word, TAB',
      disk('Minimal BASH-like line editing is supported. For the first word, TAB'),
    ],
    // A kernel saying such words is its own business: the kernel is alive.
    ['[    1.2] vda: Invalid partition table', { kind: 'kernel-alive' }],
    // The kernel stopping the machine (the interactive shell's end).
    ['[   12.345678] reboot: System halted', { kind: 'halted' }],
    ['reboot: Power down\r', { kind: 'halted' }],
    ['Jan 01 host kernel: reboot: Power down', undefined],
    // Kernels.
    ['[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)', { kind: 'kernel-alive' }],
    ['[    1.491697] Kernel command line: rootfstype=9p', { kind: 'kernel-alive' }],
    [
      '[    2.345] Kernel panic - not syncing: VFS: Unable to mount root fs',
      { kind: 'panic', line: '[    2.345] Kernel panic - not syncing: VFS: Unable to mount root fs' },
    ],
    [
      'vmtest-initramfs: FATAL: cannot mount the 9p root',
      { kind: 'panic', line: 'vmtest-initramfs: FATAL: cannot mount the 9p root' },
    ],
    // templates/init.sh giving up, on the console directly or through /dev/kmsg.
    [
      'vmtest: FATAL: mounting 9p tag vmtest-mount0 at /a b failed (exit 1 after 10 attempts): mount: no such device',
      {
        kind: 'init-failed',
        reason: 'mounting 9p tag vmtest-mount0 at /a b failed (exit 1 after 10 attempts): mount: no such device',
      },
    ],
    [
      '[    3.1] vmtest: FATAL: no virtio port named org.qemu.guest_agent.0\r',
      { kind: 'init-failed', reason: 'no virtio port named org.qemu.guest_agent.0' },
    ],
    ['[    3.1] vmtest: init done, guest agent on /dev/vport0p1', { kind: 'kernel-alive' }],
    ['my-vmtest: FATAL: not ours', undefined],
    ['SYSLINUX 6.04 EDD 20210613 Copyright (C) 1994-2015 H. Peter Anvin et al', undefined],
  ])('%j', (line, want) => {
    expect(classifyConsoleLine(line)).toEqual(want)
  })
})

describe('classifyUnfinishedLine (the console idle on a line without its newline)', () => {
  it.each([
    // SeaBIOS's hand-over cut short by the code it started (seen: the console ended here).
    ['Booting from Hard Disk..', { kind: 'firmware-handoff', line: 'Booting from Hard Disk..', firmware: 'bios' }],
    ['Booting from Hard Disk...', { kind: 'firmware-handoff', line: 'Booting from Hard Disk...', firmware: 'bios' }],
    ['\x1b[0mBooting from Floppy', { kind: 'firmware-handoff', line: 'Booting from Floppy', firmware: 'bios' }],
    // Cut shorter still: the UART's FIFO held back the rest.
    ['Booting fr', { kind: 'firmware-handoff', line: 'Booting fr', firmware: 'bios' }],
    ['Booting from ', { kind: 'firmware-handoff', line: 'Booting from', firmware: 'bios' }],
    ['Booting', { kind: 'firmware-handoff', line: 'Booting', firmware: 'bios' }],
    // Boot code's prompt: its last words.
    ['Missing operating system', { kind: 'no-boot-device', line: 'Missing operating system', firmware: 'disk' }],
    // Not from a half-seen line: the firmware's own verdicts come when the line ends.
    ['No bootable device.', undefined],
    ['SeaBIOS (version 1.16', undefined],
    ['Boot', undefined],
    ['Booting `Debian GNU/Linux', undefined],
    ['login: ', undefined],
  ])('%j', (text, want) => {
    expect(classifyUnfinishedLine(text)).toEqual(want)
  })
})

describe('noBootMessage', () => {
  const bios = { line: 'No bootable device.', firmware: 'bios' as const }
  const uefi = { line: 'BdsDxe: starting Boot0002 "EFI Internal Shell"', firmware: 'uefi' as const }
  it.each([
    [
      'SeaBIOS, image without uefi',
      bios,
      { kind: 'image', uefi: false, arch: 'x86_64' },
      /nothing to boot: "No bootable device\."\s+\(is this a UEFI image\? set uefi = true\)$/,
    ],
    [
      'OVMF, image with uefi',
      uefi,
      { kind: 'image', uefi: true, arch: 'x86_64' },
      /nothing to boot: .*EFI Internal Shell.*EFI\/BOOT\/BOOTX64\.EFI.*BIOS-only image\? boot it without uefi = true\)$/,
    ],
    // No BIOS to fall back on: no advice to drop uefi.
    [
      'AAVMF, image with uefi',
      uefi,
      { kind: 'image', uefi: true, arch: 'aarch64' },
      /nothing to boot: .*\(no EFI boot loader on the disk \(EFI\/BOOT\/BOOTAA64\.EFI in an EFI system partition\)\)$/,
    ],
    // No hint that would contradict the config (the firmware did not come from `uefi`).
    [
      'OVMF as vm.extra_args -bios, image without uefi',
      uefi,
      { kind: 'image', uefi: false, arch: 'x86_64' },
      /^the firmware found nothing to boot: "[^"]*"[^(]*$/,
    ],
    [
      'SeaBIOS, kernel target',
      bios,
      { kind: 'kernel', uefi: false, arch: 'x86_64' },
      /^the firmware found nothing to boot: "No bootable device\."$/,
    ],
  ] as const)('%s', (_label, verdict, target, want) => {
    expect(noBootMessage(verdict, target)).toMatch(want)
  })
})

describe('HandoffWatch', () => {
  /** Feeds `lines` a second apart; returns what the watch would blame. */
  function feed(lines: string[], watch = new HandoffWatch()): ReturnType<HandoffWatch['armed']> {
    lines.forEach((l, i) => watch.see(classifyConsoleLine(l), i * 1000, l))
    return watch.armed()
  }
  const seabios = `${ESC}c${ESC}[?7l${ESC}[2J${ESC}[0mSeaBIOS (version 1.16.2-debian-1.16.2-1)\r`

  it("arms when SeaBIOS starts a disk's boot code and nothing follows", () => {
    expect(feed([seabios, 'Booting from Hard Disk...\r'])).toEqual({
      line: 'Booting from Hard Disk...',
      firmware: 'bios',
      failed: false,
      since: 1000,
    })
    // Blank and escape-only lines are not a loader speaking.
    expect(feed([seabios, 'Booting from Hard Disk...', '', `${ESC}[2J`])).toMatchObject({
      line: 'Booting from Hard Disk...',
    })
  })

  it("keeps watching through a boot loader's words (its last ones kept), and ends for good at a kernel", () => {
    const syslinux = 'SYSLINUX 6.04 EDD 20210613 Copyright (C) 1994-2015 H. Peter Anvin et al'
    expect(feed([seabios, 'Booting from Hard Disk...', syslinux])).toEqual({
      line: 'Booting from Hard Disk...',
      firmware: 'bios',
      failed: false,
      since: 1000,
      lastWords: syslinux,
    })
    // Junk from boot code running wild is bounded in the message.
    expect(feed([seabios, 'Booting from Hard Disk...', 'x'.repeat(10_000)])?.lastWords).toHaveLength(200)
    // A loader's own error is its last words too.
    expect(feed([seabios, 'Booting from Hard Disk...', 'error: unknown filesystem.'])?.lastWords).toBe(
      'error: unknown filesystem.',
    )
    const w = new HandoffWatch()
    expect(
      feed(
        ['Booting from Hard Disk...', '[    0.000000] Linux version 6.1.0', seabios, 'Booting from Hard Disk...'],
        w,
      ),
    ).toBeUndefined()
  })

  it('re-arms when the firmware starts over (a reset)', () => {
    const again = feed([seabios, 'Booting from Hard Disk...', 'GRUB loading.', seabios, 'Booting from Hard Disk...'])
    expect(again).toMatchObject({ since: 4000 })
    expect(again?.lastWords).toBeUndefined()
  })

  it('does not arm when OVMF starts an EFI program from the disk (the EFI stub decompresses in silence)', () => {
    expect(
      feed([
        'BdsDxe: loading Boot0001 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x2,0x0)',
        'BdsDxe: starting Boot0001 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x2,0x0)',
      ]),
    ).toBeUndefined()
  })

  it("arms on a firmware's failed boot option, and remembers it for the final message", () => {
    const w = new HandoffWatch()
    const failed = 'BdsDxe: failed to load Boot0001 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x2,0x0): Not Found'
    expect(feed([failed, '>>Start PXE over IPv4.'], w)).toEqual({
      line: failed,
      firmware: 'uefi',
      failed: true,
      since: 0,
    })
    expect(w.earlierFailure).toBe(failed)
    // A boot loader's own error is remembered for the final message too.
    const grub = new HandoffWatch()
    feed([seabios, 'Booting from Hard Disk...', 'error: unknown filesystem.'], grub)
    expect(grub.earlierFailure).toBe('error: unknown filesystem.')
  })

  it('never arms again once ended (the agent answered)', () => {
    const w = new HandoffWatch()
    w.end()
    expect(feed([seabios, 'Booting from Hard Disk...'], w)).toBeUndefined()
  })
})

describe('boot failure messages', () => {
  const bios = { kind: 'image', uefi: false, arch: 'x86_64' } as const
  it("name the disk's own words, and a not-final failure before them", () => {
    expect(
      noBootMessage(
        { line: 'This is not a bootable disk.  Please insert a bootable floppy and', firmware: 'disk' },
        bios,
      ),
    ).toBe(
      'the disk did not boot: its boot code says "This is not a bootable disk.  Please insert a bootable floppy and"',
    )
    expect(
      noBootMessage({ line: 'No bootable device.', firmware: 'bios' }, bios, 'Boot failed: not a bootable disk'),
    ).toBe(
      'the firmware found nothing to boot: "No bootable device." (before that: "Boot failed: not a bootable disk") (is this a UEFI image? set uefi = true)',
    )
  })

  it("a stall names the firmware's last word and how long nothing followed", () => {
    expect(
      stalledBootMessage({ line: 'Booting from Hard Disk...', firmware: 'bios', failed: false }, 10, bios),
    ).toMatch(
      /^the boot stalled: the firmware started the disk's boot code \("Booting from Hard Disk\.\.\."\) and nothing followed for 10 s .*paging never turned on.*\(is this a UEFI image\? set uefi = true\)$/,
    )
    expect(
      stalledBootMessage(
        { line: 'Booting from Hard Disk...', firmware: 'bios', failed: false, lastWords: 'GRUB loading.' },
        10,
        bios,
      ),
    ).toMatch(
      /^the boot stalled: the firmware started the disk's boot code \("Booting from Hard Disk\.\.\."\), then "GRUB loading\.", and nothing followed for 10 s/,
    )
    const failed = 'BdsDxe: failed to load Boot0001 "UEFI Misc Device" from PciRoot(0x0)/Pci(0x2,0x0): Not Found'
    expect(stalledBootMessage({ line: failed, firmware: 'uefi', failed: true }, 10, { ...bios, uefi: true })).toMatch(
      /^the firmware could not boot the disk: "BdsDxe: failed to load Boot0001 [^]*", and nothing followed for 10 s \(no EFI boot loader on the disk/,
    )
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
    const stderr =
      'mount: /mnt/vmtest: unknown filesystem type 9p.\r\nvmtest: FATAL: mounting 9p tag vmtest-shared at /mnt/vmtest failed\r\n'
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
    // As far as the watch looks, a blank line (which firmware paints plenty of).
    expect(classifyConsoleLine(`${pad}Kernel panic - not syncing: late`)).toEqual({ kind: 'firmware' })
    expect(classifyConsoleLine(`${pad}${INIT_FATAL_MARKER} late`)).toEqual({ kind: 'firmware' })
    expect(classifyConsoleLine(`${'x'.repeat(MAX_MATCH_CHARS)}Missing operating system`)).toBeUndefined()
    // The reason is cut with the line (its trailing blanks dropped as always).
    expect(classifyConsoleLine(`${INIT_FATAL_MARKER} early${pad}x`)).toEqual({ kind: 'init-failed', reason: 'early' })
  })
})
