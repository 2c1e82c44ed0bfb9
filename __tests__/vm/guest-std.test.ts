// What the generated init and the command wrapper give the command, on the tiny kernel
// (9p built in, no bpf filesystem): the standard /dev links, output that test runners can
// reopen (kselftest's `4>>/dev/stdout`) reaching the command log whole and in order, the
// command's own line numbers in bash's errors, locked memory unlimited, `lo` up, and a quiet
// boot when the kernel lacks an optional filesystem.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, fixture, tempDir, tinyKernel } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'

usePrivateTmp()

let kernel: string
beforeAll(() => {
  kernel = tinyKernel()
})

// Line 3 fails on purpose (bash reports it and goes on); then kselftest's runner tricks:
// reopening /dev/stdout and /dev/stderr, appending through another descriptor, a child
// writing to /proc/self/fd/1, stdout and stderr interleaved. Each step prints a numbered
// line; the host must see them all, in this order.
const COMMAND = [
  'true',
  'true',
  'vmtest-no-such-command',
  'echo step-01',
  'echo step-02 >&2',
  'echo step-03 >>/dev/stdout',
  'echo step-04 >/dev/stderr',
  '(echo step-05; echo step-06 >&2) 4>>/dev/stdout >&4',
  '{ echo step-07; echo step-08 >/dev/stdout; } 4>>/dev/stdout 5>>/dev/stderr 1>&4 2>&5',
  "bash -c 'echo step-09 >/proc/self/fd/1; echo step-10 >/dev/fd/2'",
  'cat </dev/stdin >/dev/null; echo step-11 "stdin=$(readlink /dev/stdin)"',
  'for i in 12 13 14 15; do echo step-$i; echo step-$i-err >&2; done',
  'ls -l /dev/stdin /dev/stdout /dev/stderr /dev/fd | sed "s/^.* \\/dev/link \\/dev/"',
  'echo "memlock=$(ulimit -l)"',
  'read -r flags </sys/class/net/lo/flags; echo "lo-up=$((flags & 1))"',
  'printf "last-without-newline"',
].join('\n')

function commandLog(logsDir: string): string {
  const [folder] = readdirSync(logsDir)
  return readFileSync(join(logsDir, folder, 'command.log'), 'utf8')
}

describe('the guest a command gets', () => {
  it('reopenable stdout/stderr through /dev/std* links, every line in order; line numbers as `bash -c`; memlock unlimited; lo up', async () => {
    const t = tempDir()
    try {
      const logsDir = join(t.dir, 'logs')
      const r = await cli(['--accel', 'tcg', '--logs-dir', logsDir, '-k', kernel, '--', COMMAND])
      expect(r.code, r.stdout + r.stderr).toBe(0)
      const log = commandLog(logsDir)
      // The command's line 3, as `bash -c` numbers it (the wrapper once made it line 38).
      expect(log).toMatch(/^bash: line 3: vmtest-no-such-command: command not found$/m)
      const steps = log.split('\n').filter((l) => l.startsWith('step-'))
      const want = [
        'step-01',
        'step-02',
        'step-03',
        'step-04',
        'step-05',
        'step-06',
        'step-07',
        'step-08',
        'step-09',
        'step-10',
        'step-11 stdin=/proc/self/fd/0',
      ]
      for (const i of [12, 13, 14, 15]) want.push(`step-${i}`, `step-${i}-err`)
      expect(steps).toEqual(want)
      expect(log).toContain('link /dev/fd -> /proc/self/fd\n')
      expect(log).toContain('link /dev/stdin -> /proc/self/fd/0\n')
      expect(log).toContain('link /dev/stdout -> /proc/self/fd/1\n')
      expect(log).toContain('link /dev/stderr -> /proc/self/fd/2\n')
      expect(log).toContain('memlock=unlimited\n')
      expect(log).toContain('lo-up=1\n')
      expect(log.endsWith('last-without-newline')).toBe(true)
      // The CLI's own output streams the same lines.
      expect(r.stdout).toContain('step-15-err')
    } finally {
      t.remove()
    }
  })

  it('an image target (the agent runs the wrapper, which makes its own pipe): the same lines, in order, and its exit status', async () => {
    const t = tempDir()
    try {
      const logsDir = join(t.dir, 'logs')
      // Snapshot mode (the default): the cached image is never written.
      const command = ['true', 'true', 'vmtest-no-such-command', ...COMMAND.split('\n').slice(3, 11), 'exit 3'].join(
        '\n',
      )
      writeFileSync(
        join(t.dir, 'vmtest.toml'),
        `[[target]]\nname = "img"\nimage = ${JSON.stringify(fixture('bios-image')[0])}\ncommand = ${JSON.stringify(command)}\n[target.vm]\nmemory = "1G"\n`,
      )
      const r = await cli(['--accel', 'tcg', '--logs-dir', logsDir, '-c', join(t.dir, 'vmtest.toml')])
      expect(r.code, r.stdout + r.stderr).toBe(3)
      const log = commandLog(logsDir)
      expect(log).toMatch(/^bash: line 3: vmtest-no-such-command: command not found$/m)
      const steps = log.split('\n').filter((l) => l.startsWith('step-'))
      expect(steps).toEqual([
        'step-01',
        'step-02',
        'step-03',
        'step-04',
        'step-05',
        'step-06',
        'step-07',
        'step-08',
        'step-09',
        'step-10',
        'step-11 stdin=/proc/self/fd/0',
      ])
    } finally {
      t.remove()
    }
  })

  it('a kernel without an optional filesystem (bpf here) boots without a word about it; debug names it once', async () => {
    const quiet = await cli(['--accel', 'tcg', '-k', kernel, '--', 'mount | grep -c " /sys/fs/bpf " || :'])
    expect(quiet.code, quiet.stdout + quiet.stderr).toBe(0)
    const all = quiet.stdout + quiet.stderr
    expect(all).not.toMatch(/mount(ing)? .*failed|some system mounts failed|optional mounts skipped/i)
    // The mounts the kernel can do are there (debugfs, tracefs); bpf is not.
    expect(all).toMatch(/^0$/m)

    const saved = process.env.VMTEST_DEBUG
    process.env.VMTEST_DEBUG = '1'
    try {
      const debug = await cli([
        '--accel',
        'tcg',
        '-k',
        kernel,
        '--',
        'grep -c -E " /sys/kernel/(debug|tracing) " /proc/mounts',
      ])
      expect(debug.code, debug.stdout + debug.stderr).toBe(0)
      const text = debug.stdout + debug.stderr
      expect(text.match(/vmtest: optional mounts skipped, the kernel lacks their filesystems: bpf$/gm)).toHaveLength(1)
      expect(text).not.toMatch(/some system mounts failed/)
      expect(text).toMatch(/^2$/m)
    } finally {
      if (saved === undefined) delete process.env.VMTEST_DEBUG
      else process.env.VMTEST_DEBUG = saved
    }
  })
})
