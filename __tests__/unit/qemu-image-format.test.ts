// Formats of real image files made with qemu-img, checked against QEMU's own probe.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ImageFormatError } from '../../src/qemu/errors.js'
import { detectImageFormat, imageFormatOf, type ImageFormat } from '../../src/qemu/image-format.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qemu-image-format-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function qemuImg(args: string[]): string {
  return execFileSync('qemu-img', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** What QEMU itself probes the file as. */
function probed(path: string): string {
  return (JSON.parse(qemuImg(['info', '--output=json', path])) as { format: string }).format
}

describe('detectImageFormat on files made by qemu-img', () => {
  const cases: { name: string; format: string; options?: string[]; expected: ImageFormat }[] = [
    { name: 'raw', format: 'raw', expected: 'raw' },
    { name: 'qcow2', format: 'qcow2', expected: 'qcow2' },
    { name: 'qcow2 v2 (compat=0.10)', format: 'qcow2', options: ['-o', 'compat=0.10'], expected: 'qcow2' },
    { name: 'qcow (version 1)', format: 'qcow', expected: 'qcow' },
    { name: 'qed', format: 'qed', expected: 'qed' },
    { name: 'vdi', format: 'vdi', expected: 'vdi' },
    { name: 'vhdx', format: 'vhdx', expected: 'vhdx' },
    { name: 'vmdk sparse', format: 'vmdk', expected: 'vmdk' },
    { name: 'vmdk descriptor', format: 'vmdk', options: ['-o', 'subformat=monolithicFlat'], expected: 'vmdk' },
    { name: 'vpc dynamic', format: 'vpc', expected: 'vpc' },
    // A fixed VHD is the raw disk plus a footer; QEMU probes it as raw too.
    { name: 'vpc fixed', format: 'vpc', options: ['-o', 'subformat=fixed'], expected: 'raw' },
  ]
  it.each(cases)('$name → $expected, as QEMU probes it', ({ name, format, options = [], expected }) => {
    const sub = join(dir, name.replace(/\W+/g, '-'))
    mkdirSync(sub)
    const path = join(sub, 'disk')
    qemuImg(['create', '-q', '-f', format, ...options, path, '4M'])
    expect(detectImageFormat(path)).toBe(expected)
    expect(probed(path)).toBe(expected)
  })

  it('an empty file is raw', () => {
    const path = join(dir, 'empty')
    writeFileSync(path, '')
    expect(detectImageFormat(path)).toBe('raw')
    expect(probed(path)).toBe('raw')
  })

  it('a raw disk with an MBR is raw', () => {
    const path = join(dir, 'mbr')
    const disk = Buffer.alloc(1024 * 1024)
    disk[510] = 0x55
    disk[511] = 0xaa
    writeFileSync(path, disk)
    expect(detectImageFormat(path)).toBe('raw')
  })

  it('refuses LUKS images, naming the file', () => {
    const path = join(dir, 'luks')
    try {
      qemuImg([
        'create',
        '-q',
        '--object',
        'secret,id=s0,data=pw',
        '-f',
        'luks',
        '-o',
        'key-secret=s0,iter-time=10',
        path,
        '4M',
      ])
    } catch {
      // qemu-img times its key derivation and gives up on a loaded machine ("Unable to get
      // accurate CPU usage"): write the LUKS header magic and version ourselves then.
      writeFileSync(
        path,
        Buffer.concat([Buffer.from('LUKS\xba\xbe', 'latin1'), Buffer.from([0, 1]), Buffer.alloc(4096)]),
      )
    }
    expect(() => detectImageFormat(path)).toThrow(ImageFormatError)
    expect(() => detectImageFormat(path)).toThrow(`${path}: is a LUKS-encrypted image`)
  })

  it('missing file → ImageFormatError naming the path', () => {
    const path = join(dir, 'nope.img')
    expect(() => detectImageFormat(path)).toThrow(ImageFormatError)
    expect(() => detectImageFormat(path)).toThrow(new RegExp(`^${path}: cannot read the image: .*ENOENT`))
  })

  it('a directory → ImageFormatError', () => {
    expect(() => detectImageFormat(dir)).toThrow(ImageFormatError)
  })
})

describe('imageFormatOf (header bytes)', () => {
  it.each([
    [Buffer.from('QFI\xfb\x00\x00\x00\x03', 'latin1'), 'qcow2'],
    [Buffer.from('QFI\xfb\x00\x00\x00\x01', 'latin1'), 'qcow'],
    [Buffer.from('QFI', 'latin1'), 'raw'],
    [Buffer.from('QED\x00', 'latin1'), 'qed'],
    [Buffer.from('vhdxfile', 'latin1'), 'vhdx'],
    [Buffer.from('KDMV', 'latin1'), 'vmdk'],
    [Buffer.from('COWD', 'latin1'), 'vmdk'],
    [Buffer.from('conectix', 'latin1'), 'vpc'],
    [Buffer.alloc(0), 'raw'],
  ] as const)('%o → %s', (header, format) => {
    expect(imageFormatOf(header)).toBe(format)
  })

  it('vdi by the signature at offset 0x40', () => {
    const h = Buffer.alloc(512)
    h.writeUInt32LE(0xbeda107f, 0x40)
    expect(imageFormatOf(h)).toBe('vdi')
    expect(imageFormatOf(h.subarray(0, 0x43))).toBe('raw')
  })
})
