// Our init (templates/init.sh + mount.sh + system.fstab) booted for real under TCG: the same
// mounts whether the root has a busybox (one `busybox sh` does them all) or not (util-linux
// from bash), a share that cannot be mounted fails the boot with init's own reason instead
// of a silent wait until the boot deadline. (`-`, the interactive shell: interactive.test.ts.)
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, tempDir, tinyKernel } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'
import { findProgram } from '../../src/util/which.js'

usePrivateTmp()

let kernel: string
beforeAll(() => {
  kernel = tinyKernel()
})

function toml(s: string): string {
  return JSON.stringify(s)
}

// What the guest prints: its mounts (device, mount point, type, options) and whether a
// busybox is on its PATH.
const PROBE = `awk '{ print "mount", $1, $2, $3, substr($4, 1, 2) }' /proc/mounts; ls -l /dev/fd; if type -P busybox >/dev/null; then echo busybox=yes; else echo busybox=no; fi; echo release=$(uname -r)`

// init's mounts in order, as /proc/mounts lists them (`ro`/`rw`: the first option).
const EXPECTED_MOUNTS = [
  'mount proc /proc proc rw',
  'mount tmpfs /dev/shm tmpfs rw',
  'mount devpts /dev/pts devpts rw',
  'mount tmpfs /run tmpfs rw',
  'mount sys /sys sysfs rw',
  'mount debugfs /sys/kernel/debug debugfs rw',
  'mount tracefs /sys/kernel/tracing tracefs rw',
  'mount cgroup2 /sys/fs/cgroup cgroup2 rw',
  'mount tmpfs /mnt tmpfs rw',
  'mount vmtest-shared /mnt/vmtest 9p rw',
  'mount vmtest-mount0 /mnt/r\\040o 9p ro',
]

/** The expected mounts, with the writable share at its guest path. */
function expectedMounts(rwGuestPath: string): string[] {
  return [...EXPECTED_MOUNTS, `mount vmtest-mount1 ${rwGuestPath} 9p rw`]
}

function config(dir: string, command: string, mounts: string): string {
  mkdirSync(join(dir, 'ro'), { recursive: true })
  mkdirSync(join(dir, 'rw'), { recursive: true })
  const file = join(dir, 'vmtest.toml')
  writeFileSync(
    file,
    `[[target]]\nname = "init"\nkernel = ${toml(kernel)}\ncommand = ${toml(command)}\n[target.vm]\nmounts = ${mounts}\n`,
  )
  return file
}

// The writable share's mount point is outside /mnt, so init creates it on the shared root:
// inside the test's temp dir, which goes with it.
const mounts = (dir: string): string =>
  `{ "/mnt/r o" = { host_path = "ro" }, ${toml(join(dir, 'guest-rw'))} = { host_path = "rw", writable = true } }`

describe('the generated init', () => {
  it('with busybox on PATH: every system mount, then the shares in order', async () => {
    const t = tempDir()
    try {
      const r = await cli(['--accel', 'tcg', '-c', config(t.dir, PROBE, mounts(t.dir))])
      expect(r.code, r.stdout + r.stderr).toBe(0)
      expect(r.stdout).toContain('busybox=yes')
      expect(r.stdout.split('\n').filter((l) => l.startsWith('mount ') && !/^mount \S+ \/ |devtmpfs/.test(l))).toEqual(
        expectedMounts(join(t.dir, 'guest-rw')),
      )
      expect(r.stdout).toMatch(/\/dev\/fd -> \/proc\/self\/fd/)
      // The release comes from our init's ready line on the output port, and matches uname.
      const release = /release=(\S+)/.exec(r.stdout)?.[1]
      expect(r.stdout).toContain(`guest kernel ${release}`)
    } finally {
      t.remove()
    }
  })

  it('without busybox: the same mounts through util-linux', async () => {
    const t = tempDir()
    // A PATH with what the guest and the engine need but no busybox (the init's own sbin
    // additions hold none on Debian).
    const bin = join(t.dir, 'bin')
    mkdirSync(bin)
    for (const program of [
      'bash',
      'env',
      'mount',
      'mkdir',
      'cp',
      'sleep',
      'sync',
      'uname',
      'awk',
      'ls',
      'cat',
      'setpriv',
      'qemu-system-x86_64',
    ]) {
      const found = findProgram(program)
      if (found) symlinkSync(found, join(bin, program))
    }
    const saved = process.env.PATH
    process.env.PATH = bin
    try {
      const r = await cli(['--accel', 'tcg', '-c', config(t.dir, PROBE, mounts(t.dir))], { env: { PATH: bin } })
      expect(r.code, r.stdout + r.stderr).toBe(0)
      expect(r.stdout).toContain('busybox=no')
      expect(r.stdout.split('\n').filter((l) => l.startsWith('mount ') && !/^mount \S+ \/ |devtmpfs/.test(l))).toEqual(
        expectedMounts(join(t.dir, 'guest-rw')),
      )
    } finally {
      process.env.PATH = saved
      t.remove()
    }
  })

  it('a share it cannot mount fails the boot with its reason, not a wait until the boot deadline', async () => {
    const t = tempDir()
    try {
      const r = await cli([
        '--accel',
        'tcg',
        '-c',
        config(t.dir, 'echo should-not-run', `{ "/proc/vmtest-no-such-dir" = { host_path = "ro" } }`),
      ])
      expect(r.code).not.toBe(0)
      expect(r.stdout).not.toContain('should-not-run')
      expect(r.stdout).toMatch(/the guest's init failed: cannot create the mount point \/proc\/vmtest-no-such-dir/)
    } finally {
      t.remove()
    }
  })
})
