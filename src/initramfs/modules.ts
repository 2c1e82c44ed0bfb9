// Which modules a kernel target needs before its root is mounted, and their load order from
// the kernel's own modules.dep (read inside the root, never outside it).
import { statSync } from 'node:fs'
import path from 'node:path'
import type { Arch, SharedFs } from '../plan/types.js'
import { RootPathError, readFileInRoot, resolveInRoot } from '../util/root-path.js'

/**
 * What a kernel target needs before its real init runs: the virtio PCI transport (all of
 * QEMU's `-device virtio-*` and `-virtfs` devices sit on it on x86_64, aarch64 virt and
 * riscv64 virt), the 9p transport and filesystem for the root and the shares, and
 * virtio_console for the guest agent's and the command output's ports. Their own
 * dependencies (virtio_ring, virtio, 9pnet, netfs, fscache, …) come from modules.dep.
 */
export const ROOT_MODULES: string[] = ['virtio_pci', 'virtio_console', '9pnet_virtio', '9p']

/** The NIC of `vm.network = "user"` (its failover dependencies come from modules.dep). */
export const NETWORK_MODULES: string[] = ['virtio_net']

/**
 * ROOT_MODULES for an architecture: the same everywhere. On s390x too, `-virtfs` makes a
 * virtio-9p-pci device (on the zPCI bus), so 9p needs virtio_pci there as well; the
 * channel-I/O transport the agent's virtio-serial-ccw uses, virtio_ccw, is a bool option
 * (S390_GUEST), never a module, and is listed neither in modules.dep nor in modules.builtin
 * (which lists only tristate options set to y): asking for it would call a working kernel
 * broken. Checked with Debian's 6.1 s390x kernel under TCG.
 */
export function rootModulesFor(_arch: Arch | undefined, sharedFs: SharedFs = '9p'): string[] {
  return sharedFs === 'virtiofs' ? [...VIRTIOFS_ROOT_MODULES] : [...ROOT_MODULES]
}

/**
 * ROOT_MODULES for `shared_fs = "virtiofs"`: the root and every share are vhost-user-fs
 * devices on the virtio PCI transport, mounted as virtiofs (fs/fuse/virtiofs.ko, which
 * needs fuse.ko: listed too, so a kernel with FUSE_FS missing is named as such).
 */
export const VIRTIOFS_ROOT_MODULES: string[] = ['virtio_pci', 'virtio_console', 'fuse', 'virtiofs']

export interface ModuleIndex {
  version: string
  /** Host path of `<rootfs>/lib/modules/<version>` (symlinks resolved inside the rootfs). */
  dir: string
  /** The root it was read from (the rootfs, or a `kernel_modules` folder): files below `dir`
   *  are read through it, never raw. */
  rootfs: string
  /** Where the version folder is inside `rootfs`: `lib/modules/<version>`, or `.` for a
   *  `kernel_modules` folder that is the version folder itself. */
  subdir: string
  /** False when modules.dep is absent (depmod never ran): nothing can be loaded then. */
  hasModulesDep: boolean
  /** Module name (normalised: `-` → `_`) → path relative to `dir`, as in modules.dep. */
  paths: Map<string, string>
  /** Relative path → the relative paths it depends on, in modules.dep order. */
  deps: Map<string, string[]>
  /** Names of modules built into the kernel (modules.builtin). */
  builtin: Set<string>
  /** Exact aliases, read on first use by moduleAliases() (modules.alias is ~1 MB and only
   *  needed when a wanted name is not a module's own). */
  aliases?: Map<string, string[]>
}

/** `kernel/fs/9p/9p.ko.zst` → `9p`; `virtio-rng.ko` → `virtio_rng` (as modprobe compares). */
export function moduleName(modulePath: string): string {
  return path
    .basename(modulePath)
    .replace(/\.ko(\.(gz|xz|zst))?$/, '')
    .replace(/-/g, '_')
}

/** The version folder of `version` inside a root: `lib/modules/<version>`. */
export function versionSubdir(version: string): string {
  return `lib/modules/${version}`
}

/**
 * Parses `<rootfs>/<subdir>/modules.dep` and `modules.builtin` (modules.alias is read later,
 * if needed); `subdir` is `lib/modules/<version>` unless given. Undefined when the directory
 * does not exist.
 */
