// A private directory per target for QEMU's sockets, the initramfs and logs of the run: never
// fixed /tmp names, so two runs (or two parallel targets) cannot collide.
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, isAbsolute } from 'node:path'
import { registerCleanup } from '../util/cleanup.js'

// sun_path holds 108 bytes; leave room for the socket names.
const MAX_SOCKET_DIR = 90

export interface WorkDir {
  dir: string
  sockets: { qmp: string; qga: string; output: string }
  /** Write the init script, and `besides` (name -> text) in the same directory, where the
   *  guest can see them; returns the init's path inside the guest. */
  writeInit(rootfs: string, text: string, besides?: Record<string, string>): string
  remove(): void
}

function baseTempDir(): string {
  const base = tmpdir()
  return base.length + 20 < MAX_SOCKET_DIR ? base : '/tmp'
}

export function createWorkDir(): WorkDir {
  const dir = mkdtempSync(join(baseTempDir(), 'vmtest-'))
  const extra: string[] = []
  const remove = (): void => {
    for (const p of [dir, ...extra]) rmSync(p, { recursive: true, force: true })
  }
  const unregister = registerCleanup(remove)
  return {
    dir,
    sockets: { qmp: join(dir, 'qmp.sock'), qga: join(dir, 'qga.sock'), output: join(dir, 'out.sock') },
    writeInit(rootfs: string, text: string, besides: Record<string, string> = {}): string {
      // With the host root shared, the private dir is visible in the guest at the same
      // path. Another rootfs gets its own temp dir inside it (its /tmp must be writable).
      let hostDir = dir
      if (rootfs !== '/') {
        const tmp = join(rootfs, 'tmp')
        mkdirSync(tmp, { recursive: true })
        hostDir = mkdtempSync(join(tmp, 'vmtest-'))
        extra.push(hostDir)
      }
      for (const [name, content] of Object.entries(besides)) writeFileSync(join(hostDir, name), content)
      const file = join(hostDir, 'init.sh')
      writeFileSync(file, text)
      chmodSync(file, 0o755)
      const inGuest = rootfs === '/' ? file : '/' + relative(rootfs, file)
      if (!isAbsolute(inGuest) || inGuest.startsWith('/..')) throw new Error(`init script ${file} is outside rootfs ${rootfs}`)
      return inGuest
    },
    remove(): void {
      remove()
      unregister()
    },
  }
}
