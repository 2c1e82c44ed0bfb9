// `kernel_modules`: a custom kernel's `make modules_install INSTALL_MOD_PATH=DIR` tree. Which
// folder is the version folder, the check against the kernel's release, the initramfs built
// from it rather than from the rootfs, and that nothing read from it leaves it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { prepareBootPath } from '../../src/initramfs/index.js'
import { resolveKernelModules } from '../../src/initramfs/kernel-modules.js'
import { PT_LOAD, makeBzImage, makeElf, readNewc, tempDir, writeTree } from './initramfs-helpers.js'

const tmp = tempDir('vmtest-kmods-')
afterAll(() => tmp.cleanup())
const VERSION = '6.1.192'
const kernel = path.join(tmp.dir, 'bzImage')
writeFileSync(kernel, makeBzImage(`${VERSION} (dev@box) #1 SMP`))

/** A module whose modinfo says it was built for `release`. */
const ko = (release: string, name = 'm'): Buffer =>
  Buffer.from(`\x7fELF...\0name=${name}\0vermagic=${release} SMP mod_unload \0license=GPL\0`)

const DEP = [
  'kernel/drivers/virtio/virtio_ring.ko:',
  'kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko',
  'kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko',
  'kernel/drivers/char/virtio_console.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko',
  'kernel/net/9p/9pnet.ko:',
  'kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko',
  'kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko',
  'kernel/lib/test_module.ko:',
  '',
].join('\n')

/** A version folder's files: every module of DEP, built for `release`. */
function versionFolder(release: string, dep = DEP): Record<string, string | Buffer> {
  const files: Record<string, string | Buffer> = { 'modules.dep': dep, 'modules.builtin': '' }
  for (const line of dep.split('\n').filter((l) => l.includes(':'))) {
    const p = line.slice(0, line.indexOf(':'))
    files[p] = ko(release, path.basename(p, '.ko'))
  }
  return files
}

function under(prefix: string, files: Record<string, string | Buffer>): Record<string, string | Buffer> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [path.posix.join(prefix, k), v]))
}

let n = 0
function folder(files: Record<string, string | Buffer | { symlink: string }>): string {
  const dir = path.join(tmp.dir, `mods${n++}`)
  writeTree(dir, files)
  return dir
}

/** A rootfs with a static busybox and modules of another release only (the host's, say). */
const rootfs = folder({
  'bin/busybox': makeElf({ phTypes: [PT_LOAD] }),
  'lib/modules/6.1.0-99-amd64/modules.dep': 'kernel/fs/9p/9p.ko:\n',
  'lib/modules/6.1.0-99-amd64/kernel/fs/9p/9p.ko': 'the rootfs 9p',
})

function workDir(): string {
  const dir = path.join(tmp.dir, `work${n++}`)
  mkdirSync(dir)
  return dir
}

describe('resolveKernelModules', () => {
  it('finds lib/modules/<release> in an INSTALL_MOD_PATH folder', () => {
    const dir = folder(under(`lib/modules/${VERSION}`, versionFolder(VERSION)))
    expect(resolveKernelModules(dir, kernel)).toEqual({
      root: dir,
      subdir: `lib/modules/${VERSION}`,
      version: VERSION,
      dir: path.join(dir, 'lib/modules', VERSION),
    })
  })

  it("takes the version folder itself, checked by its modules' vermagic whatever its name", () => {
    const dir = folder(versionFolder(VERSION))
    expect(resolveKernelModules(dir, kernel)).toMatchObject({ root: dir, subdir: '.', version: VERSION, dir })
  })

  it('refuses a folder for another release before anything boots, naming both releases', () => {
    const dir = folder(under('lib/modules/6.1.191', versionFolder('6.1.191')))
    expect(() => resolveKernelModules(dir, kernel)).toThrow(
      `kernel_modules ${dir} holds modules for 6.1.191, not for release ${VERSION} of the kernel ${kernel}: give the INSTALL_MOD_PATH folder of this kernel's \`make modules_install\``,
    )
    const flat = folder(versionFolder('6.1.191'))
    expect(() => resolveKernelModules(flat, kernel)).toThrow(
      `kernel_modules ${flat} holds modules for release 6.1.191, not for release ${VERSION} of the kernel ${kernel}`,
    )
  })

  it('says what a folder with neither layout, or without modules.dep, lacks', () => {
    const empty = folder({ README: 'nothing here' })
    expect(() => resolveKernelModules(empty, kernel)).toThrow(
      `kernel_modules ${empty} holds neither lib/modules/<release> nor modules.dep`,
    )
    const noDep = folder({ [`lib/modules/${VERSION}/kernel/fs/9p/9p.ko`]: ko(VERSION) })
    expect(() => resolveKernelModules(noDep, kernel)).toThrow(
      `has no modules.dep: run \`depmod -b ${noDep} ${VERSION}\``,
    )
  })

  it('needs the kernel release to check against', () => {
    const notAKernel = path.join(tmp.dir, 'not-a-kernel')
    writeFileSync(notAKernel, 'hello')
    const dir = folder(under(`lib/modules/${VERSION}`, versionFolder(VERSION)))
    expect(() => resolveKernelModules(dir, notAKernel)).toThrow(
      `kernel_modules is set, but the kernel release cannot be read from ${notAKernel}`,
    )
  })

  it('never leaves the folder: a version folder linked outside it is looked up inside it', () => {
    const outside = folder(versionFolder(VERSION))
    const dir = folder({ [`lib/modules/${VERSION}`]: { symlink: `../../../${path.basename(outside)}` } })
    // `..` stops at the folder: the link names <folder>/<outside's name>, which is not there.
    expect(() => resolveKernelModules(dir, kernel)).toThrow(
      `kernel_modules: ${path.join(dir, path.basename(outside))} has no modules.dep`,
    )
  })
})

