// Builds the initramfs a stock kernel needs to reach a 9p (or virtiofs) root: the init
// script, a static busybox with its applets, and the root modules in load order.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'
import type { Arch } from '../plan/types.js'
import { findStaticBusybox } from './busybox.js'
import { type CpioEntry, writeCpioNewc } from './cpio.js'
import { decompressModule, uncompressedName } from './decompress.js'
import { InitramfsError } from './errors.js'
import { modulePathProblem } from './modules.js'
import { RootPathError, readFileInRoot } from '../util/root-path.js'
import { NINEP_MOUNT_OPTIONS } from '../platform/ninep.js'

/** Where the init script reads its module list: one absolute path per line, in load order. */
export const MODULE_LIST_PATH = 'etc/vmtest-initramfs/modules'

/** busybox applets templates/initramfs-init.sh runs (its PATH is /bin). */
export const APPLETS = ['sh', 'cat', 'echo', 'mkdir', 'mount', 'umount', 'insmod', 'sleep', 'switch_root', 'poweroff']

/** src/initramfs/*.ts and dist/<entry>/index.js both sit two levels below the repo root. */
const INIT_TEMPLATE = new URL('../../templates/initramfs-init.sh', import.meta.url)

export interface BuildOptions {
  /** The target's rootfs (the 9p root), where busybox and /lib/modules are taken from. */
  rootfs: string
  kernelVersion: string
  /** Module paths relative to `<rootfs>/lib/modules/<kernelVersion>`, in load order
   *  (`loadOrder(...).load`). */
  modules: string[]
  /** Host path of a static busybox to use instead of the rootfs's. */
  busybox?: string
  /** Host path of a static busybox for a rootfs that has none (HostSetup's). */
  fallbackBusybox?: string
  /** When given, busybox must be built for this architecture. */
  arch?: Arch
  /** Where `modules` are read: a root and the version folder inside it (a `kernel_modules`
   *  folder). Default: the rootfs and `lib/modules/<kernelVersion>`. */
  modulesFrom?: { root: string; subdir: string }
  /** gzip the archive (default false): smaller, but slower to build and to unpack in the
   *  guest, and the file only lives in the target's temp directory, so size does not matter. */
  compress?: boolean
}

export interface BuiltInitramfs {
  data: Buffer
  /** The busybox that went in. */
  busybox: string
  /** One note per compressed module, e.g. "9p.ko.zst: host zstd", for the log. */
  notes: string[]
}

/**
 * The initramfs for a stock kernel: /init (templates/initramfs-init.sh), a static busybox
 * with the applets /init needs, /dev/console (the kernel opens it for /init's stdio before
 * devtmpfs exists), the modules decompressed, and their load list.
 */
export function buildInitramfs(opts: BuildOptions): Buffer {
  return buildInitramfsDetailed(opts).data
}

export function buildInitramfsDetailed(opts: BuildOptions): BuiltInitramfs {
  const busybox = findStaticBusybox(opts.rootfs, opts.busybox, opts.arch, opts.fallbackBusybox)
  const entries: CpioEntry[] = [
    { type: 'dir', path: 'dev' },
    { type: 'chardev', path: 'dev/console', major: 5, minor: 1, mode: 0o600 },
    { type: 'chardev', path: 'dev/null', major: 1, minor: 3, mode: 0o666 },
    { type: 'dir', path: 'proc' },
    { type: 'dir', path: 'sys' },
    { type: 'dir', path: 'newroot' },
    { type: 'file', path: 'init', data: readInitTemplate(), mode: 0o755 },
    { type: 'file', path: 'bin/busybox', data: busybox.data, mode: 0o755 },
    ...APPLETS.map((applet): CpioEntry => ({ type: 'symlink', path: `bin/${applet}`, target: 'busybox' })),
  ]

  const notes: string[] = []
  const listed: string[] = []
  const moduleRoot = `lib/modules/${opts.kernelVersion}`
  const from = opts.modulesFrom ?? { root: opts.rootfs, subdir: moduleRoot }
  for (const relative of opts.modules) {
    const problem = modulePathProblem(relative, opts.kernelVersion)
    if (problem !== undefined) throw new InitramfsError(problem)
    let file = path.join(from.root, from.subdir, relative)
    let raw: Buffer
    try {
      ;({ path: file, data: raw } = readFileInRoot(from.root, `${from.subdir}/${relative}`))
    } catch (err) {
      if (err instanceof RootPathError) throw new InitramfsError(`Kernel module ${err.message}`)
      throw new InitramfsError(`Cannot read kernel module ${file}: ${(err as Error).message}`)
    }
    const { data, via } = decompressModule(file, raw)
    if (via !== undefined) notes.push(`${path.basename(relative)}: ${via}`)
    const inArchive = `${moduleRoot}/${uncompressedName(relative)}`
    entries.push({ type: 'file', path: inArchive, data, mode: 0o644 })
    listed.push(`/${inArchive}`)
  }
  entries.push({ type: 'file', path: MODULE_LIST_PATH, data: Buffer.from(listed.map((l) => `${l}\n`).join('')) })

  const cpio = writeCpioNewc(entries)
  const data = opts.compress === true ? zlib.gzipSync(cpio, { level: 6 }) : cpio
  return { data, busybox: busybox.path, notes }
}

export function readInitTemplate(): Buffer {
  // In the bundle, ncc has replaced the URL with a plain path string: accept both.
  const where: string | URL = INIT_TEMPLATE
  try {
    // The 9p options are the platform's (the root mounts with the same as every share).
    return Buffer.from(
      readFileSync(where, 'utf8').replace('rootflags=@NINEP_OPTIONS@', () => `rootflags=${NINEP_MOUNT_OPTIONS}`),
    )
  } catch (err) {
    throw new InitramfsError(
      `Cannot read the initramfs init template ${typeof where === 'string' ? where : fileURLToPath(where)}: ${(err as Error).message}`,
    )
  }
}
