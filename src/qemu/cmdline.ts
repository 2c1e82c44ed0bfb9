// The guest kernel command line for kernel targets (reference §3), word for word upstream's.
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
  ]
  if (target.kernelArgs) words.push(...splitWords(target.kernelArgs))
  return words.join(' ')
}

/** The root filesystem's words: 9p with its mount options, or virtiofs (`root=` names the
 *  tag, which a kernel with VIRTIO_FS built in mounts by itself; our initramfs reads it). */
function rootWords(target: Target): string[] {
  if (target.vm.sharedFs === 'virtiofs') return ['rootfstype=virtiofs', 'root=/dev/root']
  return ['rootfstype=9p', `rootflags=${NINEP_MOUNT_OPTIONS}`]
}

function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '')
}
