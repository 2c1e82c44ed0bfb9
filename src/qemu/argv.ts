// The QEMU command line for one target (reference §3): a pure function of the target and
// what setup resolved (accel, socket paths, init path, firmware, image format).
import type { Accel, GuestShare, Target, WorkspaceMount } from '../plan/types.js'
import { archSpec } from './arch.js'
import { buildKernelCmdline } from './cmdline.js'
import { ArgvError } from './errors.js'
import { optValue } from './escape.js'
import type { ImageFormat } from './image-format.js'

/** 9p tag of the guest root: the kernel looks for its root device under this name. */
const ROOT_MOUNT_TAG = '/dev/root'
/** 9p tag of the config directory, mounted at /mnt/vmtest in the guest. */
const SHARED_MOUNT_TAG = 'vmtest-shared'
/** Where the guest sees the config directory (upstream's path). */
const SHARED_GUEST_PATH = '/mnt/vmtest'
/** virtio-serial port names the guest looks for (interface facts shared with upstream). */
const GUEST_AGENT_PORT = 'org.qemu.guest_agent.0'
const COMMAND_OUTPUT_PORT = 'org.qemu.virtio_serial.0'
/** Drive id of an image target's disk. */
export const IMAGE_DRIVE_ID = 'vmtest-disk'

/** Longest 9p mount tag Linux accepts (MAX_TAG_LEN 32, including the terminating NUL). */
export const MAX_MOUNT_TAG_LEN = 31

export interface QemuSockets {
  qmp: string
  qga: string
  output: string
}

export interface ArgvOptions {
  accel: Accel
  sockets: QemuSockets
  /** Kernel targets: guest path of our init script. */
  initGuestPath?: string
  /** Kernel targets: host path of our generated initramfs (stock kernels). */
  initramfs?: string
  /** Image + uefi: resolved firmware path. */
  firmware?: string
  /** Image targets: detected format, passed as `format=`. */
  imageFormat?: ImageFormat
  /** Image targets: write through to the image file. Default false: `snapshot=on`. */
  writeImage?: boolean
  /** The /mnt/vmtest share: 'rw' (default), 'ro' (QEMU refuses writes), 'off' (not exported). */
  workspaceMount?: WorkspaceMount
  /** `vm.sharedFs = "virtiofs"`: the virtiofsd sockets, one per virtiofsShares() entry, in order. */
  virtiofsSockets?: string[]
}

/** One `vm.mounts` entry as exported to the guest. */
interface MountShare {
  tag: string
  guestPath: string
  hostPath: string
  writable: boolean
}

/**
 * 9p tag of the `index`-th `vm.mounts` entry. Tags come from the position, not the guest path:
 * a path can exceed the 31-byte tag limit or hold characters a tag cannot.
 */
export function mountTag(index: number): string {
  return `vmtest-mount${index}`
}

/** 9p tag of a kernel target's `kernel_modules` folder. templates/mount.sh knows it by this
 *  tag: it mounts a private tmpfs on the guest path (/lib/modules), so the root's own is
 *  hidden and never written, and shows the folder's version folder at /lib/modules/<release>. */
export const MODULES_MOUNT_TAG = 'vmtest-modules'

/** The target's `vm.mounts` with their tags, then its `kernel_modules` folder (read-only), in
 *  the order their -virtfs options appear. */
function mountShares(target: Target): MountShare[] {
  const mounts = target.vm.mounts.map((m, i) => ({
    tag: mountTag(i),
    guestPath: m.guestPath,
    hostPath: m.hostPath,
    writable: m.writable,
  }))
  if (target.kind !== 'kernel' || target.kernelModules === undefined) return mounts
  return [
    ...mounts,
    { tag: MODULES_MOUNT_TAG, guestPath: '/lib/modules', hostPath: target.kernelModules, writable: false },
  ]
}

/** The 9p shares the guest mounts, in order: /mnt/vmtest (unless `off`), then vm.mounts.
 *  The same shares buildQemuArgv exports, with the same read-only flags. */
export function guestShares(target: Target, workspaceMount: WorkspaceMount = 'rw'): GuestShare[] {
  const shared =
    workspaceMount === 'off'
      ? []
      : [{ tag: SHARED_MOUNT_TAG, path: SHARED_GUEST_PATH, readonly: workspaceMount === 'ro' }]
  return [...shared, ...mountShares(target).map((m) => ({ tag: m.tag, path: m.guestPath, readonly: !m.writable }))]
}

/** Every share of a `shared_fs = "virtiofs"` target, one virtiofsd each, in the order their
 *  devices appear: a kernel target's root, then guestShares(). */