describe('prepareBootPath with kernel_modules', () => {
  it('loads virtio/9p from the folder, not from the rootfs, and says so', () => {
    const dir = folder(under(`lib/modules/${VERSION}`, versionFolder(VERSION)))
    const prepared = prepareBootPath({
      kernel,
      rootfs,
      mode: 'auto',
      arch: 'x86_64',
      dir: workDir(),
      kernelModules: dir,
    })
    expect(prepared.decision.initramfs).toBe(true)
    expect(prepared.kernelModules?.version).toBe(VERSION)
    const records = readNewc(readFileSync(prepared.initrd!)).records
    const nineP = records.find((r) => r.name === `lib/modules/${VERSION}/kernel/fs/9p/9p.ko`)
    expect(nineP?.data.toString('latin1')).toContain(`vermagic=${VERSION} `)
    const list = records.find((r) => r.name === 'etc/vmtest-initramfs/modules')!.data.toString()
    expect(list.split('\n').filter(Boolean)).toEqual(
      [
        'kernel/drivers/virtio/virtio_ring.ko',
        'kernel/drivers/virtio/virtio.ko',
        'kernel/drivers/virtio/virtio_pci.ko',
        'kernel/drivers/char/virtio_console.ko',
        'kernel/net/9p/9pnet.ko',
        'kernel/net/9p/9pnet_virtio.ko',
        'kernel/fs/9p/9p.ko',
      ].map((m) => `/lib/modules/${VERSION}/${m}`),
    )
    expect(prepared.log[0]).toMatch(new RegExp(`loads 7 modules from ${path.join(dir, 'lib/modules', VERSION)}$`))
    expect(prepared.log).toContain(
      `kernel_modules: ${path.join(dir, 'lib/modules', VERSION)} (release ${VERSION}), seen by the guest at /lib/modules/${VERSION}`,
    )
  })

  it('boots directly when the folder says virtio/9p are built in (the folder is still shared)', () => {
    const builtin =
      'kernel/drivers/virtio/virtio_pci.ko\nkernel/drivers/char/virtio_console.ko\nkernel/net/9p/9pnet_virtio.ko\nkernel/fs/9p/9p.ko\n'
    const dir = folder(
      under(`lib/modules/${VERSION}`, {
        ...versionFolder(VERSION, 'kernel/lib/test_module.ko:\n'),
        'modules.builtin': builtin,
      }),
    )
    const prepared = prepareBootPath({
      kernel,
      rootfs,
      mode: 'auto',
      arch: 'x86_64',
      dir: workDir(),
      kernelModules: dir,
    })
    expect(prepared.decision.initramfs).toBe(false)
    expect(prepared.initrd).toBeUndefined()
    expect(prepared.kernelModules?.dir).toBe(path.join(dir, 'lib/modules', VERSION))
  })

  it('fails clearly when the folder has neither the virtio/9p modules nor them built in', () => {
    const dir = folder(under(`lib/modules/${VERSION}`, versionFolder(VERSION, 'kernel/lib/test_module.ko:\n')))
    expect(() =>
      prepareBootPath({ kernel, rootfs, mode: 'auto', arch: 'x86_64', dir: workDir(), kernelModules: dir }),
    ).toThrow(
      `Kernel ${VERSION} has neither built in nor as a module in its kernel_modules folder ${path.join(dir, 'lib/modules', VERSION)}: virtio_pci, virtio_console, 9pnet_virtio, 9p. ` +
        'A kernel target needs them to mount its 9p root: build them (=y, or =m and run `make modules_install` again)',
    )
  })

  it('checks the release even with the initramfs off', () => {
    const dir = folder(under('lib/modules/6.1.191', versionFolder('6.1.191')))
    expect(() => prepareBootPath({ kernel, rootfs, mode: 'off', dir: workDir(), kernelModules: dir })).toThrow(
      /holds modules for 6\.1\.191, not for release 6\.1\.192/,
    )
  })

  it('refuses a modules.dep entry that climbs out of the folder', () => {
    const dep = DEP.replace(
      'kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko',
      'kernel/fs/9p/9p.ko: ../../../../../../etc/passwd',
    )
    const dir = folder(under(`lib/modules/${VERSION}`, versionFolder(VERSION, dep)))
    expect(() =>
      prepareBootPath({ kernel, rootfs, mode: 'on', arch: 'x86_64', dir: workDir(), kernelModules: dir }),
    ).toThrow(/refused: every path taken from a rootfs must stay inside it/)
  })
})
