import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findStaticBusybox } from '../../src/initramfs/busybox.js'
import { readElfInfo } from '../../src/util/elf.js'
import { InitramfsError } from '../../src/initramfs/errors.js'
import { PT_DYNAMIC, PT_INTERP, PT_LOAD, makeElf, tempDir, writeTree } from './initramfs-helpers.js'

const tmp = tempDir('vmtest-busybox-')
afterAll(() => tmp.cleanup())

const STATIC = makeElf({ phTypes: [PT_LOAD, PT_LOAD] })
const DYNAMIC = makeElf({ phTypes: [6, PT_INTERP, PT_LOAD, PT_DYNAMIC] })
const STATIC_ARM64 = makeElf({ machine: 0xb7, phTypes: [PT_LOAD] })

describe('readElfInfo', () => {
  it.each([
    ['64-bit LE static', STATIC, { arch: 'x86_64', isStatic: true }],
    ['64-bit LE dynamic', DYNAMIC, { arch: 'x86_64', isStatic: false }],
    [
      'static-pie (PT_DYNAMIC, no PT_INTERP)',
      makeElf({ phTypes: [PT_LOAD, PT_DYNAMIC] }),
      { arch: 'x86_64', isStatic: true },
    ],
    [
      '64-bit BE s390x dynamic',
      makeElf({ littleEndian: false, machine: 0x16, phTypes: [PT_INTERP] }),
      { arch: 's390x', isStatic: false },
    ],
    [
      '32-bit LE arm static',
      makeElf({ is64: false, machine: 0x28, phTypes: [PT_LOAD] }),
      { arch: undefined, isStatic: true },
    ],
    [
      '64-bit riscv dynamic',
      makeElf({ machine: 0xf3, phTypes: [PT_LOAD, PT_INTERP] }),
      { arch: 'riscv64', isStatic: false },
    ],
  ])('reads %s', (_what, data, expected) => {
    expect(readElfInfo(data)).toMatchObject(expected)
  })

  it.each([
    ['not ELF', Buffer.from('#!/bin/sh\necho not a binary\n'.repeat(4))],
    ['truncated program headers', DYNAMIC.subarray(0, 100)],
    ['too short', Buffer.from([0x7f, 0x45, 0x4c, 0x46])],
  ])('is undefined for %s', (_what, data) => {
    expect(readElfInfo(data)).toBeUndefined()
  })

  it.skipIf(!existsSync('/bin/busybox') || !existsSync('/bin/ls'))(
    'tells the host busybox-static (static) from /bin/ls (dynamic)',
    () => {
      expect(readElfInfo(readFileSync('/bin/busybox'))?.isStatic).toBe(true)
      expect(readElfInfo(readFileSync('/bin/ls'))?.isStatic).toBe(false)
    },
  )
})

let n = 0
function root(files: Parameters<typeof writeTree>[1]): string {
  const dir = path.join(tmp.dir, `r${n++}`)
  writeTree(dir, files)
  return dir
}

describe('findStaticBusybox', () => {
  it('takes <rootfs>/bin/busybox when it is static', () => {
    const r = root({ 'bin/busybox': STATIC })
    expect(findStaticBusybox(r).path).toBe(path.join(r, 'bin/busybox'))
  })

  it('skips a dynamic /bin/busybox for a static /usr/bin one', () => {
    const r = root({ 'bin/busybox': DYNAMIC, 'usr/bin/busybox': STATIC })
    const found = findStaticBusybox(r)
    expect(found.path).toBe(path.join(r, 'usr/bin/busybox'))
    expect(found.data.equals(STATIC)).toBe(true)
  })

  it('resolves an absolute symlink inside the rootfs', () => {
    const r = root({ 'usr/bin/busybox': STATIC, bin: { symlink: '/usr/bin' } })
    expect(findStaticBusybox(r).path).toBe(path.join(r, 'usr/bin/busybox'))
  })

  it('names busybox-static when there is no busybox', () => {
    const r = root({ 'bin/sh': 'x' })
    expect(() => findStaticBusybox(r)).toThrow(InitramfsError)
    expect(() => findStaticBusybox(r)).toThrow(
      /No static busybox.*looked at <rootfs>\/bin\/busybox.*apt-get install busybox-static/,
    )
  })

  it('says a dynamic busybox is dynamic and names busybox-static', () => {
    const r = root({ 'bin/busybox': DYNAMIC })
    expect(() => findStaticBusybox(r)).toThrow(
      new RegExp(`${path.join(r, 'bin/busybox')} is dynamically linked.*busybox-static`),
    )
  })

  it('rejects a busybox for another architecture', () => {
    const r = root({ 'bin/busybox': STATIC_ARM64 })
    expect(() => findStaticBusybox(r, undefined, 'x86_64')).toThrow(/is built for aarch64, not x86_64/)
    expect(findStaticBusybox(r, undefined, 'aarch64').path).toBe(path.join(r, 'bin/busybox'))
  })

  it('uses an explicit path instead of the rootfs', () => {
    const r = root({ 'bin/busybox': DYNAMIC, 'opt/bb': STATIC })
    expect(findStaticBusybox(r, path.join(r, 'opt/bb')).path).toBe(path.join(r, 'opt/bb'))
    expect(() => findStaticBusybox(r, path.join(r, 'bin/busybox'))).toThrow(/dynamically linked/)
  })

  it("falls back to setup's busybox (a host path) only when the rootfs has none of its own", () => {
    const setupDir = root({ 'tc/bin/busybox': STATIC, 'tc/arm/busybox': STATIC_ARM64 })
    const fallback = path.join(setupDir, 'tc/bin/busybox')
    // A clean root (no busybox at all): the tool-cache / system busybox goes in.
    const bare = root({ 'bin/sh': 'x' })
    expect(findStaticBusybox(bare, undefined, 'x86_64', fallback).path).toBe(fallback)
    // The rootfs's own wins: it matches the guest.
    const own = root({ 'bin/busybox': STATIC })
    expect(findStaticBusybox(own, undefined, 'x86_64', fallback).path).toBe(path.join(own, 'bin/busybox'))
    // A host busybox never goes into a foreign-arch initramfs, and the error names it.
    expect(() => findStaticBusybox(bare, undefined, 'aarch64', fallback)).toThrow(
      /tc\/bin\/busybox is built for x86_64, not aarch64/,
    )
    expect(() => findStaticBusybox(bare, undefined, 'x86_64', path.join(setupDir, 'tc/missing'))).toThrow(
      /looked at .*tc\/missing/,
    )
  })
})