export function virtiofsShares(
  target: Target,
  workspaceMount: WorkspaceMount = 'rw',
): (GuestShare & { source: string })[] {
  const root =
    target.kind === 'kernel' ? [{ tag: ROOT_MOUNT_TAG, path: '/', readonly: false, source: target.rootfs }] : []
  const shared =
    workspaceMount === 'off'
      ? []
      : [
          {
            tag: SHARED_MOUNT_TAG,
            path: SHARED_GUEST_PATH,
            readonly: workspaceMount === 'ro',
            source: target.sharedDir,
          },
        ]
  return [
    ...root,
    ...shared,
    ...mountShares(target).map((m) => ({ tag: m.tag, path: m.guestPath, readonly: !m.writable, source: m.hostPath })),
  ]
}

export function buildQemuArgv(target: Target, o: ArgvOptions): { program: string; args: string[] } {
  if (target.vm.sharedFs === 'virtiofs') return buildVirtiofsArgv(target, o)
  const spec = archSpec(target.arch)
  const args: string[] = ['-nodefaults', '-display', 'none', '-serial', 'mon:stdio']

  if (o.accel === 'kvm') args.push('-enable-kvm', '-cpu', target.kvmCpuArgs || 'host')
  else args.push('-accel', 'tcg', '-cpu', spec.tcgCpu)
  args.push(...spec.machine)
  // Differs from upstream on purpose, for x86 images: with -nodefaults and no display SeaBIOS
  // prints nowhere, so a disk it cannot boot ("No bootable device", e.g. a UEFI-only image
  // without `uefi = true`) looked like a silent hang until the boot deadline. graphics=off
  // sends the firmware's messages to the serial console. Kernel targets skip the firmware's
  // boot menu entirely, and there it would only echo the kernel's real-mode lines twice.
  if (target.arch === 'x86_64' && target.kind === 'image') args.push('-machine', 'graphics=off')

  args.push('-qmp', `unix:${optValue(o.sockets.qmp)},server=on,wait=off`)
  // The command's output port and, for an image, its agent's port on one virtio-serial
  // controller, where upstream gives each its own. The guest finds both by name either way,
  // but every PCI device costs the guest ~0.2 s to bring up under TCG (its interrupt link),
  // measured with `npm run timeline`. A kernel target has no agent: our init runs the
  // command and reports on the output port.
  args.push('-device', 'virtio-serial')
  if (target.kind === 'image') {
    args.push(
      '-chardev',
      `socket,path=${optValue(o.sockets.qga)},server=on,wait=off,id=qga0`,
      '-device',
      `virtserialport,chardev=qga0,name=${GUEST_AGENT_PORT}`,
    )
  }
  args.push(
    '-chardev',
    `socket,path=${optValue(o.sockets.output)},server=on,wait=off,id=cmdout`,
    '-device',
    `virtserialport,chardev=cmdout,name=${COMMAND_OUTPUT_PORT}`,
  )

  // The boot medium comes first so it is the guest's first disk / 9p device.
  if (target.kind === 'image') args.push(...imageArgs(target, o, spec.blkDevice))
  else args.push(...kernelArgs(target, o))

  // readonly=on makes QEMU refuse the guest's writes, whatever the guest mounts it as.
  const workspace = o.workspaceMount ?? 'rw'
  if (workspace !== 'off') args.push(...virtfs('shared', target.sharedDir, SHARED_MOUNT_TAG, workspace === 'ro'))
  args.push('-smp', String(target.vm.numCpus), '-m', target.vm.memory)
  for (const share of mountShares(target)) {
    args.push(...virtfs(share.tag, share.hostPath, share.tag, !share.writable))
  }
  if (target.vm.network === 'user') args.push(...userNetwork(target))
  // Last, so the user's options override ours (QEMU takes the last -cpu, -machine, …).
  args.push(...target.vm.extraArgs)

  return { program: target.qemuCommand, args }
}

/**
 * The argv with every 9p share replaced by a vhost-user-fs device on its virtiofsd socket.
 * vhost-user needs the guest's RAM shared with the daemons: a memfd backend of the guest's
 * size (`-machine memory-backend=`, on every machine type). Built from the 9p argv so the two
 * cannot drift apart in anything else.
 */
