// Test helpers for the initramfs tests: an independent newc reader (written from the format
// description, not from src/initramfs/cpio.ts) and builders for fake rootfs trees and ELF
// headers.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface NewcRecord {
  name: string
  ino: number
  mode: number
  uid: number
  gid: number
  nlink: number
  mtime: number
  rdevmajor: number
  rdevminor: number
  data: Buffer
  /** Byte offset of the record's header in the archive. */
  offset: number
}

/** Parses a newc archive, checking magic, 4-byte alignment and NUL-terminated names; stops
 *  at TRAILER!!! (included in the result) and returns the bytes after it. */
export function readNewc(buf: Buffer): { records: NewcRecord[]; rest: Buffer } {
  const records: NewcRecord[] = []
  let at = 0
  for (;;) {
    if (at % 4 !== 0) throw new Error(`record at ${at} is not 4-byte aligned`)
    const magic = buf.toString('latin1', at, at + 6)
    if (magic !== '070701') throw new Error(`bad magic ${JSON.stringify(magic)} at ${at}`)
    const field = (i: number): number => {
      const text = buf.toString('latin1', at + 6 + i * 8, at + 14 + i * 8)
      if (!/^[0-9a-fA-F]{8}$/.test(text)) throw new Error(`bad hex field ${i} ${JSON.stringify(text)} at ${at}`)
      return parseInt(text, 16)
    }
    const namesize = field(11)
    const filesize = field(6)
    const nameStart = at + 110
    if (buf[nameStart + namesize - 1] !== 0) throw new Error(`name at ${nameStart} is not NUL-terminated`)
    const name = buf.toString('utf8', nameStart, nameStart + namesize - 1)
    const dataStart = align4(nameStart + namesize)
    for (let i = nameStart + namesize; i < dataStart; i++)
      if (buf[i] !== 0) throw new Error(`non-zero padding after name ${name}`)
    const data = Buffer.from(buf.subarray(dataStart, dataStart + filesize))
    if (data.length !== filesize) throw new Error(`truncated data for ${name}`)
    records.push({
      name,
      ino: field(0),
      mode: field(1),
      uid: field(2),
      gid: field(3),
      nlink: field(4),
      mtime: field(5),
      rdevmajor: field(9),
      rdevminor: field(10),
      data,
      offset: at,
    })
    at = align4(dataStart + filesize)
    if (name === 'TRAILER!!!') return { records, rest: buf.subarray(at) }
  }
}

function align4(n: number): number {
  return (n + 3) & ~3
}

export const S_IFMT = 0o170000
export const S_IFDIR = 0o040000
export const S_IFREG = 0o100000
export const S_IFLNK = 0o120000
export const S_IFCHR = 0o020000

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Writes `files` (relative path → content, or `{ symlink }`) under `root`. */
export function writeTree(root: string, files: Record<string, string | Buffer | { symlink: string }>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel)
    mkdirSync(path.dirname(file), { recursive: true })
    if (typeof content === 'object' && !Buffer.isBuffer(content)) symlinkSync(content.symlink, file)
    else writeFileSync(file, content)
  }
}

export interface ElfSpec {
  is64?: boolean
  littleEndian?: boolean
  machine?: number
  /** p_type of each program header. */
  phTypes: number[]
}

/** A minimal ELF file: header plus program headers, enough for PT_INTERP detection. */
export function makeElf(spec: ElfSpec): Buffer {
  const is64 = spec.is64 ?? true
  const le = spec.littleEndian ?? true
  const ehsize = is64 ? 64 : 52
  const phentsize = is64 ? 56 : 32
  const buf = Buffer.alloc(ehsize + phentsize * spec.phTypes.length)
  buf.writeUInt32BE(0x7f454c46, 0)
  buf[4] = is64 ? 2 : 1
  buf[5] = le ? 1 : 2
  buf[6] = 1
  const u16 = (v: number, at: number): number => (le ? buf.writeUInt16LE(v, at) : buf.writeUInt16BE(v, at))
  const u32 = (v: number, at: number): number => (le ? buf.writeUInt32LE(v, at) : buf.writeUInt32BE(v, at))
  u16(2, 0x10) // ET_EXEC
  u16(spec.machine ?? 0x3e, 0x12)
  if (is64) {
    if (le) buf.writeBigUInt64LE(BigInt(ehsize), 0x20)
    else buf.writeBigUInt64BE(BigInt(ehsize), 0x20)
    u16(phentsize, 0x36)
    u16(spec.phTypes.length, 0x38)
  } else {
    u32(ehsize, 0x1c)
    u16(phentsize, 0x2a)
    u16(spec.phTypes.length, 0x2c)
  }
  spec.phTypes.forEach((t, i) => u32(t, ehsize + i * phentsize))
  return buf
}

export const PT_LOAD = 1
export const PT_DYNAMIC = 2
export const PT_INTERP = 3

/** A synthetic x86 bzImage: setup header with `HdrS`, protocol 2.15, and the version string
 *  at kernel_version + 0x200. */
export function makeBzImage(versionString: string, pointer = 0x3000): Buffer {
  const buf = Buffer.alloc(Math.max(0x8000, pointer + 0x200 + 512))
  buf.write('HdrS', 0x202, 'latin1')
  buf.writeUInt16LE(0x020f, 0x206)
  buf.writeUInt16LE(pointer, 0x20e)
  buf.write(`${versionString}\0`, pointer + 0x200, 'latin1')
  return buf
}

/** A fake arm64 `Image`: the header magic at 0x38 and the banner somewhere in the body. */
export function makeArm64Image(release: string, bannerAt = 0x10000): Buffer {
  const buf = Buffer.alloc(bannerAt + 0x1000)
  buf.write('ARM\x64', 0x38, 'latin1')
  buf.write(`Linux version ${release} (builder@host) (gcc 12) #1 SMP\n\0`, bannerAt, 'latin1')
  return buf
}
