import { execFileSync, spawnSync } from 'node:child_process'
import { lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type CpioEntry, writeCpioNewc } from '../../src/initramfs/cpio.js'
import { InitramfsError } from '../../src/initramfs/errors.js'
import { S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, readNewc, tempDir } from './initramfs-helpers.js'

const sample: CpioEntry[] = [
  { type: 'dir', path: 'dev' },
  { type: 'chardev', path: 'dev/console', major: 5, minor: 1 },
  { type: 'file', path: '/init', data: Buffer.from('#!/bin/sh\necho hi\n'), mode: 0o755 },
  { type: 'file', path: 'bin/busybox', data: Buffer.from([1, 2, 3, 4, 5]), mode: 0o755 },
  { type: 'symlink', path: 'bin/sh', target: 'busybox' },
  { type: 'file', path: 'empty', data: Buffer.alloc(0) },
]

const hasCpio = spawnSync('cpio', ['--version']).status === 0

describe('writeCpioNewc', () => {
  it('writes records that parse back with types, modes, devices and data', () => {
    const { records, rest } = readNewc(writeCpioNewc(sample))
    const byName = new Map(records.map((r) => [r.name, r]))
    expect(records.map((r) => r.name)).toEqual([
      'dev',
      'dev/console',
      'init',
      'bin',
      'bin/busybox',
      'bin/sh',
      'empty',
      'TRAILER!!!',
    ])
    expect(byName.get('dev')!.mode).toBe(S_IFDIR | 0o755)
    expect(byName.get('dev/console')!.mode).toBe(S_IFCHR | 0o600)
    expect([byName.get('dev/console')!.rdevmajor, byName.get('dev/console')!.rdevminor]).toEqual([5, 1])
    expect(byName.get('init')!.mode).toBe(S_IFREG | 0o755)
    expect(byName.get('init')!.data.toString()).toBe('#!/bin/sh\necho hi\n')
    expect([...byName.get('bin/busybox')!.data]).toEqual([1, 2, 3, 4, 5])
    expect(byName.get('bin/sh')!.mode & S_IFMT).toBe(S_IFLNK)
    expect(byName.get('bin/sh')!.data.toString()).toBe('busybox')
    expect(byName.get('empty')!.data.length).toBe(0)
    // The trailer is all zero but nlink 1, and only zero padding follows it.
    const trailer = byName.get('TRAILER!!!')!
    expect([trailer.mode, trailer.nlink, trailer.data.length]).toEqual([0, 1, 0])
    expect(rest.every((b) => b === 0)).toBe(true)
  })

  it('pads the archive to 512-byte blocks and is deterministic', () => {
    const a = writeCpioNewc(sample)
    expect(a.length % 512).toBe(0)
    expect(writeCpioNewc(sample).equals(a)).toBe(true)
  })

  it('gives every record its own inode number', () => {
    const { records } = readNewc(writeCpioNewc(sample))
    const inodes = records.filter((r) => r.name !== 'TRAILER!!!').map((r) => r.ino)
    expect(new Set(inodes).size).toBe(inodes.length)
  })

  it('adds missing parent directories before their children', () => {
    const { records } = readNewc(
      writeCpioNewc([{ type: 'file', path: 'lib/modules/6.1/kernel/fs/9p.ko', data: Buffer.from('x') }]),
    )
    expect(records.map((r) => r.name)).toEqual([
      'lib',
      'lib/modules',
      'lib/modules/6.1',
      'lib/modules/6.1/kernel',
      'lib/modules/6.1/kernel/fs',
      'lib/modules/6.1/kernel/fs/9p.ko',
      'TRAILER!!!',
    ])
    expect(records.slice(0, 5).every((r) => r.mode === (S_IFDIR | 0o755))).toBe(true)
  })

  it.each([
    [
      'a duplicate path',
      [
        { type: 'dir', path: 'a' },
        { type: 'dir', path: '/a' },
      ],
      /duplicate entry "a"/,
    ],
    ['an empty path', [{ type: 'dir', path: '/' }], /invalid entry path/],
    ['a .. component', [{ type: 'file', path: 'a/../b', data: Buffer.alloc(1) }], /invalid entry path "a\/..\/b"/],
    ['an empty symlink target', [{ type: 'symlink', path: 'l', target: '' }], /empty target/],
    ['a device number over 32 bits', [{ type: 'chardev', path: 'c', major: 2 ** 32, minor: 0 }], /does not fit/],
  ] as [string, CpioEntry[], RegExp][])('rejects %s', (_what, entries, message) => {
    expect(() => writeCpioNewc(entries)).toThrow(InitramfsError)
    expect(() => writeCpioNewc(entries)).toThrow(message)
  })

  it('keeps every header and data start 4-byte aligned for any names and sizes', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            name: fc.stringMatching(/^[a-z0-9_.-]{1,12}$/).filter((s) => s !== '.' && s !== '..'),
            size: fc.nat(70),
          }),
          { selector: (e) => e.name, minLength: 1, maxLength: 12 },
        ),
        (files) => {
          const entries: CpioEntry[] = files.map((f) => ({
            type: 'file',
            path: `d/${f.name}`,
            data: Buffer.alloc(f.size, 0x61),
          }))
          const buf = writeCpioNewc(entries)
          const { records } = readNewc(buf) // throws on misalignment or bad padding
          expect(records.length).toBe(files.length + 2) // + the "d" directory and the trailer
          for (const f of files) expect(records.find((r) => r.name === `d/${f.name}`)!.data.length).toBe(f.size)
        },
      ),
    )
  })

  it.skipIf(!hasCpio)('is read by GNU cpio (install the cpio package to run this)', () => {
    const archive = writeCpioNewc(sample)
    const listing = execFileSync('cpio', ['-it', '--quiet'], { input: archive }).toString().trim().split('\n')
    expect(listing).toEqual(['dev', 'dev/console', 'init', 'bin', 'bin/busybox', 'bin/sh', 'empty'])
    const { dir, cleanup } = tempDir('vmtest-cpio-')
    try {
      // Extract without device nodes (mknod needs root and is not what this checks).
      const noDev = writeCpioNewc(sample.filter((e) => e.type !== 'chardev'))
      execFileSync('cpio', ['-idm', '--quiet', '--no-absolute-filenames'], { input: noDev, cwd: dir })
      expect(readFileSync(path.join(dir, 'init'), 'utf8')).toBe('#!/bin/sh\necho hi\n')
      expect(statSync(path.join(dir, 'init')).mode & 0o777).toBe(0o755)
      expect(lstatSync(path.join(dir, 'bin/sh')).isSymbolicLink()).toBe(true)
      expect(readlinkSync(path.join(dir, 'bin/sh'))).toBe('busybox')
      expect(readFileSync(path.join(dir, 'bin/busybox'))).toEqual(Buffer.from([1, 2, 3, 4, 5]))
    } finally {
      cleanup()
    }
  })
})
