// shared_fs = "virtiofs" on real guests: Debian's stock kernel (virtiofs and fuse are
// modules, loaded by the generated initramfs) with each virtiofsd we can get here — QEMU
// 7.2's C daemon (/usr/lib/qemu/virtiofsd) and Debian 13's Rust one
// (.ci/fixtures/build-virtiofsd-rust.sh) — and the tiny kernel, which has no VIRTIO_FS.
// Daemons are found and checked by PID: none may outlive its run, even when the CLI is
// killed mid-boot.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, fixture, stockKernel, tempDir, tinyKernel } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'

const tmp = usePrivateTmp()
const repo = new URL('../..', import.meta.url).pathname
const C_DAEMON = '/usr/lib/qemu/virtiofsd'

/** PIDs of live virtiofsd processes (or their wrappers) whose command line names `dir`. */
function daemonsUsing(dir: string): number[] {
  const out: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8')
      if (argv.includes('virtiofsd') && argv.includes(dir)) out.push(Number(name))
    } catch {
      // gone
    }
  }
  return out
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return false
  }
}

/** Every PID seen running a daemon for `dir` while `run` goes on. */
async function watchDaemons<T>(dir: string, run: () => Promise<T>): Promise<{ result: T; pids: Set<number> }> {
  const pids = new Set<number>()
  const timer = setInterval(() => daemonsUsing(dir).forEach((p) => pids.add(p)), 50)
  try {
    return { result: await run(), pids }
  } finally {
    clearInterval(timer)
  }
}

const daemons: [string, () => string][] = [
  ['C daemon (QEMU 7.2)', () => C_DAEMON],
  ['Rust daemon (Debian 13)', () => fixture('virtiofsd-rust')[0]],
]

describe.each(daemons)('stock kernel, shared_fs = "virtiofs", %s', (_name, daemon) => {
  it('runs the command over a virtiofs root; rw share writable, ro share refused; no daemon left', async () => {
    const work = tempDir()
    const rw = join(work.dir, 'rw')
    const ro = join(work.dir, 'ro')
    for (const d of [rw, ro]) mkdirSync(d)
    writeFileSync(join(ro, 'keep'), 'host\n')
    writeFileSync(
      join(work.dir, 'vmtest.toml'),
      [
        '[[target]]',
        'name = "vfs"',
        `kernel = "${stockKernel()}"`,
        `command = "mount | grep -c virtiofs; echo guest >/mnt/rw/made; cat /mnt/ro/keep; echo x >/mnt/ro/nope || echo ro-refused; exit 3"`,
        '[target.vm]',
        'shared_fs = "virtiofs"',
        'memory = "1G"',
        `mounts = { "/mnt/rw" = { host_path = "${rw}", writable = true }, "/mnt/ro" = { host_path = "${ro}" } }`,
      ].join('\n') + '\n',
    )
    try {
      const { result: run, pids } = await watchDaemons(tmp().dir, () =>
        cli(['--accel', 'tcg', '-c', join(work.dir, 'vmtest.toml')], {
          cwd: work.dir,
          env: { VMTEST_VIRTIOFSD: daemon() },
        }),
      )
      expect(run.stdout + run.stderr).toMatch(/virtio_pci, virtio_console, fuse, virtiofs as modules/)
      expect(run.code, run.stdout + run.stderr).toBe(3)
      expect(run.stdout).toMatch(/Command failed with exit code: 3/)
      expect(run.stdout).toMatch(/^host$/m)
      expect(run.stdout).toMatch(/^ro-refused$/m)
      expect(run.stdout).toMatch(/Read-only file system/)
      expect(readFileSync(join(rw, 'made'), 'utf8')).toBe('guest\n')
      expect(existsSync(join(ro, 'nope'))).toBe(false)
      // Root, /mnt/vmtest and the two mounts: one daemon each, all gone now.
      expect(pids.size).toBeGreaterThanOrEqual(4)
      for (const pid of pids) expect(alive(pid), `virtiofsd ${pid}`).toBe(false)
    } finally {
      work.remove()
    }
  })
})

describe('the CLI killed mid-boot with shared_fs = "virtiofs"', () => {
  it.each(['SIGTERM', 'SIGKILL'] as const)('%s: every virtiofsd is gone', async (signal) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repo, 'src/cli/entry.ts'),
        '--accel',
        'tcg',
        '--shared-fs',
        'virtiofs',
        '-k',
        stockKernel(),
        '--',
        'sleep 600',
      ],
      {
        env: { ...process.env, VMTEST_NO_UI: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise<void>((r) => child.on('exit', () => r()))
    try {
      // Mid-boot: the kernel is loading its initramfs's modules.
      for (let i = 0; i < 1200 && !/Run \S+ as init process/.test(out); i++)
        await new Promise((r) => setTimeout(r, 100))
      const pids = daemonsUsing(tmp().dir)
      expect(pids.length, out.slice(-2000)).toBeGreaterThanOrEqual(2)
      child.kill(signal)
      await exited
      // SIGKILL: the parent-death signal ends them, a moment after the CLI.
      for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100))
      for (const pid of pids) expect(alive(pid), `virtiofsd ${pid}`).toBe(false)
    } finally {
      child.kill('SIGKILL')
      await exited
      // A SIGKILLed CLI could not remove its work dir: the next run sweeps it; do it here.
      const { removeStaleWorkDirs } = await import('../../src/vm/workdir.js')
      removeStaleWorkDirs(tmp().dir)
    }
  })
})

describe('a kernel without VIRTIO_FS', () => {
  it('fails at once, naming shared_fs = "virtiofs" and the kernel options', async () => {
    const { result: run, pids } = await watchDaemons(tmp().dir, () =>
      cli(['--accel', 'tcg', '--shared-fs', 'virtiofs', '-k', tinyKernel(), '--', 'true']),
    )
    expect(run.code).not.toBe(0)
    expect(run.stdout).toMatch(
      /cannot mount its root over virtiofs \(shared_fs = "virtiofs"\); it needs CONFIG_VIRTIO_FS and CONFIG_FUSE_FS/,
    )
    for (const pid of pids) expect(alive(pid)).toBe(false)
  })
})
