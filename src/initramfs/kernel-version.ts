import { closeSync, openSync, readSync } from 'node:fs'
import zlib from 'node:zlib'

// Reads the release string (`uname -r`, e.g. "6.1.0-56-amd64") out of a kernel image without
// booting it, to find the matching /lib/modules/<release> in the target's rootfs.

const BANNER = Buffer.from('Linux version ')
/** The release is the banner's first word; real ones start with a digit ("6.1.0-56-amd64"). */
const RELEASE = /^[0-9][^\s\0]*/
/** Uncompressed images can be hundreds of MB (vmlinux with debug info): read in chunks. */
const SCAN_CHUNK = 4 * 1024 * 1024
/** Bound on what a compressed kernel may inflate to, against decompression bombs. */
const MAX_INFLATED = 1024 * 1024 * 1024

/**
 * The kernel release stored in `kernelPath`, or undefined when it cannot be found (unknown
 * format, unsupported compression, unreadable file).
 *
 * - x86 bzImage: the setup header (`HdrS` at 0x202) points at the version string
 *   (`kernel_version` at 0x20E, relative to 0x200), which is stored uncompressed.
 * - gzip (Debian's arm64 vmlinuz is a gzipped `Image`) and EFI zboot images with a gzip (or,
 *   on Node ≥ 22.15, zstd) payload: inflated in memory, then scanned for the banner.
 * - anything else (arm64/riscv64 `Image`, vmlinux ELF): scanned for `Linux version <digit>`.
 */
export function readKernelVersion(kernelPath: string): string | undefined {
  let fd: number
  try {
    fd = openSync(kernelPath, 'r')
  } catch {
    return undefined
  }
  try {
    const head = readAt(fd, 0, 64 * 1024)
    const fromHeader = bzImageVersion(fd, head)
    if (fromHeader !== undefined) return fromHeader
    if (isGzip(head, 0)) {
      const inflated = gunzipLenient(readAll(fd))
      return inflated === undefined ? undefined : bannerRelease(inflated)
    }
    if (isZboot(head)) {
      const inflated = inflateZboot(readAll(fd))
      return inflated === undefined ? undefined : bannerRelease(inflated)
    }
    return scanFile(fd)
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}

/** The release from an x86 boot protocol setup header, if `head` starts with one. */
function bzImageVersion(fd: number, head: Buffer): string | undefined {
  if (head.length < 0x210 || head.toString('latin1', 0x202, 0x206) !== 'HdrS') return undefined
  // kernel_version exists from boot protocol 2.00 on; 0 means "not provided".
  const protocol = head.readUInt16LE(0x206)
  const pointer = head.readUInt16LE(0x20e)
  if (protocol < 0x200 || pointer === 0) return undefined
  const at = pointer + 0x200
  const text = at + 256 <= head.length ? head.subarray(at, at + 256) : readAt(fd, at, 256)
  const match = RELEASE.exec(text.toString('latin1'))
  return match?.[0]
}

/** The release after the first `Linux version <digit>` in `data`. */
function bannerRelease(data: Buffer): string | undefined {
  let from = 0
  for (;;) {
    const at = data.indexOf(BANNER, from)
    if (at < 0) return undefined
    const match = RELEASE.exec(data.toString('latin1', at + BANNER.length, at + BANNER.length + 128))
    if (match) return match[0]
    from = at + 1
  }
}

function scanFile(fd: number): string | undefined {
  // Consecutive chunks overlap by one banner plus a release, so a banner that straddles a
  // chunk boundary is seen whole in the next chunk.
  const overlap = BANNER.length + 128
  let offset = 0
  for (;;) {
    const chunk = readAt(fd, offset, SCAN_CHUNK)
    const found = bannerRelease(chunk)
    if (found !== undefined) return found
    if (chunk.length < SCAN_CHUNK) return undefined
    offset += SCAN_CHUNK - overlap
  }
}

function isGzip(data: Buffer, at: number): boolean {
  return data.length >= at + 10 && data[at] === 0x1f && data[at + 1] === 0x8b && data[at + 2] === 8
}

/**
 * Inflates a gzip member and ignores whatever follows it: kernel images are often padded or
 * carry data after the compressed stream, which `gunzipSync` rejects as a bad header.
 */
function gunzipLenient(data: Buffer): Buffer | undefined {
  if (!isGzip(data, 0)) return undefined
  const flags = data[3]
  let at = 10
  if (flags & 0x04) at += 2 + data.readUInt16LE(at) // FEXTRA
  if (flags & 0x08) at = data.indexOf(0, at) + 1 // FNAME
  if (flags & 0x10) at = data.indexOf(0, at) + 1 // FCOMMENT
  if (flags & 0x02) at += 2 // FHCRC
  if (at <= 0 || at >= data.length) return undefined
  try {
    return zlib.inflateRawSync(data.subarray(at), { maxOutputLength: MAX_INFLATED })
  } catch {
    return undefined
  }
}

/** EFI zboot (CONFIG_EFI_ZBOOT): a PE stub "MZ" with "zimg" at 4, payload offset/size at
 *  8/12 and the compression name at 0x18 ("gzip", "zstd22", "xzkern", …). */
function isZboot(head: Buffer): boolean {
  return head.length >= 0x38 && head.toString('latin1', 0, 2) === 'MZ' && head.toString('latin1', 4, 8) === 'zimg'
}

function inflateZboot(data: Buffer): Buffer | undefined {
  const offset = data.readUInt32LE(8)
  const size = data.readUInt32LE(12)
  const kind = data.toString('latin1', 0x18, 0x38).replace(/\0.*$/s, '')
  const payload = data.subarray(offset, offset + size)
  if (kind === 'gzip') return gunzipLenient(payload)
  // zstd is in node:zlib from Node 22.15 on; on older Node this format stays unreadable.
  const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Buffer, o?: object) => Buffer }).zstdDecompressSync
  if (kind.startsWith('zstd') && zstd) {
    try {
      return zstd(payload, { maxOutputLength: MAX_INFLATED })
    } catch {
      return undefined
    }
  }
  return undefined
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length)
  let filled = 0
  while (filled < length) {
    const n = readSync(fd, buf, filled, length - filled, position + filled)
    if (n === 0) break
    filled += n
  }
  return buf.subarray(0, filled)
}

function readAll(fd: number): Buffer {
  const parts: Buffer[] = []
  let offset = 0
  for (;;) {
    const chunk = readAt(fd, offset, SCAN_CHUNK)
    parts.push(chunk)
    offset += chunk.length
    if (chunk.length < SCAN_CHUNK) return Buffer.concat(parts)
  }
}
