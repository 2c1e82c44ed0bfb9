import { accessSync, constants, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { readKernelVersion } from '../../src/initramfs/kernel-version.js'
import { makeArm64Image, makeBzImage, makeElf, PT_LOAD, tempDir } from './initramfs-helpers.js'

const tmp = tempDir('vmtest-kver-')
afterAll(() => tmp.cleanup())

function file(name: string, data: Buffer): string {
  const p = path.join(tmp.dir, name)
  writeFileSync(p, data)
  return p
}

/** A minimal EFI zboot image (PE "MZ", "zimg", payload offset/size, compression name). */
function makeZboot(kind: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(0x200)
  header.write('MZ', 0, 'latin1')
  header.write('zimg', 4, 'latin1')
  header.writeUInt32LE(0x200, 8)
  header.writeUInt32LE(payload.length, 12)
  header.write(kind, 0x18, 'latin1')
  return Buffer.concat([header, payload, Buffer.alloc(64)])
}

// The stock kernels on this machine (root-readable only on Ubuntu runners). Their file names
// carry the release, which gives an expectation independent of the header parser.
const bootKernels = (() => {
  try {
    return readdirSync('/boot')
      .filter((f) => /^vmlinuz-/.test(f))
      .map((f) => path.join('/boot', f))
      .filter((f) => {
        try {
          accessSync(f, constants.R_OK)
          return true
        } catch {
          return false
        }
      })
  } catch {
    return []
  }
})()

describe('readKernelVersion', () => {
  it.skipIf(bootKernels.length === 0)(
    'reads the release of the real /boot kernels (skipped: no readable /boot/vmlinuz-*)',
    () => {
      for (const kernel of bootKernels) {
        expect(readKernelVersion(kernel), kernel).toBe(path.basename(kernel).slice('vmlinuz-'.length))
      }
    },
  )

  it.each([
    [
      'a Debian bzImage header',
      makeBzImage('6.1.0-56-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC'),
      '6.1.0-56-amd64',
    ],
    ['a custom build', makeBzImage('6.10.0-rc3+ (me@box) #7 SMP'), '6.10.0-rc3+'],
    ['a string past the first 64 KiB', makeBzImage('5.15.0-1 (x) #1', 0xfff0), '5.15.0-1'],
    ['an arm64 Image', makeArm64Image('6.1.0-56-arm64'), '6.1.0-56-arm64'],
    ['a gzipped arm64 Image (Debian arm64 vmlinuz)', zlib.gzipSync(makeArm64Image('6.1.0-56-arm64')), '6.1.0-56-arm64'],
    [
      'a gzipped Image followed by padding and garbage',
      Buffer.concat([
        zlib.gzipSync(makeArm64Image('6.8.0-31-generic')),
        Buffer.from('not gzip at all'),
        Buffer.alloc(100),
      ]),
      '6.8.0-31-generic',
    ],
    [
      'an EFI zboot image with a gzip payload',
      makeZboot('gzip', zlib.gzipSync(makeArm64Image('6.6.9-zboot'))),
      '6.6.9-zboot',
    ],
    [
      'a vmlinux ELF',
      Buffer.concat([
        makeElf({ phTypes: [PT_LOAD] }),
        Buffer.alloc(5000),
        Buffer.from('Linux version 6.2.0 (a@b) #1\n'),
      ]),
      '6.2.0',
    ],
    [
      'a format string before the real banner',
      Buffer.concat([Buffer.from('\0Linux version %s (%s)\0'), makeArm64Image('6.3.1-real')]),
      '6.3.1-real',
    ],
  ])('reads %s', (_what, data, expected) => {
    expect(readKernelVersion(file(`${expected}-${data.length}`, data))).toBe(expected)
  })

  it('finds a banner that straddles a 4 MiB read boundary', () => {
    const chunk = 4 * 1024 * 1024
    expect(readKernelVersion(file('straddle', makeArm64Image('6.4.4-edge', chunk - 6)))).toBe('6.4.4-edge')
  })

  it.each([
    ['no banner', Buffer.alloc(10000, 0x41)],
    ['a bzImage without kernel_version', makeBzImage('', 0)],
    ['a banner without a release', Buffer.from('xx Linux version (none) yy')],
    ['broken gzip', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), Buffer.alloc(50, 0xff)])],
    ['a zboot image with an unknown compression', makeZboot('lz4', Buffer.alloc(100, 1))],
    ['an empty file', Buffer.alloc(0)],
  ])('returns undefined for %s', (what, data) => {
    expect(readKernelVersion(file(what.replace(/\W/g, '_'), data))).toBeUndefined()
  })

  it('returns undefined for a missing file', () => {
    expect(readKernelVersion(path.join(tmp.dir, 'does-not-exist'))).toBeUndefined()
  })
})
