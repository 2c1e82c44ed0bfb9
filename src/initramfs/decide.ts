// Whether a kernel target needs our initramfs: a kernel whose virtio/9p are modules cannot
// mount its root without one; a kernel with them built in boots faster without.
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Arch, InitramfsMode, SharedFs } from '../plan/types.js'
import { findStaticBusybox } from './busybox.js'
import { InitramfsError } from './errors.js'
import { readKernelVersion } from './kernel-version.js'
import { resolveInRoot } from '../util/root-path.js'
import type { KernelModulesFolder } from './kernel-modules.js'
import { type ModuleIndex, loadOrder, readModuleIndex, rootModulesFor } from './modules.js'

export interface BootPathDecision {
  /** Boot through a generated initramfs. */
  initramfs: boolean
  /** One sentence for the log saying which path was taken and why. */
  reason: string
  kernelVersion?: string
  /** When `initramfs`: module paths relative to /lib/modules/<kernelVersion>, in load order. */
  modules?: string[]
  /** When `initramfs`: host path of the static busybox it will carry. */
  busybox?: string
}

export interface DecideOptions {
  kernel: string
  rootfs: string
  mode: InitramfsMode
  /** Checks busybox's architecture (and picks the root modules, the same on every arch). */
  arch?: Arch
  /** A static busybox to use instead of the rootfs's (host path). */
  busybox?: string
  /** A static busybox (host path) for a rootfs that has none: setup's. */
  fallbackBusybox?: string
  /** Modules the target wants beyond the root's (virtio_net for `vm.network`): loaded when
   *  they are modules, never an error when the kernel lacks them (the guest says so). */
  extraModules?: string[]
  /** `vm.shared_fs`: which filesystem's modules the root needs (absent: 9p). */
  sharedFs?: SharedFs
  /** The target's `kernel_modules` folder, resolved and checked against the kernel's release
   *  (resolveKernelModules): modules come from there instead of the rootfs. */
  kernelModules?: KernelModulesFolder
}

/**
 * Whether a kernel target boots through a generated initramfs.
 *
 * - `off`: never.
 * - `auto`: only when the kernel's release can be read, `<rootfs>/lib/modules/<release>`
 *   exists and some of ROOT_MODULES are modules rather than built in. Otherwise the kernel is
 *   assumed to be vmtest-ready (9p and virtio built in), as upstream assumes.
 * - `on`: always; what `auto` would treat as "assume built in" is an error here.
 *
 * With `kernelModules`, that folder stands in for `<rootfs>/lib/modules/<release>`.
 *
 * Needing modules that exist neither as modules nor built in, or having no static busybox, is
 * an InitramfsError in `auto` and `on` alike: such a kernel cannot mount its root, and saying
 * so now beats a kernel panic on the console.
 */
