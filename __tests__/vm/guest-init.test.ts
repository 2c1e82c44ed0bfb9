// Our init (templates/init.sh + mount.sh + system.fstab) booted for real under TCG: the same
// mounts whether the root has a busybox (one `busybox sh` does them all) or not (util-linux
// from bash), a share that cannot be mounted fails the boot with init's own reason instead
// of a silent wait for the agent, and `-` gives a login shell on the user's terminal.
import { spawn } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
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
  writeFileSync(file, `[[target]]\nname = "init"\nkernel = ${toml(kernel)}\ncommand = ${toml(command)}\n[target.vm]\nmounts = ${mounts}\n`)
  return file
}

// The writable share's mount point is outside /mnt, so init creates it on the shared root:
// inside the test's temp dir, which goes with it.
const mounts = (dir: string): string => `{ "/mnt/r o" = { host_path = "ro" }, ${toml(join(dir, 'guest-rw'))} = { host_path = "rw", writable = true } }`

describe('the generated init', () => {
  it('with busybox on PATH: every system mount, then the shares in order', async () => {
    const t = tempDir()
    try {
      const r = await cli(['--accel', 'tcg', '-c', config(t.dir, PROBE, mounts(t.dir))])
      expect(r.code, r.stdout + r.stderr).toBe(0)
      expect(r.stdout).toContain('busybox=yes')
      expect(r.stdout.split('\n').filter((l) => l.startsWith('mount ') && !/^mount \S+ \/ |devtmpfs/.test(l))).toEqual(expectedMounts(join(t.dir, 'guest-rw')))
      expect(r.stdout).toMatch(/\/dev\/fd -> \/proc\/self\/fd/)
      // The release comes from the agent (guest-get-osinfo), and matches the guest's uname.
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
    for (const program of ['bash', 'mount', 'mkdir', 'ln', 'sleep', 'sync', 'uname', 'awk', 'ls', 'cat', 'setpriv', 'qemu-system-x86_64']) {
      const found = findProgram(program)
      if (found) symlinkSync(found, join(bin, program))
    }
    const saved = process.env.PATH
    process.env.PATH = bin
    try {
      const r = await cli(['--accel', 'tcg', '-c', config(t.dir, PROBE, mounts(t.dir))], { env: { PATH: bin } })
      expect(r.code, r.stdout + r.stderr).toBe(0)
      expect(r.stdout).toContain('busybox=no')
      expect(r.stdout.split('\n').filter((l) => l.startsWith('mount ') && !/^mount \S+ \/ |devtmpfs/.test(l))).toEqual(expectedMounts(join(t.dir, 'guest-rw')))
    } finally {
      process.env.PATH = saved
      t.remove()
    }
  })

  it('a share it cannot mount fails the boot with its reason, not a wait for the agent', async () => {
    const t = tempDir()
    try {
      const r = await cli(['--accel', 'tcg', '-c', config(t.dir, 'echo should-not-run', `{ "/proc/vmtest-no-such-dir" = { host_path = "ro" } }`)])
      expect(r.code).not.toBe(0)
      expect(r.stdout).not.toContain('should-not-run')
      expect(r.stdout).toMatch(/the guest's init failed: cannot create the mount point \/proc\/vmtest-no-such-dir/)
    } finally {
      t.remove()
    }
  })
})

const repo = resolve(import.meta.dirname, '../..')

/** A shell prompt at the end of a line (Debian's `user@host:dir# `, or any PS1 ending in
 *  `# `/`$ `), once colour and bracketed-paste escapes and CRs are set aside. */
const PROMPT = /[#$] $/m
const ESCAPE = new RegExp(String.raw`\x1b\[[0-9;?]*[A-Za-z]`, 'g')
const plain = (text: string): string => text.replace(ESCAPE, '').replace(/\r/g, '')

/** Generous: under load (other VMs on 2 cores) a TCG boot to the prompt takes minutes. */
const TERMINAL_DEADLINE_MS = 240_000

/**
 * The CLI in a pseudo-terminal (util-linux `script`). Each of `keys` is typed once the output
 * since the previous key (since the start, for the first) matches its `after`: the shell is
 * where the key is meant for (the guest's tty acts on each key as it arrives: typed early, a
 * line can go to whatever reads the console before the shell, and Ctrl-C flushes what is
 * queued). No fixed sleeps: a slow guest only takes longer.
 */
function inTerminal(argv: string[], cwd: string, keys: { after: RegExp; text: string }[]): Promise<{ code: number | null; out: string; waitingFor?: string }> {
  // tsx by path: the CLI runs in `cwd`, where the package cannot be resolved by name.
  const tsx = pathToFileURL(join(repo, 'node_modules/tsx/dist/loader.mjs')).href
  const cli = [process.execPath, '--import', tsx, join(repo, 'src/cli/entry.ts'), ...argv].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ')
  return new Promise((done, fail) => {
    // A terminal of a size the guest cannot have by chance.
    const child = spawn('script', ['-qfec', `stty rows 33 cols 101; exec ${cli}`, '/dev/null'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let since = 0
    let next = 0
    const timer = setTimeout(() => child.kill('SIGKILL'), TERMINAL_DEADLINE_MS)
    const type = (): void => {
      while (next < keys.length && keys[next].after.test(plain(out.slice(since)))) {
        child.stdin.write(keys[next++].text)
        since = out.length
      }
    }
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8')
      type()
    })
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')))
    child.on('error', fail)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ code, out, waitingFor: next < keys.length ? String(keys[next].after) : undefined })
    })
  })
}

