import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type BootPathDecision, decideBootPath } from '../../src/initramfs/decide.js'
import { InitramfsError } from '../../src/initramfs/errors.js'
import type { InitramfsMode } from '../../src/plan/types.js'
import { PT_INTERP, PT_LOAD, makeBzImage, makeElf, tempDir, writeTree } from './initramfs-helpers.js'

const VERSION = '6.1.0-56-amd64'
const DEP = `kernel/fs/netfs/netfs.ko:
kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko
kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko
kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_ring.ko:
kernel/drivers/virtio/virtio_pci_modern_dev.ko:
kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_legacy_dev.ko kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/char/virtio_console.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/net/9p/9pnet.ko:
kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/net/core/failover.ko:
kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko
kernel/drivers/net/virtio_net.ko: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko
`
const ALL_BUILTIN =
  'kernel/drivers/virtio/virtio_pci.ko\nkernel/drivers/char/virtio_console.ko\nkernel/net/9p/9pnet_virtio.ko\nkernel/fs/9p/9p.ko\n'
const STATIC_BB = makeElf({ phTypes: [PT_LOAD] })
const DYNAMIC_BB = makeElf({ phTypes: [PT_INTERP, PT_LOAD] })

const tmp = tempDir('vmtest-decide-')
afterAll(() => tmp.cleanup())

const stockKernel = path.join(tmp.dir, 'bzImage-stock')
writeFileSync(stockKernel, makeBzImage(`${VERSION} (debian-kernel@lists.debian.org) #1 SMP`))
const garbageKernel = path.join(tmp.dir, 'garbage')
writeFileSync(garbageKernel, Buffer.alloc(4096, 0x5a))
// Unreadable contents, but a distro file name that carries the release.
const namedKernel = path.join(tmp.dir, `vmlinuz-${VERSION}`)
writeFileSync(namedKernel, Buffer.alloc(4096, 0x5a))

type Root =
  | 'modules'
  | 'builtin'
  | 'ubuntu'
  | 'no-9pnet-virtio'
  | 'no-modules-dir'
  | 'no-busybox'
  | 'dynamic-busybox'
  | 'no-depmod'
function rootfs(kind: Root): string {
  const dir = path.join(tmp.dir, kind)
  const mods = `lib/modules/${VERSION}`
  const bb: Record<string, Buffer> =
    kind === 'no-busybox' ? {} : { 'bin/busybox': kind === 'dynamic-busybox' ? DYNAMIC_BB : STATIC_BB }
  const files: Record<string, Record<string, string | Buffer>> = {
    modules: { [`${mods}/modules.dep`]: DEP, [`${mods}/modules.builtin`]: '' },
    builtin: { [`${mods}/modules.dep`]: '', [`${mods}/modules.builtin`]: ALL_BUILTIN },
    // virtio built in, 9p as modules (as on Ubuntu's generic kernels).
    ubuntu: {
      [`${mods}/modules.dep`]:
        'kernel/net/9p/9pnet.ko:\nkernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko\nkernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko\n',
      [`${mods}/modules.builtin`]: 'kernel/drivers/virtio/virtio_pci.ko\nkernel/drivers/char/virtio_console.ko\n',
    },
    'no-9pnet-virtio': {
      [`${mods}/modules.dep`]: DEP.split('\n')
        .filter((l) => !l.startsWith('kernel/net/9p/9pnet_virtio'))
        .join('\n'),
      [`${mods}/modules.builtin`]: '',
    },
    'no-modules-dir': { 'lib/modules/5.10.0-other/modules.dep': DEP },
    'no-busybox': { [`${mods}/modules.dep`]: DEP, [`${mods}/modules.builtin`]: '' },
    'dynamic-busybox': { [`${mods}/modules.dep`]: DEP, [`${mods}/modules.builtin`]: '' },
    'no-depmod': { [`${mods}/modules.builtin`]: 'kernel/drivers/virtio/virtio_pci.ko\n' },
  }
  writeTree(dir, { ...files[kind], ...bb })
  return dir
}
const roots = Object.fromEntries(
  (
    [
      'modules',
      'builtin',
      'ubuntu',
      'no-9pnet-virtio',
      'no-modules-dir',
      'no-busybox',
      'dynamic-busybox',
      'no-depmod',
    ] as Root[]
  ).map((k) => [k, rootfs(k)]),
) as Record<Root, string>

