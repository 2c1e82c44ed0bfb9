// The busybox a kernel target's init may use, looked up on the host before the boot: the
// guest would otherwise stat every PATH entry over 9p to find it (tens of ms under TCG).
import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'
import { resolveInRoot } from '../util/root-path.js'

/** Guest path of the first `busybox` on `guestPath` inside `rootfs` (the host's own files
 *  when rootfs is `/`), or undefined. Links resolve as the guest sees them. */
export function findGuestBusybox(rootfs: string, guestPath: string): string | undefined {
  for (const dir of guestPath.split(':')) {
    if (!path.posix.isAbsolute(dir)) continue
    const guestFile = path.posix.join(dir, 'busybox')
    const hostFile = rootfs === '/' ? guestFile : resolveInRoot(rootfs, guestFile)
    try {
      if (!statSync(hostFile).isFile()) continue
      accessSync(hostFile, constants.X_OK)
      return guestFile
    } catch {
      // Not here: try the next entry, as execvp does.
    }
  }
  return undefined
}