function buildVirtiofsArgv(target: Target, o: ArgvOptions): { program: string; args: string[] } {
  const shares = virtiofsShares(target, o.workspaceMount)
  const sockets = o.virtiofsSockets ?? []
  if (sockets.length !== shares.length)
    throw new ArgvError(
      target.name,
      `shared_fs = "virtiofs" needs one virtiofsd socket per share (${shares.length}), got ${sockets.length}`,
    )
  const built = buildQemuArgv({ ...target, vm: { ...target.vm, sharedFs: '9p' } }, o)
  const args: string[] = []
  let next = 0
  const device = target.arch === 's390x' ? 'vhost-user-fs-ccw' : 'vhost-user-fs-pci'
  for (let i = 0; i < built.args.length; i++) {
    // The user's own -virtfs options (extra_args, last) stay as they are.
    if (built.args[i] !== '-virtfs' || next >= shares.length) {
      args.push(built.args[i])
      continue
    }
    i++
    const n = next++
    args.push(
      '-chardev',
      `socket,id=vfs${n},path=${optValue(sockets[n])}`,
      '-device',
      `${device},chardev=vfs${n},tag=${shares[n].tag},queue-size=1024`,
    )
  }
  // The root's words on the kernel command line (rootfstype=virtiofs) follow the target.
  const append = args.indexOf('-append')
  if (target.kind === 'kernel' && append >= 0) args[append + 1] = buildKernelCmdline(target, o.initGuestPath!)
  const at = args.indexOf('-m')
  args.splice(
    at,
    0,
    '-object',
    `memory-backend-memfd,id=vmtest-mem,size=${backendSize(target.vm.memory)},share=on`,
    '-machine',
    'memory-backend=vmtest-mem',
  )
  return { program: built.program, args }
}

/** `-m` takes a bare number as MiB, a backend's size= as bytes: say MiB explicitly. */
function backendSize(memory: string): string {
  return /^\d+$/.test(memory.trim()) ? `${memory.trim()}M` : memory
}

function imageArgs(target: Target, o: ArgvOptions, blkDevice: string): string[] {
  if (!target.image) throw new ArgvError(target.name, 'image target without an image path')
  let drive = `file=${optValue(target.image)}`
  if (o.imageFormat) drive += `,format=${o.imageFormat}`
  drive += `,index=1,media=disk,if=none,id=${IMAGE_DRIVE_ID}`
  // snapshot=on: writes go to a temporary overlay, so the image file is never modified.
  if (!o.writeImage) drive += ',snapshot=on'
  const args = ['-drive', drive, '-device', `${blkDevice},drive=${IMAGE_DRIVE_ID},bootindex=1`]
  if (target.uefi) {
    if (!o.firmware) throw new ArgvError(target.name, 'uefi = true but no firmware was resolved (resolveUefiFirmware)')
    args.push('-bios', o.firmware)
  }
  return args
}

function kernelArgs(target: Target, o: ArgvOptions): string[] {
  if (!target.kernel) throw new ArgvError(target.name, 'kernel target without a kernel path')
  if (!o.initGuestPath) throw new ArgvError(target.name, 'kernel target without the guest path of the init script')
  const args = [...virtfs('root', target.rootfs, ROOT_MOUNT_TAG, false), '-kernel', target.kernel]
  if (o.initramfs) args.push('-initrd', o.initramfs)
  // -no-reboot with panic=-1 in the command line: a guest panic ends QEMU instead of looping.
  args.push('-no-reboot', '-append', buildKernelCmdline(target, o.initGuestPath))
  return args
}

// -virtfs, as upstream, on every arch. It always makes a virtio-9p-pci device, even on s390x
// (there on the zPCI bus, beside the CCW devices the `virtio-serial` alias gives): Debian's
// s390x kernel mounts it with its virtio_pci module, checked under TCG.
function virtfs(id: string, path: string, tag: string, readonly: boolean): string[] {
  let spec = `local,id=${id},path=${optValue(path)},mount_tag=${tag},security_model=none,multidevs=remap`
  if (readonly) spec += ',readonly=on'
  return ['-virtfs', spec]
}

/**
 * `vm.network = "user"`: a virtio-net NIC on QEMU's user networking (slirp: the guest is
 * 10.0.2.15, the host 10.0.2.2, DNS 10.0.2.3; outgoing connections only). `virtio-net` is
 * QEMU's alias for the arch's transport (PCI, or CCW on s390x). On PCI, `romfile=` drops the
 * PXE option ROM: nothing here boots from the network, and a tool-cache QEMU need not ship it.
 */
function userNetwork(target: Target): string[] {
  const device = target.arch === 's390x' ? 'virtio-net,netdev=net0' : 'virtio-net-pci,netdev=net0,romfile='
  return ['-netdev', 'user,id=net0', '-device', device]
}
