// shared_fs = "virtiofs", the pure parts: the daemon's command line per implementation, the
// QEMU argv (memfd backend, one vhost-user-fs device per share), the kernel command line,
// the guest scripts, the modules the initramfs loads, and what setup installs.
import { describe, expect, it } from 'vitest'
import { buildQemuArgv, virtiofsShares } from '../../src/qemu/argv.js'
import { buildKernelCmdline } from '../../src/qemu/cmdline.js'
import { findVirtiofsd, readonlyProblem, virtiofsdCommand, virtiofsdInfo } from '../../src/platform/virtiofs.js'
import { initCompanions, mountInvocation, renderInit } from '../../src/guest/templates.js'
import { rootModulesFor } from '../../src/initramfs/modules.js'
import { debianPackagesFor, requirementsOf, virtiofsdPackageFor } from '../../src/setup/requirements.js'
import { virtiofsRootHint } from '../../src/vm/virtiofsd.js'
import { makeTarget } from '../fixtures/target.js'

const sockets = { qmp: '/w/qmp.sock', qga: '/w/qga.sock', output: '/w/out.sock' }
const RUST = { flavour: 'rust', readonlyFlag: true } as const
const C = { flavour: 'c', readonlyFlag: false } as const

function virtiofsTarget() {
  return makeTarget({
    vm: {
      sharedFs: 'virtiofs',
      memory: '2G',
      mounts: [{ guestPath: '/data', hostPath: '/srv/data', writable: false }],
    },
  })
}

describe('virtiofsd implementations', () => {
  it('tells the Rust daemon from the C one by their --help', () => {
    expect(virtiofsdInfo('Usage: virtiofsd --shared-dir <SHARED_DIR> ...\n      --readonly\n')).toEqual({
      flavour: 'rust',
      readonlyFlag: true,
    })
    expect(virtiofsdInfo('Usage: virtiofsd --shared-dir <SHARED_DIR> ...\n')).toEqual({
      flavour: 'rust',
      readonlyFlag: false,
    })
    expect(virtiofsdInfo('    -o source=PATH             shared directory tree\n')).toEqual({
      flavour: 'c',
      readonlyFlag: false,
    })
    expect(virtiofsdInfo('something else')).toBeUndefined()
  })

  it('finds $VMTEST_VIRTIOFSD first, then PATH, then the distro paths', () => {
    expect(findVirtiofsd({ VMTEST_VIRTIOFSD: '/opt/v' }, () => '/usr/bin/virtiofsd')).toBe('/opt/v')
    expect(findVirtiofsd({}, () => '/usr/bin/virtiofsd')).toBe('/usr/bin/virtiofsd')
    expect(
      findVirtiofsd(
        {},
        () => undefined,
        (p) => p === '/usr/lib/qemu/virtiofsd',
      ),
    ).toBe('/usr/lib/qemu/virtiofsd')
    expect(
      findVirtiofsd(
        {},
        () => undefined,
        () => false,
      ),
    ).toBeUndefined()
  })

  it('Rust: --readonly for a read-only share, chroot for the host root, no sandbox without root', () => {
    const ro = virtiofsdCommand('/v', RUST, { source: '/srv', socket: '/w/vfs1.sock', readonly: true }, true).argv
    expect(ro).toEqual([
      '/v',
      '--shared-dir',
      '/srv',
      '--socket-path',
      '/w/vfs1.sock',
      '--cache',
      'auto',
      '--log-level',
      'error',
      '--readonly',
    ])
    expect(virtiofsdCommand('/v', RUST, { source: '/', socket: '/s', readonly: false }, true).argv).toContain('chroot')
    expect(
      virtiofsdCommand('/v', RUST, { source: '/srv', socket: '/s', readonly: false }, false).argv.slice(-2),
    ).toEqual(['--sandbox', 'none'])
  })

  it('C: no xattrs, cache=auto; a read-only share behind a read-only bind mount in its own mount namespace', () => {
    const rw = virtiofsdCommand('/c', C, { source: '/srv', socket: '/s', readonly: false }, true).argv
    expect(rw[0]).toBe('/c')
    expect(rw).toEqual(expect.arrayContaining(['-o', 'source=/srv', 'cache=auto', 'no_xattr']))
    const ro = virtiofsdCommand('/c', C, { source: '/srv', socket: '/s', readonly: true }, true).argv
    expect(ro.slice(0, 5)).toEqual(['unshare', '--mount', '--propagation', 'private', '--'])
    expect(ro).toContain('mount --bind -o ro "$0" "$0" && exec "$@"')
    expect(ro[ro.indexOf('/c') - 1]).toBe('/srv')
    // Without root, a user namespace gives it the privileges it needs.
    expect(
      virtiofsdCommand('/c', C, { source: '/srv', socket: '/s', readonly: false }, false).argv.slice(0, 3),
    ).toEqual(['unshare', '--user', '--map-root-user'])
  })

  it('refuses a read-only share only with a Rust daemon that lacks --readonly', () => {
    expect(readonlyProblem(C, '/c')).toBeUndefined()
    expect(readonlyProblem(RUST, '/v')).toBeUndefined()
    expect(readonlyProblem({ flavour: 'rust', readonlyFlag: false }, '/v')).toMatch(
      /no --readonly option.*shared_fs = "9p"/,
    )
  })
})

