import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  ROOT_MODULES,
  loadOrder,
  moduleAliases,
  moduleName,
  readModuleIndex,
  rootModulesFor,
} from '../../src/initramfs/modules.js'
import { tempDir, writeTree } from './initramfs-helpers.js'

// The relevant lines of Debian 12's modules.dep for 6.1.0-56-amd64, verbatim.
const DEBIAN_DEP = `kernel/fs/netfs/netfs.ko:
kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko
kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko
kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_ring.ko:
kernel/drivers/virtio/virtio_pci_modern_dev.ko:
kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_legacy_dev.ko kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/char/hw_random/virtio-rng.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/char/virtio_console.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/net/9p/9pnet.ko:
kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
`

const tmp = tempDir('vmtest-modules-')
afterAll(() => tmp.cleanup())
let rootCount = 0
/** A fresh fake rootfs with `files` under lib/modules/<version>/. */
function fakeRoot(version: string, files: Record<string, string>): string {
  const root = path.join(tmp.dir, `root${rootCount++}`)
  writeTree(root, Object.fromEntries(Object.entries(files).map(([k, v]) => [`lib/modules/${version}/${k}`, v])))
  return root
}

/** Each module comes after every module its modules.dep line lists. */
function expectDepsFirst(order: string[], depText: string): void {
  for (const line of depText.split('\n').filter((l) => l.includes(':'))) {
    const [mod, deps] = line.split(':')
    if (!order.includes(mod)) continue
    for (const dep of deps.trim().split(/\s+/).filter(Boolean)) {
      expect(order.indexOf(dep), `${dep} before ${mod}`).toBeGreaterThanOrEqual(0)
      expect(order.indexOf(dep), `${dep} before ${mod}`).toBeLessThan(order.indexOf(mod))
    }
  }
}

describe('moduleName', () => {
  it.each([
    ['kernel/fs/9p/9p.ko', '9p'],
    ['kernel/fs/9p/9p.ko.zst', '9p'],
    ['kernel/net/9p/9pnet_virtio.ko.xz', '9pnet_virtio'],
    ['kernel/drivers/char/hw_random/virtio-rng.ko.gz', 'virtio_rng'],
  ])('%s → %s', (p, name) => expect(moduleName(p)).toBe(name))
})

describe('readModuleIndex', () => {
  it('is undefined when lib/modules/<version> is missing', () => {
    const root = fakeRoot('6.1.0-1-amd64', { 'modules.dep': DEBIAN_DEP })
    expect(readModuleIndex(root, '6.1.0-2-amd64')).toBeUndefined()
    expect(readModuleIndex(path.join(tmp.dir, 'nowhere'), '6.1.0-1-amd64')).toBeUndefined()
    expect(readModuleIndex(root, '../6.1.0-1-amd64')).toBeUndefined()
  })

  it('parses modules.dep, modules.builtin and exact aliases', () => {
    const root = fakeRoot('6.1.0-1-amd64', {
      'modules.dep': DEBIAN_DEP,
      'modules.builtin': 'kernel/drivers/virtio/virtio_mmio.ko\nkernel/fs/ext4/ext4.ko\n',
      'modules.alias':
        '# comment\nalias fs-9p 9p\nalias virtio:d00000009v* 9pnet_virtio\nalias 9p-virtio 9pnet_virtio\n',
    })
    const index = readModuleIndex(root, '6.1.0-1-amd64')!
    expect(index.hasModulesDep).toBe(true)
    expect(index.paths.get('9p')).toBe('kernel/fs/9p/9p.ko')
    expect(index.paths.get('virtio_rng')).toBe('kernel/drivers/char/hw_random/virtio-rng.ko')
    expect(index.deps.get('kernel/fs/fscache/fscache.ko')).toEqual(['kernel/fs/netfs/netfs.ko'])
    expect([...index.builtin].sort()).toEqual(['ext4', 'virtio_mmio'])
    expect(moduleAliases(index).get('fs_9p')).toEqual(['9p'])
    expect(moduleAliases(index).get('9p_virtio')).toEqual(['9pnet_virtio'])
    expect(moduleAliases(index).has('virtio:d00000009v*')).toBe(false)
  })

  it('follows a merged-/usr absolute symlink inside the rootfs, not on the host', () => {
    const root = path.join(tmp.dir, 'merged')
    writeTree(root, {
      'usr/lib/modules/6.1.0-1-amd64/modules.dep': DEBIAN_DEP,
      lib: { symlink: '/usr/lib' },
    })
    const index = readModuleIndex(root, '6.1.0-1-amd64')
    expect(index?.dir).toBe(path.join(root, 'usr/lib/modules/6.1.0-1-amd64'))
  })

  it('notes a missing modules.dep', () => {
    const root = fakeRoot('6.1.0-1-amd64', { 'modules.builtin': 'kernel/fs/9p/9p.ko\n' })
    const index = readModuleIndex(root, '6.1.0-1-amd64')!
    expect(index.hasModulesDep).toBe(false)
    expect(index.builtin.has('9p')).toBe(true)
  })
})

