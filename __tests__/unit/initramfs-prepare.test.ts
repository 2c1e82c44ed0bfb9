import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { prepareBootPath } from '../../src/initramfs/index.js'
import { PT_LOAD, makeBzImage, makeElf, readNewc, tempDir, writeTree } from './initramfs-helpers.js'

const tmp = tempDir('vmtest-prepare-')
afterAll(() => tmp.cleanup())
const VERSION = '6.1.0-9-amd64'
const kernel = path.join(tmp.dir, 'kernel')
writeFileSync(kernel, makeBzImage(`${VERSION} (x@y) #1 SMP`))
const rootfs = path.join(tmp.dir, 'root')
writeTree(rootfs, {
  'bin/busybox': makeElf({ phTypes: [PT_LOAD] }),
  [`lib/modules/${VERSION}/modules.dep`]: 'kernel/fs/9p/9p.ko:\n',
  [`lib/modules/${VERSION}/modules.builtin`]:
    'kernel/drivers/virtio/virtio_pci.ko\nkernel/drivers/char/virtio_console.ko\nkernel/net/9p/9pnet_virtio.ko\n',
  [`lib/modules/${VERSION}/kernel/fs/9p/9p.ko`]: 'module bytes',
})

describe('prepareBootPath', () => {
  it('writes the initramfs into the given directory and logs the decision, size and time', () => {
    const out = path.join(tmp.dir, 'work1')
    mkdirSync(out)
    const prepared = prepareBootPath({ kernel, rootfs, mode: 'auto', arch: 'x86_64', dir: out })
    expect(prepared.initrd).toBe(path.join(out, 'initramfs.cpio'))
    const data = readFileSync(prepared.initrd!)
    expect(prepared.sizeBytes).toBe(data.length)
    const names = readNewc(data).records.map((r) => r.name)
    expect(names).toContain(`lib/modules/${VERSION}/kernel/fs/9p/9p.ko`)
    expect(prepared.log[0]).toMatch(/has 9p as modules: .* loads 1 modules/)
    expect(prepared.log[1]).toMatch(/^initramfs: \d+ KiB built in \d+ ms \(busybox .*bin\/busybox\)$/)
    expect(prepared.buildMs).toBeGreaterThanOrEqual(0)
  })

  it('names the file when it cannot write it', () => {
    expect(() => prepareBootPath({ kernel, rootfs, mode: 'auto', dir: path.join(tmp.dir, 'no-such-dir') })).toThrow(
      /Cannot write the initramfs .*no-such-dir\/initramfs\.cpio/,
    )
  })

  it('writes nothing when the decision is no initramfs', () => {
    const out = path.join(tmp.dir, 'work2')
    mkdirSync(out)
    const prepared = prepareBootPath({ kernel, rootfs, mode: 'off', dir: out })
    expect(prepared.initrd).toBeUndefined()
    expect(existsSync(path.join(out, 'initramfs.cpio'))).toBe(false)
    expect(prepared.log).toEqual([prepared.decision.reason])
  })
})
