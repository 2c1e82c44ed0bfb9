// Disk image format by magic bytes, the way QEMU probes it, so the drive can say `format=`:
// that silences QEMU's "probing guessed raw" warning and stops a raw image that happens to
// start with another format's magic from being misread. Reads only the first sector.
import { closeSync, openSync, readSync } from 'node:fs'
import { ImageFormatError } from './errors.js'

export type ImageFormat = 'raw' | 'qcow2' | 'vmdk' | 'vdi' | 'vhdx' | 'qed' | 'vpc' | 'qcow'

const HEADER_BYTES = 512

/** Format of the image file at `path`. Anything without a known header is raw. */
export function detectImageFormat(path: string): ImageFormat {
  let header: Buffer
  try {
    header = readHeader(path)
  } catch (err) {
    throw new ImageFormatError(path, `cannot read the image: ${(err as Error).message}`)
  }
  return imageFormatOf(header, path)
}

/** Format from the first bytes of an image (`path` only names the file in errors). */
export function imageFormatOf(header: Buffer, path = '<image>'): ImageFormat {
  const ascii = (start: number, text: string): boolean =>
    header.length >= start + text.length && header.toString('latin1', start, start + text.length) === text

  if (ascii(0, 'QFI\xfb')) {
    // qcow2 versions 2 and 3 share the magic with the original qcow (version 1).
    const version = header.length >= 8 ? header.readUInt32BE(4) : 0
    return version === 1 ? 'qcow' : 'qcow2'
  }
  if (ascii(0, 'QED\0')) return 'qed'
  if (ascii(0, 'vhdxfile')) return 'vhdx'
  if (ascii(0, 'conectix')) return 'vpc' // dynamic VHD; fixed VHDs are raw plus a footer
  // Sparse extents (KDMV), VMware 3 (COWD), or a text descriptor naming the extents.
  if (ascii(0, 'KDMV') || ascii(0, 'COWD') || ascii(0, '# Disk DescriptorFile')) return 'vmdk'
  if (header.length >= 0x44 && header.readUInt32LE(0x40) === 0xbeda107f) return 'vdi'
  if (ascii(0, 'LUKS\xba\xbe')) {
    throw new ImageFormatError(path, 'is a LUKS-encrypted image; vmtest cannot supply its key (decrypt it first)')
  }
  return 'raw'
}

function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(HEADER_BYTES)
    let got = 0
    // readSync may return short counts; loop until the sector is full or the file ends.
    while (got < HEADER_BYTES) {
      const n = readSync(fd, buf, got, HEADER_BYTES - got, got)
      if (n === 0) break
      got += n
    }
    return buf.subarray(0, got)
  } finally {
    closeSync(fd)
  }
}
