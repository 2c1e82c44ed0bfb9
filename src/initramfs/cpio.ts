import { InitramfsError } from './errors.js'

// A writer for the cpio "newc" format (magic 070701), the only one the kernel's initramfs
// unpacker reads (see the kernel's Documentation/driver-api/early-userspace/buffer-format.rst).
// Every header field is 8 hex digits; the header plus the NUL-terminated name is padded to a
// multiple of 4 bytes, and so is each file's data.

interface Common {
  /** Path inside the archive, e.g. "bin/busybox" (a leading "/" or "./" is dropped). */
  path: string
  /** Permission bits; the file type bits are derived from `type`. */
  mode?: number
  uid?: number
  gid?: number
}

export type CpioEntry =
  | (Common & { type: 'dir' })
  | (Common & { type: 'file'; data: Uint8Array })
  | (Common & { type: 'symlink'; target: string })
  | (Common & { type: 'chardev'; major: number; minor: number })

const S_IFDIR = 0o040000
const S_IFREG = 0o100000
const S_IFLNK = 0o120000
const S_IFCHR = 0o020000

const DEFAULT_MODE: Record<CpioEntry['type'], number> = {
  dir: 0o755,
  file: 0o644,
  symlink: 0o777,
  chardev: 0o600,
}
const TYPE_BITS: Record<CpioEntry['type'], number> = {
  dir: S_IFDIR,
  file: S_IFREG,
  symlink: S_IFLNK,
  chardev: S_IFCHR,
}

/**
 * The newc archive of `entries`, in order, ending with the `TRAILER!!!` record and padded to
 * a 512-byte block as GNU cpio does. Parent directories that are not listed before their
 * children are added (the kernel's unpacker does not create them, and a file whose directory
 * is missing is silently dropped). Timestamps are 0 so the same input gives the same bytes.
 */
export function writeCpioNewc(entries: CpioEntry[]): Buffer {
  const parts: Buffer[] = []
  const seen = new Set<string>()
  let ino = 1
  const emit = (
    name: string,
    mode: number,
    nlink: number,
    data: Uint8Array,
    dev: [number, number],
    ids: [number, number],
  ): void => {
    const nameBytes = Buffer.from(`${name}\0`, 'utf8')
    const fields = [ino++, mode, ids[0], ids[1], nlink, 0, data.length, 0, 0, dev[0], dev[1], nameBytes.length, 0]
    const header = '070701' + fields.map(hex8).join('')
    parts.push(Buffer.from(header, 'latin1'), nameBytes, zeros(pad4(110 + nameBytes.length)))
    parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength), zeros(pad4(data.length)))
  }

  for (const entry of entries) {
    const name = normalisePath(entry.path)
    if (seen.has(name)) throw new InitramfsError(`cpio: duplicate entry "${name}"`)
    // Missing parents first, outermost first.
    const segments = name.split('/')
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('/')
      if (!seen.has(parent)) {
        seen.add(parent)
        emit(parent, S_IFDIR | 0o755, 2, new Uint8Array(), [0, 0], [0, 0])
      }
    }
    seen.add(name)
    const mode = TYPE_BITS[entry.type] | ((entry.mode ?? DEFAULT_MODE[entry.type]) & 0o7777)
    const ids: [number, number] = [entry.uid ?? 0, entry.gid ?? 0]
    switch (entry.type) {
      case 'dir':
        emit(name, mode, 2, new Uint8Array(), [0, 0], ids)
        break
      case 'file':
        emit(name, mode, 1, entry.data, [0, 0], ids)
        break
      case 'symlink':
        if (entry.target === '') throw new InitramfsError(`cpio: symlink "${name}" has an empty target`)
        emit(name, mode, 1, Buffer.from(entry.target, 'utf8'), [0, 0], ids)
        break
      case 'chardev':
        emit(name, mode, 1, new Uint8Array(), [entry.major, entry.minor], ids)
        break
    }
  }
  emit('TRAILER!!!', 0, 1, new Uint8Array(), [0, 0], [0, 0])
  const size = parts.reduce((n, b) => n + b.length, 0)
  parts.push(zeros((512 - (size % 512)) % 512))
  return Buffer.concat(parts)
}

function normalisePath(raw: string): string {
  const name = raw.replace(/^(\.?\/)+/, '').replace(/\/+$/, '')
  const segments = name.split('/')
  if (name === '' || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new InitramfsError(`cpio: invalid entry path "${raw}"`)
  }
  return name
}

function hex8(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InitramfsError(`cpio: field value ${n} does not fit in 32 bits`)
  return n.toString(16).toUpperCase().padStart(8, '0')
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4
}

function zeros(n: number): Buffer {
  return Buffer.alloc(n)
}