describe('loadOrder', () => {
  const debian = readModuleIndex(
    fakeRoot('6.1.0-1-amd64', { 'modules.dep': DEBIAN_DEP, 'modules.builtin': '' }),
    '6.1.0-1-amd64',
  )!

  it('loads virtio_ring, virtio, then the PCI helpers before virtio_pci (modprobe order)', () => {
    expect(loadOrder(debian, ['virtio_pci']).load).toEqual([
      'kernel/drivers/virtio/virtio_ring.ko',
      'kernel/drivers/virtio/virtio.ko',
      'kernel/drivers/virtio/virtio_pci_modern_dev.ko',
      'kernel/drivers/virtio/virtio_pci_legacy_dev.ko',
      'kernel/drivers/virtio/virtio_pci.ko',
    ])
  })

  it('orders all of ROOT_MODULES with dependencies first and each module once', () => {
    const { load, builtin, missing } = loadOrder(debian, ROOT_MODULES)
    expect(missing).toEqual([])
    expect(builtin).toEqual([])
    expect(new Set(load).size).toBe(load.length)
    expect(load.map(moduleName).sort()).toEqual(
      [
        'virtio_ring',
        'virtio',
        'virtio_pci_modern_dev',
        'virtio_pci_legacy_dev',
        'virtio_pci',
        '9pnet',
        '9pnet_virtio',
        'netfs',
        'fscache',
        '9p',
        'virtio_console',
      ].sort(),
    )
    expectDepsFirst(load, DEBIAN_DEP)
  })

  it('reports built-in and missing modules and accepts dashes and aliases', () => {
    const index = readModuleIndex(
      fakeRoot('6.8.0-31-generic', {
        // Ubuntu-like: virtio built in, 9p as compressed modules, no 9pnet_virtio at all.
        'modules.dep': 'kernel/fs/9p/9p.ko.zst: kernel/net/9p/9pnet.ko.zst\nkernel/net/9p/9pnet.ko.zst:\n',
        'modules.builtin': 'kernel/drivers/virtio/virtio_pci.ko\nkernel/drivers/char/virtio_console.ko\n',
        'modules.alias': 'alias fs-9p 9p\n',
      }),
      '6.8.0-31-generic',
    )!
    expect(loadOrder(index, ['virtio-pci', 'virtio_console', '9pnet_virtio', 'fs-9p'])).toEqual({
      load: ['kernel/net/9p/9pnet.ko.zst', 'kernel/fs/9p/9p.ko.zst'],
      builtin: ['virtio-pci', 'virtio_console'],
      missing: ['9pnet_virtio'],
    })
  })

  it('survives a dependency cycle without looping', () => {
    const index = readModuleIndex(fakeRoot('x', { 'modules.dep': 'a.ko: b.ko\nb.ko: a.ko\n' }), 'x')!
    expect(loadOrder(index, ['a']).load).toEqual(['b.ko', 'a.ko'])
  })

  it('asks for virtio_pci on s390x too (-virtfs is virtio-9p-pci there; virtio_ccw is never a module)', () => {
    expect(rootModulesFor('s390x')).toEqual(ROOT_MODULES)
    expect(rootModulesFor('x86_64')).toEqual(ROOT_MODULES)
  })
})

// The host's own modules, checked against kmod's modprobe as an independent oracle.
const hostRelease = (() => {
  const r = spawnSync('ls', ['/lib/modules']).stdout?.toString().trim().split('\n')[0]
  return r && existsSync(`/lib/modules/${r}/modules.dep`) ? r : undefined
})()
const hasModprobe = spawnSync('modprobe', ['--version']).status === 0

describe.skipIf(hostRelease === undefined || !hasModprobe)(
  'loadOrder on the host /lib/modules (needs kmod and a kernel package)',
  () => {
    it('matches modprobe --show-depends for each root module', () => {
      const release = hostRelease as string
      const index = readModuleIndex('/', release)!
      const { load, missing } = loadOrder(index, ROOT_MODULES)
      expect(missing).toEqual([])
      const ours = load.map((p) => `/lib/modules/${release}/${p}`)
      const all = new Set<string>()
      // For every module we load, everything modprobe would insmod before it comes earlier in
      // our list (modules without a dependency between them may be in either order).
      for (const m of [...ROOT_MODULES, ...load.map(moduleName)]) {
        const out = spawnSync('modprobe', ['-S', release, '--show-depends', m]).stdout.toString()
        const theirs = [...out.matchAll(/^insmod (\S+)/gm)].map((x) => x[1])
        theirs.forEach((t) => all.add(t))
        const self = ours.indexOf(theirs[theirs.length - 1])
        expect(self, `${m} is loaded`).toBeGreaterThanOrEqual(0)
        for (const dep of theirs.slice(0, -1)) {
          expect(ours.indexOf(dep), `${dep} before ${m}`).toBeGreaterThanOrEqual(0)
          expect(ours.indexOf(dep), `${dep} before ${m}`).toBeLessThan(self)
        }
      }
      expect(new Set(ours)).toEqual(all)
    })
  },
)