export function readModuleIndex(
  rootfs: string,
  version: string,
  subdir: string = versionSubdir(version),
): ModuleIndex | undefined {
  if (version === '' || version === '.' || version === '..' || version.includes('/')) return undefined
  const dir = resolveInRoot(rootfs, subdir)
  try {
    if (!statSync(dir).isDirectory()) return undefined
  } catch {
    return undefined
  }
  const depText = readOptional(rootfs, subdir, 'modules.dep')
  const index: ModuleIndex = {
    version,
    dir,
    rootfs,
    subdir,
    hasModulesDep: depText !== undefined,
    paths: new Map(),
    deps: new Map(),
    builtin: new Set(),
  }
  for (const line of lines(depText)) {
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const modulePath = relative(line.slice(0, colon))
    const deps = line
      .slice(colon + 1)
      .split(/\s+/)
      .filter((d) => d !== '')
      .map((d) => relative(d))
    index.deps.set(modulePath, deps)
    index.paths.set(moduleName(modulePath), modulePath)
  }
  for (const line of lines(readOptional(rootfs, subdir, 'modules.builtin'))) {
    index.builtin.add(moduleName(line.trim()))
  }
  return index
}

/** Exact (wildcard-free) aliases → module names from modules.alias (e.g. fs_9p → 9p), with
 *  `-` read as `_` as modprobe does. Read once per index. */
export function moduleAliases(index: ModuleIndex): Map<string, string[]> {
  if (index.aliases) return index.aliases
  const aliases = new Map<string, string[]>()
  for (const line of lines(readOptional(index.rootfs, index.subdir, 'modules.alias'))) {
    // `alias <pattern> <module>`; device-id patterns with wildcards are for udev, not us.
    const [word, alias, name] = line.split(/\s+/)
    if (word !== 'alias' || !alias || !name || /[*?[]/.test(alias)) continue
    const key = alias.replace(/-/g, '_')
    const list = aliases.get(key) ?? []
    list.push(moduleName(name))
    aliases.set(key, list)
  }
  index.aliases = aliases
  return aliases
}

export interface LoadOrder {
  /** Relative .ko paths (possibly .ko.xz/.ko.zst/.ko.gz) in load order, dependencies first. */
  load: string[]
  /** Wanted names that are built into the kernel. */
  builtin: string[]
  /** Wanted names that are neither modules nor built in. */
  missing: string[]
}

/**
 * The modules to insmod, in order, so that each of `wanted` is available. Dependencies are
 * visited depth-first in reverse modules.dep order, which is the order modprobe loads them
 * (`virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci`); each module
 * appears once.
 */
export function loadOrder(index: ModuleIndex, wanted: string[]): LoadOrder {
  const load: string[] = []
  const builtin: string[] = []
  const missing: string[] = []
  const visiting = new Set<string>()
  const done = new Set<string>()

  const visit = (modulePath: string): void => {
    if (done.has(modulePath) || visiting.has(modulePath)) return // a cycle would be a depmod bug
    visiting.add(modulePath)
    for (const dep of [...(index.deps.get(modulePath) ?? [])].reverse()) visit(dep)
    visiting.delete(modulePath)
    done.add(modulePath)
    load.push(modulePath)
  }

  for (const raw of wanted) {
    const name = raw.replace(/-/g, '_')
    const direct = index.paths.has(name) || index.builtin.has(name)
    const candidates = direct ? [name] : [name, ...(moduleAliases(index).get(name) ?? [])]
    const asModule = candidates.find((n) => index.paths.has(n))
    if (asModule !== undefined) visit(index.paths.get(asModule) as string)
    else if (candidates.some((n) => index.builtin.has(n))) builtin.push(raw)
    else missing.push(raw)
  }
  return { load, builtin, missing }
}

/** modules.dep paths are relative to the version directory; very old depmods wrote them
 *  absolute (`/lib/modules/<version>/kernel/…`). Anything else absolute is kept as written,
 *  for modulePathProblem to refuse by name. */
function relative(p: string): string {
  if (!p.startsWith('/')) return p
  const marker = p.indexOf('/lib/modules/')
  if (marker >= 0)
    return p
      .slice(marker + '/lib/modules/'.length)
      .split('/')
      .slice(1)
      .join('/')
  return p
}

/**
 * Why a module path from modules.dep cannot be used, or undefined when it can: it must name
 * a file below lib/modules/<version> (no absolute path, no `..`). A crafted modules.dep
 * could otherwise pack any file of the rootfs, or with links of the host, into the
 * initramfs the guest gets.
 */
export function modulePathProblem(modulePath: string, version: string): string | undefined {
  if (modulePath.startsWith('/') || modulePath.split('/').includes('..') || modulePath === '') {
    return `modules.dep entry ${JSON.stringify(modulePath)} is not a path below lib/modules/${version} (refused: every path taken from a rootfs must stay inside it)`
  }
  return undefined
}

/** A file of the version folder, or undefined when it cannot be read; leaving the rootfs
 *  is not "unreadable": it throws. */
function readOptional(rootfs: string, subdir: string, name: string): string | undefined {
  try {
    return readFileInRoot(rootfs, `${subdir}/${name}`).data.toString('utf8')
  } catch (err) {
    if (err instanceof RootPathError) throw err
    return undefined
  }
}

function lines(text: string | undefined): string[] {
  return text === undefined ? [] : text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))
}