export function decideBootPath(opts: DecideOptions): BootPathDecision {
  if (opts.mode === 'off') return { initramfs: false, reason: 'initramfs off (forced): booting the kernel directly' }
  const forced = opts.mode === 'on'
  const wanted = rootModulesFor(opts.arch, opts.sharedFs)
  const fs = opts.sharedFs === 'virtiofs' ? 'virtiofs' : '9p'

  const km = opts.kernelModules
  const found = km !== undefined ? { version: km.version, fromName: false } : findVersion(opts.kernel, opts.rootfs)
  if (found === undefined) {
    if (forced) throw new InitramfsError(`initramfs is on, but the kernel release cannot be read from ${opts.kernel}`)
    return {
      initramfs: false,
      reason: `kernel release not readable from ${opts.kernel}: assuming ${fs} and virtio are built in, no initramfs`,
    }
  }
  const { version, fromName } = found
  const how = fromName ? ` (release taken from the file name)` : ''
  const index = km !== undefined ? readModuleIndex(km.root, version, km.subdir) : readModuleIndex(opts.rootfs, version)
  const modulesDir = km !== undefined ? km.dir : path.join(opts.rootfs, 'lib/modules', version)
  if (index === undefined) {
    if (forced)
      throw new InitramfsError(
        `initramfs is on, but ${modulesDir} does not exist: install the modules of kernel ${version} in the rootfs`,
      )
    return {
      initramfs: false,
      kernelVersion: version,
      reason: `kernel ${version}${how}: no ${modulesDir}, assuming ${fs} and virtio are built in, no initramfs`,
    }
  }

  const extra = opts.extraModules ?? []
  const order = loadOrder(index, [...wanted, ...extra])
  const missing = order.missing.filter((m) => !extra.includes(m))
  if (missing.length > 0) throw rootFsHint(missingError(index, missing, forced, km !== undefined), opts.sharedFs)
  if (order.load.length === 0 && !forced) {
    return {
      initramfs: false,
      kernelVersion: version,
      reason: `kernel ${version}${how}: ${wanted.join(', ')} are built in, no initramfs`,
    }
  }
  // Fail here rather than at build time, with the package to install.
  const busybox = findStaticBusybox(opts.rootfs, opts.busybox, opts.arch, opts.fallbackBusybox).path
  const asModules = [...wanted, ...extra].filter((w) => !order.builtin.includes(w) && !order.missing.includes(w))
  const reason =
    order.load.length === 0
      ? `initramfs on (forced) for kernel ${version}${how}: all of ${wanted.join(', ')} are built in, loading no modules`
      : `kernel ${version}${how} has ${asModules.join(', ')} as modules: booting through a generated initramfs that loads ${order.load.length} modules${km !== undefined ? ` from ${km.dir}` : ''}`
  return { initramfs: true, kernelVersion: version, modules: order.load, busybox, reason }
}

function findVersion(kernel: string, rootfs: string): { version: string; fromName: boolean } | undefined {
  const read = readKernelVersion(kernel)
  if (read !== undefined) return { version: read, fromName: false }
  // Formats we cannot open (e.g. a zstd zboot on Node 20) still usually carry the release in
  // their distro file name; trust it only when the rootfs has modules for it.
  const match = /^(?:vmlinuz|vmlinux|bzImage|Image)-(.+?)(?:\.efi)?$/.exec(path.basename(kernel))
  if (match && !match[1].includes('/') && existsSync(resolveInRoot(rootfs, `lib/modules/${match[1]}/modules.dep`)))
    return { version: match[1], fromName: true }
  return undefined
}

/** The missing-module error of a virtiofs root names the setting and the kernel options. */
function rootFsHint(e: InitramfsError, sharedFs: SharedFs | undefined): InitramfsError {
  if (sharedFs !== 'virtiofs') return e
  return new InitramfsError(
    `${e.message.replace('its 9p root', 'its virtiofs root')} (shared_fs = "virtiofs" needs CONFIG_VIRTIO_FS and CONFIG_FUSE_FS)`,
  )
}

function missingError(
  index: ModuleIndex,
  missing: string[],
  forced: boolean,
  fromKernelModules: boolean,
): InitramfsError {
  const prefix = forced ? 'initramfs is on, but kernel' : 'Kernel'
  if (fromKernelModules) {
    return new InitramfsError(
      `${prefix} ${index.version} has neither built in nor as a module in its kernel_modules folder ${index.dir}: ${missing.join(', ')}. ` +
        `A kernel target needs them to mount its 9p root: build them (=y, or =m and run \`make modules_install\` again)`,
    )
  }
  if (!index.hasModulesDep) {
    return new InitramfsError(
      `${prefix} ${index.version} needs ${missing.join(', ')}, which ${path.join(index.dir, 'modules.builtin')} does not list as built in, ` +
        `and ${path.join(index.dir, 'modules.dep')} is missing: run \`depmod ${index.version}\` in the rootfs`,
    )
  }
  return new InitramfsError(
    `${prefix} ${index.version} has neither built in nor as a module in ${index.dir}: ${missing.join(', ')}. ` +
      `A kernel target needs them to mount its 9p root (on Ubuntu they are in linux-modules-extra-${index.version}).`,
  )
}