describe('the interactive shell (`-`)', () => {
  it('is a login shell on the console, in the config folder, attached to the terminal; its exit status is the result', async () => {
    const t = tempDir()
    try {
      // Markers are computed by the guest, so the terminal's echo of the typed line never
      // matches them.
      const r = await inTerminal(['--accel', 'tcg', '-k', kernel, '--', '-'], t.dir, [
        { after: /===> Running command[^]*?[#$] $/m, text: 'echo "hi-$((6 * 7)) $(pwd)"; tty; echo "size $(stty size)"; [ -t 0 ] && echo "stdin-is-a-$(echo tty)"; sleep 60\n' },
        // Ctrl-C reaches the guest's shell (our terminal is raw, the shell's session has the
        // console as its terminal): it stops the sleep, not the CLI.
        { after: /stdin-is-a-tty/, text: '\x03' },
        { after: PROMPT, text: 'echo "after-ctrl-c $?"; exit 3\n' },
      ])
      expect(r.waitingFor, r.out).toBeUndefined()
      expect(r.out).toContain(`hi-42 ${t.dir}`)
      expect(r.out).toContain('/dev/console')
      expect(r.out).toContain('stdin-is-a-tty')
      // The size of the terminal the CLI ran in (set by the test before it started).
      expect(r.out).toContain('size 33 101')
      expect(r.out).toContain('after-ctrl-c 130')
      expect(r.out).toContain('Command failed with exit code: 3')
      expect(r.code, r.out).toBe(3)
    } finally {
      t.remove()
    }
  })

  it('is refused before any boot where it cannot work: an image target, no terminal', async () => {
    const t = tempDir()
    try {
      writeFileSync(join(t.dir, 'disk.img'), Buffer.alloc(1024 * 1024))
      writeFileSync(join(t.dir, 'vmtest.toml'), '[[target]]\nname = "img"\nimage = "disk.img"\ncommand = "-"\n')
      const image = await cli(['--accel', 'tcg', '-c', join(t.dir, 'vmtest.toml')])
      expect(image.code).toBe(1)
      expect(image.stderr).toContain('target "img": the interactive shell (`-` as the command) is for kernel targets')
      // The in-process CLI of these tests has no stdin: like the action, no terminal.
      const kernelTarget = await cli(['--accel', 'tcg', '-k', kernel, '--', '-'])
      expect(kernelTarget.code).toBe(1)
      expect(kernelTarget.stderr).toContain('needs a terminal: run it with the vmtest CLI')
    } finally {
      t.remove()
    }
  })
})
