// Paths taken from a target's rootfs are the guest's to shape: a dedicated rootfs may hold
// links planted by an earlier guest (or shipped in an untrusted tree) that point at the host's
// own files. Everything the host reads from a rootfs (busybox, modules, modules.dep, the
// arch probe) and the init's folder it writes go through here, so each stays inside the root.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
  readlinkSync,
  realpathSync,
} from 'node:fs'
import path from 'node:path'

/** Maximum symlinks followed for one lookup, as the kernel's ELOOP limit. */
const MAX_SYMLINKS = 40

/** The rule every path taken from a rootfs must follow, quoted in refusals. */
const ROOT_RULE = 'every path taken from a rootfs must stay inside it'

/** A path in a rootfs that cannot be followed without leaving it (or without end). */
export class RootPathError extends Error {
  constructor(
    readonly rootfs: string,
    readonly guestPath: string,
    why: string,
  ) {
    super(`${guestPath} in rootfs ${rootfs} ${why} (refused: ${ROOT_RULE})`)
    this.name = 'RootPathError'
  }
}

/**
 * The host path of `guestPath` inside the directory tree `rootfs`, following symlinks as the
 * guest would see them, one component at a time: an absolute link target is relative to
 * `rootfs`, and `..` never climbs above it. A target's rootfs is often a chroot whose links
 * (merged-/usr's `/lib -> usr/lib`, alternatives) point at absolute paths that mean
 * something else on the host. Below a missing component the rest is appended without its
 * `.`/`..` (so the caller's stat reports ENOENT, never a path outside). Throws RootPathError
 * on more than 40 links, or when the real path of what exists is outside the root.
 */
export function resolveInRoot(rootfs: string, guestPath: string): string {
  const root = path.resolve(rootfs)
  const pending = splitPath(guestPath)
  const done: string[] = []
  let links = 0
  while (pending.length > 0) {
    const part = pending.shift() as string
    if (part === '.') continue
    if (part === '..') {
      done.pop()
      continue
    }
    const host = path.join(root, ...done, part)
    let isLink: boolean
    try {
      isLink = lstatSync(host).isSymbolicLink()
    } catch {
      // Missing (or below a non-directory): nothing left to resolve below it.
      const rest = pending.filter((p) => p !== '.' && p !== '..')
      return checkInside(root, guestPath, path.join(root, ...done, part, ...rest))
    }
    if (!isLink) {
      done.push(part)
      continue
    }
    if (++links > MAX_SYMLINKS)
      throw new RootPathError(root, guestPath, `goes through more than ${MAX_SYMLINKS} symbolic links (a loop?)`)
    const target = readlinkSync(host)
    if (target.startsWith('/')) done.length = 0
    pending.unshift(...splitPath(target))
  }
  return checkInside(root, guestPath, path.join(root, ...done))
}

/**
 * The contents of the regular file `guestPath` in `rootfs`, resolved by resolveInRoot and
 * opened without following a link at its last component; the file actually opened is checked
 * to be inside the root (so a link swapped in after the lookup is caught). Errors from the
 * file system (ENOENT, EISDIR, …) are thrown as they are; leaving the root is a RootPathError.
 */
export function readFileInRoot(rootfs: string, guestPath: string, maxBytes?: number): { path: string; data: Buffer } {
  const file = resolveInRoot(rootfs, guestPath)
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    const opened = readlinkSync(`/proc/self/fd/${fd}`)
    if (!isInside(realRoot(path.resolve(rootfs)), opened))
      throw new RootPathError(rootfs, guestPath, `opened ${opened}, which is outside it`)
    // Not a FIFO or device the guest planted: those could block or read host devices.
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'EINVAL' })
    if (maxBytes === undefined) return { path: file, data: readFileSync(fd) }
    const buf = Buffer.alloc(maxBytes)
    let filled = 0
    for (;;) {
      const n = readSync(fd, buf, filled, maxBytes - filled, null)
      if (n === 0 || (filled += n) >= maxBytes) break
    }
    return { path: file, data: buf.subarray(0, filled) }
  } finally {
    closeSync(fd)
  }
}

/** Whether `file` is `root` or below it (both absolute, normalised). */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file)
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !path.isAbsolute(rel))
}

/** `resolved` (no links in its existing part) must really be inside `root`: its deepest
 *  existing ancestor's real path is compared with the root's. */
function checkInside(root: string, guestPath: string, resolved: string): string {
  let existing = resolved
  for (;;) {
    try {
      const real = realpathSync(existing)
      if (!isInside(realRoot(root), real))
        throw new RootPathError(root, guestPath, `resolves to ${real}, which is outside it`)
      return resolved
    } catch (err) {
      if (err instanceof RootPathError) throw err
      // Nothing of it exists, down to the root itself: nothing to leave the root through.
      if (existing === root) return resolved
      existing = path.dirname(existing)
    }
  }
}

function realRoot(root: string): string {
  try {
    return realpathSync(root)
  } catch {
    return root
  }
}

function splitPath(p: string): string[] {
  return p.split('/').filter((part) => part !== '')
}
