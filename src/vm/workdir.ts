// A private directory per target for QEMU's sockets, the initramfs and logs of the run: never
// fixed /tmp names, so two runs (or two parallel targets) cannot collide. Its name and an
// `owner` file record the process that made it, so a later run can remove the folders of
// runs that were killed (SIGKILL leaves no chance to clean up) without touching live ones.
import {
  chmodSync,
  constants,
  closeSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import type { InitCompanion } from '../guest/templates.js'
import { registerCleanup } from '../util/cleanup.js'
import { isInside, resolveInRoot } from '../util/root-path.js'

// sun_path holds 108 bytes; leave room for the socket names.
const MAX_SOCKET_DIR = 90
/** `vmtest-<owner pid>-XXXXXX`: only folders named so are ever swept. */
const OWN_DIR = /^vmtest-(\d+)-[A-Za-z0-9]{6}$/
/** Inside each folder: `<pid> <pid namespace>`, written right after it is made. */
const OWNER_FILE = 'owner'

export interface WorkDir {
  dir: string
  sockets: { qmp: string; qga: string; output: string }
  /** Write the init script, and `besides` (name -> text) in the same directory, where the
   *  guest can see them; returns the init's path inside the guest. */
  /** Writes the init and the files `besides` it (a `{ link }` value is a symlink, `{ dir }`
   *  an empty folder; a `/` in a name makes the folder); returns the init's path as the
   *  guest sees it. */
  writeInit(rootfs: string, text: string, besides?: Record<string, InitCompanion>): string
  remove(): void
}

function baseTempDir(): string {
  const base = tmpdir()
  return base.length + 30 < MAX_SOCKET_DIR ? base : '/tmp'
}

let swept = false

export function createWorkDir(): WorkDir {
  const base = baseTempDir()
  if (!swept) {
    swept = true
    removeStaleWorkDirs(base)
  }
  const dir = mkdtempSync(join(base, `vmtest-${process.pid}-`))
  writeFileSync(join(dir, OWNER_FILE), `${process.pid} ${pidNamespace()}\n`, { flag: 'wx' })
  const extra: string[] = []
  const remove = (): void => {
    for (const p of [dir, ...extra]) rmSync(p, { recursive: true, force: true })
  }
  const unregister = registerCleanup(remove)
  return {
    dir,
    sockets: { qmp: join(dir, 'qmp.sock'), qga: join(dir, 'qga.sock'), output: join(dir, 'out.sock') },
    writeInit(rootfs: string, text: string, besides: Record<string, InitCompanion> = {}): string {
      // With the host root shared, the private dir is visible in the guest at the same
      // path. Another rootfs gets its own temp dir inside it (its /tmp must be writable).
      const hostDir = rootfs === '/' ? dir : initDirInRoot(rootfs)
      if (hostDir !== dir) extra.push(hostDir)
      // `wx`: a fresh folder holds nothing, and never write through a link.
      for (const [name, content] of Object.entries(besides)) {
        const path = join(hostDir, name)
        if (name.includes('/')) mkdirSync(dirname(path), { recursive: true })
        if (typeof content === 'string') writeFileSync(path, content, { flag: 'wx' })
        else if ('link' in content) symlinkSync(content.link, path)
        else mkdirSync(path)
      }
      const file = join(hostDir, 'init.sh')
      writeFileSync(file, text, { flag: 'wx' })
      chmodSync(file, 0o755)
      return rootfs === '/' ? file : '/' + relative(realpathSync(rootfs), file)
    },
    remove(): void {
      remove()
      unregister()
    },
  }
}

/**
 * A fresh folder for the init in the guest's /tmp, found as the guest sees it: a dedicated
 * rootfs's `tmp` may be a link (planted by an earlier guest) that, followed on the host,
 * would make us write the init into a host folder. Refused unless its real path is inside.
 */
function initDirInRoot(rootfs: string): string {
  const root = realpathSync(rootfs)
  const tmp = resolveInRoot(root, 'tmp')
  mkdirSync(tmp, { recursive: true })
  const made = mkdtempSync(join(tmp, 'vmtest-'))
  const real = realpathSync(made)
  if (!isInside(root, real)) {
    rmSync(made, { recursive: true, force: true })
    throw new Error(
      `the init's folder ${made} resolves to ${real}, outside rootfs ${rootfs} (refused: every path taken from a rootfs must stay inside it)`,
    )
  }
  return real
}

/**
 * Removes the work folders in `base` whose owner process is gone; returns them. Only
 * folders in our own format (name and owner file agree), owned by this user, not links,
 * made in this PID namespace (a PID from another one says nothing), whose PID is not alive.
 */
export function removeStaleWorkDirs(base: string = baseTempDir()): string[] {
  let names: string[]
  try {
    names = readdirSync(base)
  } catch {
    return []
  }
  const removed: string[] = []
  const ns = pidNamespace()
  for (const name of names) {
    const pid = Number(OWN_DIR.exec(name)?.[1] ?? NaN)
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) continue
    const dir = join(base, name)
    if (!isOurFolder(dir) || readOwner(dir) !== `${pid} ${ns}` || isAlive(pid)) continue
    rmSync(dir, { recursive: true, force: true })
    removed.push(dir)
  }
  return removed
}

function isOurFolder(dir: string): boolean {
  try {
    const st = lstatSync(dir)
    return st.isDirectory() && st.uid === process.getuid?.()
  } catch {
    return false
  }
}

/** The owner line, read without following a link; undefined when missing or unreadable
 *  (a folder being made this instant has none yet). */
function readOwner(dir: string): string | undefined {
  let fd: number
  try {
    fd = openSync(join(dir, OWNER_FILE), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch {
    return undefined
  }
  try {
    return readFileSync(fd, 'utf8').slice(0, 200).trim()
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: alive, someone else's.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid')
  } catch {
    return 'unknown'
  }
}