const FULL_ORDER = [
  'kernel/drivers/virtio/virtio_ring.ko',
  'kernel/drivers/virtio/virtio.ko',
  'kernel/drivers/virtio/virtio_pci_modern_dev.ko',
  'kernel/drivers/virtio/virtio_pci_legacy_dev.ko',
  'kernel/drivers/virtio/virtio_pci.ko',
  'kernel/drivers/char/virtio_console.ko',
  'kernel/net/9p/9pnet.ko',
  'kernel/net/9p/9pnet_virtio.ko',
  'kernel/fs/netfs/netfs.ko',
  'kernel/fs/fscache/fscache.ko',
  'kernel/fs/9p/9p.ko',
]

interface Case {
  name: string
  mode: InitramfsMode
  kernel?: string
  root: Root
  expect: Omit<Partial<BootPathDecision>, 'reason'> & { reason: RegExp }
}

const decisions: Case[] = [
  {
    name: 'off never builds one',
    mode: 'off',
    root: 'modules',
    expect: { initramfs: false, reason: /off \(forced\)/ },
  },
  {
    name: 'auto: unreadable release → assume built in',
    mode: 'auto',
    kernel: garbageKernel,
    root: 'modules',
    expect: { initramfs: false, reason: /release not readable from .*garbage: assuming 9p and virtio are built in/ },
  },
  {
    name: 'auto: no /lib/modules/<release> → assume built in',
    mode: 'auto',
    root: 'no-modules-dir',
    expect: {
      initramfs: false,
      kernelVersion: VERSION,
      reason: new RegExp(`no .*lib/modules/${VERSION}, assuming 9p and virtio are built in`),
    },
  },
  {
    name: 'auto: all built in → none',
    mode: 'auto',
    root: 'builtin',
    expect: {
      initramfs: false,
      kernelVersion: VERSION,
      reason: /virtio_pci, virtio_console, 9pnet_virtio, 9p are built in, no initramfs/,
    },
  },
  {
    name: 'auto: Debian (all modules) → initramfs loading 11 modules in order',
    mode: 'auto',
    root: 'modules',
    expect: {
      initramfs: true,
      kernelVersion: VERSION,
      modules: FULL_ORDER,
      reason: /has virtio_pci, virtio_console, 9pnet_virtio, 9p as modules: .* loads 11 modules/,
    },
  },
  {
    name: 'auto: Ubuntu-like (virtio built in) → initramfs loading only 9p',
    mode: 'auto',
    root: 'ubuntu',
    expect: {
      initramfs: true,
      modules: ['kernel/net/9p/9pnet.ko', 'kernel/net/9p/9pnet_virtio.ko', 'kernel/fs/9p/9p.ko'],
      reason: /has 9pnet_virtio, 9p as modules: .* loads 3 modules/,
    },
  },
  {
    name: 'auto: release from the file name when the image is unreadable',
    mode: 'auto',
    kernel: namedKernel,
    root: 'modules',
    expect: { initramfs: true, kernelVersion: VERSION, reason: /\(release taken from the file name\)/ },
  },
  {
    name: 'on: all built in → initramfs with no modules',
    mode: 'on',
    root: 'builtin',
    expect: { initramfs: true, modules: [], reason: /on \(forced\).*loading no modules/ },
  },
  {
    name: 'on: modules → initramfs',
    mode: 'on',
    root: 'modules',
    expect: { initramfs: true, modules: FULL_ORDER, reason: /loads 11 modules/ },
  },
]

