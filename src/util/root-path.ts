import { lstatSync, readlinkSync } from 'node:fs'
import path from 'node:path'

/** Maximum symlinks followed for one lookup, as the kernel's ELOOP limit. */
const MAX_SYMLINKS = 40

/**
 * The host path of `guestPath` inside the directory tree `rootfs`, following symlinks as the
 * guest would see them: an absolute link target is relative to `rootfs`, and `..` never
 * climbs above it. A target's rootfs is often a chroot whose links (merged-/usr's
 * `/lib -> usr/lib`, alternatives) point at absolute paths that mean something else on the
 * host. Missing components are kept verbatim, so the caller's stat reports ENOENT.
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
    let isLink = false
    try {
      isLink = lstatSync(host).isSymbolicLink()
    } catch {
      // Missing (or unreadable): nothing left to resolve below it.
      return path.join(root, ...done, part, ...pending)
    }
    if (!isLink) {
      done.push(part)
      continue
    }
    if (++links > MAX_SYMLINKS) return path.join(root, ...done, part, ...pending)
    const target = readlinkSync(host)
    if (target.startsWith('/')) done.length = 0
    pending.unshift(...splitPath(target))
  }
  return path.join(root, ...done)
}

function splitPath(p: string): string[] {
  return p.split('/').filter((part) => part !== '')
}
