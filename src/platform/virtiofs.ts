// Where the host's virtiofsd lives and how each implementation is started, for
// `shared_fs = "virtiofs"`. Two daemons are in the wild with different command lines:
//  - QEMU's C daemon (QEMU ≤ 7.2; Debian 12 and Ubuntu 22.04 ship it in qemu-system-common
//    at /usr/lib/qemu/virtiofsd): `-o source=…` options, no read-only switch;
//  - the Rust daemon (the `virtiofsd` package of Debian 13 / Ubuntu 24.04, at
//    /usr/libexec/virtiofsd): `--shared-dir`, and `--readonly` from version 1.11 on.
// Pure: the caller runs the program (`--help`) and hands its text in.
import { existsSync } from 'node:fs'

/** The first of these that exists is used (after $VMTEST_VIRTIOFSD and `virtiofsd` on PATH). */
export const VIRTIOFSD_PATHS = ['/usr/libexec/virtiofsd', '/usr/lib/virtiofsd', '/usr/lib/qemu/virtiofsd']

/** Packages that carry a virtiofsd, newest layout first: apt installs the first it knows. */
export const VIRTIOFSD_PACKAGES = ['virtiofsd', 'qemu-system-common']

/** Kernel options a guest needs to mount virtiofs (named in errors). */
export const VIRTIOFS_KCONFIG = 'CONFIG_VIRTIO_FS and CONFIG_FUSE_FS'

export type VirtiofsdFlavour = 'rust' | 'c'

export interface VirtiofsdInfo {
  flavour: VirtiofsdFlavour
  /** The daemon itself refuses the guest's writes (`--readonly`). */
  readonlyFlag: boolean
}

/** The daemon to use: $VMTEST_VIRTIOFSD when set (a path), else PATH, else the distro paths. */
export function findVirtiofsd(
  env: NodeJS.ProcessEnv,
  which: (name: string) => string | undefined,
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  const own = env.VMTEST_VIRTIOFSD
  if (own) return own
  return which('virtiofsd') ?? VIRTIOFSD_PATHS.find((p) => exists(p))
}

/** Which implementation printed this `--help`; undefined for neither. */
export function virtiofsdInfo(helpText: string): VirtiofsdInfo | undefined {
  if (helpText.includes('--shared-dir')) return { flavour: 'rust', readonlyFlag: /--readonly\b/.test(helpText) }
  if (helpText.includes('source=PATH')) return { flavour: 'c', readonlyFlag: false }
  return undefined
}

export interface DaemonShare {
  /** Host folder served. */
  source: string
  /** vhost-user socket the daemon listens on and QEMU connects to. */
  socket: string
  readonly: boolean
}

export interface DaemonCommand {
  /** Program and arguments: the daemon itself, or a wrapper that execs it (same PID). */
  argv: string[]
}

/**
 * The daemon's command line. Defaults chosen for a test VM that trusts its guest no more
 * than 9p's `security_model=none` does: `cache=auto` (close-to-open, as 9p users expect
 * when the host edits files between runs), no xattrs (so no security.* passthrough),
 * submounts announced so inode numbers of different host filesystems never collide (9p's
 * `multidevs=remap`). The sandbox stays the daemon's default (a mount namespace pivoted
 * into the shared folder) when we are root; without root the Rust daemon runs unsandboxed
 * (a user namespace is often forbidden, e.g. by Ubuntu 24.04's AppArmor) and the C daemon,
 * which cannot run without privileges, in a user namespace of its own. The host root itself
 * is served from a chroot: the namespace sandbox pivots into the shared folder, which fails
 * (EBUSY) for `/` where `/` is the initial rootfs, and would confine nothing there anyway.
 *
 * A read-only share: the Rust daemon's `--readonly`; the C daemon has no such switch, so it
 * starts in a private mount namespace where the folder is first bind-mounted read-only over
 * itself: the kernel then refuses every write, whatever the guest asks.
 */
export function virtiofsdCommand(
  daemon: string,
  info: VirtiofsdInfo,
  share: DaemonShare,
  asRoot: boolean,
): DaemonCommand {
  if (info.flavour === 'rust') {
    const args = [
      '--shared-dir',
      share.source,
      '--socket-path',
      share.socket,
      '--cache',
      'auto',
      '--log-level',
      'error',
    ]
    if (share.readonly) args.push('--readonly')
    if (!asRoot) args.push('--sandbox', 'none')
    else if (share.source === '/') args.push('--sandbox', 'chroot')
    return { argv: [daemon, ...args] }
  }
  const args = [
    `--socket-path=${share.socket}`,
    '-o',
    `source=${share.source}`,
    '-o',
    'cache=auto',
    '-o',
    'no_xattr',
    '-o',
    'announce_submounts',
    '-o',
    'log_level=err',
  ]
  if (share.source === '/') args.push('-o', 'sandbox=chroot')
  if (!share.readonly && asRoot) return { argv: [daemon, ...args] }
  // unshare without --fork execs: the daemon keeps the PID we started.
  const unshare = [
    'unshare',
    ...(asRoot ? [] : ['--user', '--map-root-user']),
    '--mount',
    '--propagation',
    'private',
    '--',
  ]
  if (!share.readonly) return { argv: [...unshare, daemon, ...args] }
  const bindReadonly = 'mount --bind -o ro "$0" "$0" && exec "$@"'
  return { argv: [...unshare, '/bin/sh', '-c', bindReadonly, share.source, daemon, ...args] }
}

/** Why a read-only share cannot be served read-only by this daemon, or undefined when it can. */
export function readonlyProblem(info: VirtiofsdInfo, daemon: string): string | undefined {
  if (info.flavour === 'c' || info.readonlyFlag) return undefined
  return `${daemon} has no --readonly option (virtiofsd 1.11 or later has it), so it cannot keep a read-only share read-only; install a newer virtiofsd or use shared_fs = "9p"`
}
