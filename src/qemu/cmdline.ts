// The guest kernel command line for kernel targets (reference §3): upstream's words, plus two
// on x86's default board that save over a second per boot under TCG (bootSpeedWords).
import type { Target } from '../plan/types.js'
import { NINEP_MOUNT_OPTIONS } from '../platform/ninep.js'
import { archSpec } from './arch.js'

/**
 * The words stay the same whether or not our generated initramfs boots first: the kernel
 * ignores `init=`/`root*` once an initramfs runs, and that initramfs's /init reads them from
 * /proc/cmdline to mount the 9p root and hand over to `init=`.
 */
export function buildKernelCmdline(target: Target, initGuestPath: string): string {
  const con = archSpec(target.arch).console
  const words = [
    // The root is the 9p (or virtiofs) export tagged /dev/root (see argv.ts).
    ...rootWords(target),
    // Writable root: tools expect to write logs and state; a user `ro` in kernel_args wins.
    'rw',
    `earlyprintk=serial,${con},115200`,
    // No rate limit on /dev/kmsg writes (the guest agent logs there).
    'printk.devkmsg=on',
    `console=${con},115200`,
    'loglevel=7',
    'raid=noautodetect',
    `init=${initGuestPath}`,
    // With QEMU's -no-reboot, a guest panic reboots at once and so ends QEMU.
    'panic=-1',
    ...bootSpeedWords(target),
  ]
  if (target.kernelArgs) words.push(...splitWords(target.kernelArgs))
  return words.join(' ')
}

/**
 * Two words for x86's default `pc` board that spare the kernel waits a headless test VM gains
 * nothing from:
 * - `acpi=noirq`: PCI interrupts routed from the BIOS's $PIR table rather than ACPI's
 *   interrupt links. Under TCG a kernel with ACPI spends ~0.2 s per PCI device evaluating its
 *   link (the `ACPI: \_SB_.LNKx: Enabled at IRQ n` lines), ~0.7 s for the console port and
 *   the two 9p shares; the routing it ends with is the same.
 * - `i8042.noaux`: no PS/2 mouse probe. Under TCG it takes ~0.6 s, and the kernel waits for
 *   it before it mounts the root (the `ImExPS/2 Generic Explorer Mouse` line comes just
 *   before `VFS: Mounted root`). The keyboard port stays, the serial console is untouched;
 *   a kernel without i8042 ignores the word.
 * Not when vm.extra_args picks a board (`-machine`/`-M`): `-machine pc` there gives upstream's
 * words. (`kernel_args` can also undo either: `i8042.noaux=0`, the last word wins.)
 */
function bootSpeedWords(target: Target): readonly string[] {
  if (target.arch !== 'x86_64') return []
  const picksBoard = target.vm.extraArgs.some((a) => /^--?(machine|M)(=|$)/.test(a))
  return picksBoard ? [] : BOOT_SPEED_WORDS
}

/** The words bootSpeedWords adds (the bench's bare floor leaves them out for upstream's line). */
export const BOOT_SPEED_WORDS: readonly string[] = ['acpi=noirq', 'i8042.noaux']

/** The root filesystem's words: 9p with its mount options, or virtiofs (`root=` names the
 *  tag, which a kernel with VIRTIO_FS built in mounts by itself; our initramfs reads it). */
function rootWords(target: Target): string[] {
  if (target.vm.sharedFs === 'virtiofs') return ['rootfstype=virtiofs', 'root=/dev/root']
  return ['rootfstype=9p', `rootflags=${NINEP_MOUNT_OPTIONS}`]
}

function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '')
}
