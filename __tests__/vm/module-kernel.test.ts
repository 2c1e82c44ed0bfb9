// A kernel whose virtio and 9p drivers are modules (=m), with one test module (TEST_LKM),
// built from Debian's linux-source-6.1 and installed with `make modules_install
// INSTALL_MOD_PATH=DIR` (.ci/fixtures/build-module-kernel.sh): what a kernel developer's
// matrix build produces, and what `kernel_modules` is for.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, fixture, tempDir } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'

usePrivateTmp()

const NEEDED = [
  'kernel/drivers/virtio/virtio_pci.ko',
  'kernel/drivers/char/virtio_console.ko',
  'kernel/net/9p/9pnet_virtio.ko',
  'kernel/fs/9p/9p.ko',
  'kernel/lib/test_module.ko',
]

describe('module kernel fixture', () => {
  it('installs virtio, 9p and the test module for its own version', () => {
    const [bzImage, modules] = fixture('module-kernel')
    const kver = readFileSync(join(bzImage as string, '../kernel-version'), 'utf8').trim()
    const dir = join(modules as string, 'lib/modules', kver)
    for (const m of NEEDED) expect(existsSync(join(dir, m)), m).toBe(true)
    const dep = readFileSync(join(dir, 'modules.dep'), 'utf8')
    expect(dep).toMatch(/^kernel\/fs\/9p\/9p\.ko:.*kernel\/net\/9p\/9pnet\.ko/m)
    const vermagic = execFileSync('modinfo', ['-F', 'vermagic', join(dir, 'kernel/lib/test_module.ko')], {
      encoding: 'utf8',
    })
    expect(vermagic.split(' ')[0]).toBe(kver)
  })

  // The guest shares the host root (rootfs = /), whose /lib/modules has only the host's own
  // kernel's modules: virtio/9p must come from the kernel_modules folder (the initramfs), and
  // modprobe finds the test module at /lib/modules/<release> (the read-only share).
  it('boots with its modules from --kernel-modules and modprobes the test module', async () => {
    const [bzImage, modules] = fixture('module-kernel')
    const kver = readFileSync(join(bzImage as string, '../kernel-version'), 'utf8').trim()
    const hostModules = readdirSync('/lib/modules').sort()
    const script = [
      'echo "release=$(uname -r)"',
      'modprobe test_module',
      'echo "modprobe=$?"',
      'grep -c "^test_module " /proc/modules',
      'lsmod | grep -q "^test_module " && echo lsmod-lists-it',
      'dmesg | grep -c "Hello, world"',
      'touch "/lib/modules/$(uname -r)/probe" 2>/dev/null || echo modules-read-only',
      'touch /lib/modules/probe && echo private-lib-modules',
    ].join('; ')
    const run = await cli([
      '-k',
      bzImage as string,
      '--kernel-modules',
      modules as string,
      '--accel',
      'tcg',
      '--',
      script,
    ])
    expect(run.stdout).toContain(`release=${kver}`)
    expect(run.stdout).toContain('modprobe=0')
    expect(run.stdout).toMatch(/^1\nlsmod-lists-it\n1\nmodules-read-only\nprivate-lib-modules$/m)
    expect(run.code).toBe(0)
    // The host root's own /lib/modules is hidden in the guest (a private tmpfs), never written.
    expect(readdirSync('/lib/modules').sort()).toEqual(hostModules)
    expect(existsSync('/lib/modules/probe')).toBe(false)
  })

  it('takes the version folder itself too', async () => {
    const [bzImage, modules] = fixture('module-kernel')
    const kver = readFileSync(join(bzImage as string, '../kernel-version'), 'utf8').trim()
    const run = await cli([
      '-k',
      bzImage as string,
      '--kernel-modules',
      join(modules as string, 'lib/modules', kver),
      '--accel',
      'tcg',
      '--',
      'modprobe test_module && ls /lib/modules && grep -c "^test_module " /proc/modules',
    ])
    expect(run.stdout).toMatch(new RegExp(`^${kver.replace(/\./g, '\\.')}\n1$`, 'm'))
    expect(run.code).toBe(0)
  })

  it('refuses, before booting, a modules folder built for another release, naming both', async () => {
    const [bzImage, modules] = fixture('module-kernel')
    const kver = readFileSync(join(bzImage as string, '../kernel-version'), 'utf8').trim()
    const tmp = tempDir('kmods-')
    const wrong = join(tmp.dir, 'out')
    cpSync(join(modules as string, 'lib/modules', kver), join(wrong, 'lib/modules/6.1.1-other'), { recursive: true })
    const run = await cli(['-k', bzImage as string, '--kernel-modules', wrong, '--accel', 'tcg', '--', 'true']).finally(
      tmp.remove,
    )
    expect(run.code).not.toBe(0)
    expect(run.stdout + run.stderr).toContain(
      `kernel_modules ${wrong} holds modules for 6.1.1-other, not for release ${kver} of the kernel ${bzImage}`,
    )
    // Nothing booted: no kernel console line was relayed.
    expect(run.stdout + run.stderr).not.toMatch(/Linux version|vmtest-initramfs/)
  })

  it('says which modules a folder without virtio/9p lacks', async () => {
    const [bzImage, modules] = fixture('module-kernel')
    const kver = readFileSync(join(bzImage as string, '../kernel-version'), 'utf8').trim()
    const tmp = tempDir('kmods-')
    const root = join(tmp.dir, 'out')
    const dir = join(root, 'lib/modules', kver)
    cpSync(join(modules as string, 'lib/modules', kver), dir, { recursive: true })
    for (const sub of ['kernel/drivers/virtio', 'kernel/drivers/char', 'kernel/net/9p', 'kernel/fs/9p'])
      rmSync(join(dir, sub), { recursive: true })
    execFileSync('depmod', ['-b', root, kver])
    const run = await cli(['-k', bzImage as string, '--kernel-modules', root, '--accel', 'tcg', '--', 'true']).finally(
      tmp.remove,
    )
    expect(run.code).not.toBe(0)
    expect(run.stdout + run.stderr).toContain(
      `Kernel ${kver} has neither built in nor as a module in its kernel_modules folder ${dir}: virtio_pci, virtio_console, 9pnet_virtio, 9p.`,
    )
  })
})
