// `vmtest -k KERNEL -`: a login shell on the guest's console, attached to the user's
// terminal, run in a real pseudo-terminal. Leaving the shell ends the run with the shell's
// status, whether the guest kernel can power the machine off (ACPI) or only halt it.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, tempDir, tinyKernel } from './fixtures.js'
import { ownQemus, usePrivateTmp } from './own-leftovers.js'

const privateTmp = usePrivateTmp()

let kernel: string
beforeAll(() => {
  kernel = tinyKernel()
})

const repo = resolve(import.meta.dirname, '../..')

/** A shell prompt at the end of a line (Debian's `user@host:dir# `, or any PS1 ending in
 *  `# `/`$ `), once colour and bracketed-paste escapes and CRs are set aside. */
const PROMPT = /[#$] $/m
const ESCAPE = new RegExp(String.raw`\x1b\[[0-9;?]*[A-Za-z]`, 'g')
const plain = (text: string): string => text.replace(ESCAPE, '').replace(/\r/g, '')

/** Generous: under load (other VMs on 2 cores) a TCG boot to the prompt takes minutes. A
 *  run that never returns is killed here, and fails with its exit code null. */
const TERMINAL_DEADLINE_MS = 240_000

/**
 * The CLI in a pseudo-terminal (util-linux `script`). Each of `keys` is typed once the output
 * since the previous key (since the start, for the first) matches its `after`: the shell is
 * where the key is meant for (the guest's tty acts on each key as it arrives: typed early, a
 * line can go to whatever reads the console before the shell, and Ctrl-C flushes what is
 * queued). No fixed sleeps: a slow guest only takes longer.
 */
function inTerminal(
  argv: string[],
  cwd: string,
  keys: { after: RegExp; text: string }[],
): Promise<{ code: number | null; out: string; waitingFor?: string }> {
  // tsx by path: the CLI runs in `cwd`, where the package cannot be resolved by name.
  const tsx = pathToFileURL(join(repo, 'node_modules/tsx/dist/loader.mjs')).href
  const cli = [process.execPath, '--import', tsx, join(repo, 'src/cli/entry.ts'), ...argv]
    .map((w) => `'${w.replace(/'/g, `'\\''`)}'`)
    .join(' ')
  return new Promise((done, fail) => {
    // A terminal of a size the guest cannot have by chance.
    const child = spawn('script', ['-qfec', `stty rows 33 cols 101; exec ${cli}`, '/dev/null'], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
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
        {
          after: /===> Running command[^]*?[#$] $/m,
          text: 'echo "hi-$((6 * 7)) $(pwd)"; tty; echo "size $(stty size)"; [ -t 0 ] && echo "stdin-is-a-$(echo tty)"; sleep 60\n',
        },
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

describe('the interactive shell on a kernel that cannot power off (no ACPI)', () => {
  it("returns once the shell exits and the guest halts, with the shell's status and no QEMU left", async () => {
    const t = tempDir()
    try {
      // acpi=off: the kernel has no way to power off, so `poweroff` halts ("reboot: System
      // halted") and QEMU would run on until someone pressed Ctrl-A x.
      const r = await inTerminal(['--accel', 'tcg', '-k', kernel, '--kargs', 'acpi=off', '--', '-'], t.dir, [
        {
          after: /===> Running command[^]*?[#$] $/m,
          text: 'echo "acpi-$(ls /sys/firmware/acpi 2>/dev/null | wc -l)"; exit 7\n',
        },
      ])
      expect(r.waitingFor, r.out).toBeUndefined()
      // The guest really had no ACPI and really halted rather than powered off.
      expect(plain(r.out)).toMatch(/^acpi-0$/m)
      expect(r.out).toContain('reboot: System halted')
      expect(r.out).toContain('Command failed with exit code: 7')
      expect(r.code, r.out).toBe(7)
      expect(ownQemus(privateTmp().dir)).toEqual([])
    } finally {
      t.remove()
    }
  })
})