describe('QEMU argv with shared_fs = "virtiofs"', () => {
  it('lists the root, /mnt/vmtest and vm.mounts, read-only flags kept', () => {
    expect(virtiofsShares(virtiofsTarget())).toEqual([
      { tag: '/dev/root', path: '/', readonly: false, source: '/' },
      { tag: 'vmtest-shared', path: '/mnt/vmtest', readonly: false, source: '/work/project' },
      { tag: 'vmtest-mount0', path: '/data', readonly: true, source: '/srv/data' },
    ])
    expect(virtiofsShares(virtiofsTarget(), 'off').map((s) => s.tag)).toEqual(['/dev/root', 'vmtest-mount0'])
  })

  it('replaces every -virtfs by a vhost-user-fs device on its socket, with a shared memfd of the guest size', () => {
    const target = virtiofsTarget()
    const { args } = buildQemuArgv(target, {
      accel: 'tcg',
      sockets,
      initGuestPath: '/init',
      virtiofsSockets: ['/w/vfs0.sock', '/w/vfs1.sock', '/w/vfs2.sock'],
    })
    expect(args).not.toContain('-virtfs')
    const devices = args.filter((a) => a.startsWith('vhost-user-fs-pci,'))
    expect(devices).toEqual([
      'vhost-user-fs-pci,chardev=vfs0,tag=/dev/root,queue-size=1024',
      'vhost-user-fs-pci,chardev=vfs1,tag=vmtest-shared,queue-size=1024',
      'vhost-user-fs-pci,chardev=vfs2,tag=vmtest-mount0,queue-size=1024',
    ])
    expect(args).toContain('socket,id=vfs2,path=/w/vfs2.sock')
    expect(args).toContain('memory-backend-memfd,id=vmtest-mem,size=2G,share=on')
    expect(args).toContain('memory-backend=vmtest-mem')
    expect(args[args.indexOf('-m') + 1]).toBe('2G')
    expect(args[args.indexOf('-append') + 1]).toMatch(/^rootfstype=virtiofs root=\/dev\/root rw /)
  })

  it("sizes the backend in MiB when -m is a bare number, and leaves the user's own -virtfs alone", () => {
    const target = makeTarget({
      vm: {
        sharedFs: 'virtiofs',
        memory: '1024',
        extraArgs: ['-virtfs', 'local,id=x,path=/x,mount_tag=x,security_model=none'],
      },
    })
    const { args } = buildQemuArgv(target, {
      accel: 'tcg',
      sockets,
      initGuestPath: '/init',
      virtiofsSockets: ['/a', '/b'],
    })
    expect(args).toContain('memory-backend-memfd,id=vmtest-mem,size=1024M,share=on')
    expect(args.filter((a) => a === '-virtfs')).toHaveLength(1)
  })

  it('refuses a socket list that does not match the shares', () => {
    expect(() =>
      buildQemuArgv(virtiofsTarget(), { accel: 'tcg', sockets, initGuestPath: '/init', virtiofsSockets: ['/a'] }),
    ).toThrow(/one virtiofsd socket per share/)
  })

  it('keeps 9p, word for word, by default', () => {
    expect(buildKernelCmdline(makeTarget(), '/init')).toMatch(/^rootfstype=9p rootflags=/)
  })
})

describe('guest side', () => {
  it('passes --virtiofs to mount.sh, which mounts the same triples as virtiofs', () => {
    const init = renderInit({ path: '/bin', shares: [{ tag: 't', path: '/p', readonly: true }], sharedFs: 'virtiofs' })
    expect(init).toContain("shares=(--virtiofs 't' '/p' 1)")
    expect(mountInvocation([{ tag: 't', path: '/p', readonly: false }], 'virtiofs').args.slice(2)).toEqual([
      'vmtest',
      '--virtiofs',
      't',
      '/p',
      '0',
    ])
    expect(initCompanions()['mount.sh']).toMatch(/--virtiofs\) *\]|"\$\{1:-\}" = --virtiofs/)
  })

  it('loads fuse and virtiofs (not 9p) from the initramfs', () => {
    expect(rootModulesFor('x86_64', 'virtiofs')).toEqual(['virtio_pci', 'virtio_console', 'fuse', 'virtiofs'])
    expect(rootModulesFor('x86_64')).toContain('9p')
  })

  it('explains a root that cannot be mounted over virtiofs', () => {
    const panic = 'Kernel panic: Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)'
    expect(virtiofsRootHint(virtiofsTarget(), panic)).toMatch(
      /shared_fs = "virtiofs".*CONFIG_VIRTIO_FS and CONFIG_FUSE_FS/,
    )
    expect(virtiofsRootHint(makeTarget(), panic)).toBe(panic)
  })
})

describe('setup', () => {
  it('installs the package that carries virtiofsd on each release', () => {
    expect(virtiofsdPackageFor({ id: 'debian', versionId: '12' })).toBe('qemu-system-common')
    expect(virtiofsdPackageFor({ id: 'debian', versionId: '13' })).toBe('virtiofsd')
    expect(virtiofsdPackageFor({ id: 'ubuntu', versionId: '22.04' })).toBe('qemu-system-common')
    expect(virtiofsdPackageFor({ id: 'ubuntu', versionId: '24.04' })).toBe('virtiofsd')
    const plan = {
      targets: [virtiofsTarget()],
      options: { accel: 'tcg', initramfs: 'auto' },
      warnings: [],
    } as unknown as Parameters<typeof requirementsOf>[0]
    const req = requirementsOf(plan)
    expect(req.virtiofsd).toBe(true)
    expect(debianPackagesFor(req, { id: 'ubuntu', versionId: '24.04' })).toContain('virtiofsd')
  })
})