const failures: { name: string; mode: InitramfsMode; kernel?: string; root: Root; error: RegExp }[] = [
  {
    name: 'auto: a needed module missing',
    mode: 'auto',
    root: 'no-9pnet-virtio',
    error: /neither built in nor as a module .*: 9pnet_virtio.*linux-modules-extra-6\.1\.0-56-amd64/,
  },
  {
    name: 'auto: modules needed but no busybox',
    mode: 'auto',
    root: 'no-busybox',
    error: /No static busybox.*busybox-static/,
  },
  {
    name: 'auto: modules needed but busybox is dynamic',
    mode: 'auto',
    root: 'dynamic-busybox',
    error: /dynamically linked.*busybox-static/,
  },
  {
    name: 'auto: no modules.dep and not built in',
    mode: 'auto',
    root: 'no-depmod',
    error: /modules\.dep is missing: run `depmod 6\.1\.0-56-amd64`/,
  },
  {
    name: 'on: unreadable release',
    mode: 'on',
    kernel: garbageKernel,
    root: 'modules',
    error: /initramfs is on, but the kernel release cannot be read from .*garbage/,
  },
  {
    name: 'on: no modules directory',
    mode: 'on',
    root: 'no-modules-dir',
    error: /initramfs is on, but .*lib\/modules\/6\.1\.0-56-amd64 does not exist/,
  },
  { name: 'on: no busybox even with everything built in', mode: 'on', root: 'no-busybox', error: /busybox-static/ },
]

describe('decideBootPath', () => {
  it.each(decisions)('$name', (c) => {
    const decision = decideBootPath({ kernel: c.kernel ?? stockKernel, rootfs: roots[c.root], mode: c.mode })
    const { reason, ...rest } = c.expect
    expect(decision).toMatchObject(rest)
    expect(decision.reason).toMatch(reason)
    if (!decision.initramfs) expect(decision.modules).toBeUndefined()
  })

  it('extra modules (virtio_net for vm.network) load after the root ones when they are modules, and are never an error', () => {
    const withNet = decideBootPath({
      kernel: stockKernel,
      rootfs: roots.modules,
      mode: 'auto',
      extraModules: ['virtio_net'],
    })
    expect(withNet.modules).toEqual([
      ...FULL_ORDER,
      'kernel/net/core/failover.ko',
      'kernel/drivers/net/net_failover.ko',
      'kernel/drivers/net/virtio_net.ko',
    ])
    expect(withNet.reason).toMatch(
      /has virtio_pci, virtio_console, 9pnet_virtio, 9p, virtio_net as modules: .* loads 14 modules/,
    )
    // A kernel without it (here: everything else built in, no virtio_net anywhere): no
    // initramfs just for it, no error (the guest says it has no NIC).
    const without = decideBootPath({
      kernel: stockKernel,
      rootfs: roots.builtin,
      mode: 'auto',
      extraModules: ['virtio_net'],
    })
    expect(without).toMatchObject({ initramfs: false })
    // The root modules stay required.
    expect(() =>
      decideBootPath({
        kernel: stockKernel,
        rootfs: roots['no-9pnet-virtio'],
        mode: 'auto',
        extraModules: ['virtio_net'],
      }),
    ).toThrow(/: 9pnet_virtio\./)
  })

  it.each(failures)('$name → InitramfsError', (c) => {
    const run = (): BootPathDecision =>
      decideBootPath({ kernel: c.kernel ?? stockKernel, rootfs: roots[c.root], mode: c.mode })
    expect(run).toThrow(InitramfsError)
    expect(run).toThrow(c.error)
  })

  it('off does not even look at the kernel', () => {
    expect(
      decideBootPath({ kernel: path.join(tmp.dir, 'missing'), rootfs: roots['no-busybox'], mode: 'off' }).initramfs,
    ).toBe(false)
  })

  it("a rootfs without busybox takes HostSetup's (a tool-cache bundle's) and says which it will carry", () => {
    const fallback = path.join(roots.modules, 'bin/busybox') // any static x86_64 busybox outside the rootfs
    const decision = decideBootPath({
      kernel: stockKernel,
      rootfs: roots['no-busybox'],
      mode: 'auto',
      arch: 'x86_64',
      fallbackBusybox: fallback,
    })
    expect(decision).toMatchObject({ initramfs: true, busybox: fallback })
    expect(
      decideBootPath({ kernel: stockKernel, rootfs: roots.modules, mode: 'auto', fallbackBusybox: '/nonexistent' })
        .busybox,
    ).toBe(path.join(roots.modules, 'bin/busybox'))
  })

  it('checks the busybox architecture when the target arch is given', () => {
    expect(() => decideBootPath({ kernel: stockKernel, rootfs: roots.modules, mode: 'auto', arch: 'aarch64' })).toThrow(
      /built for x86_64, not aarch64/,
    )
  })
})
