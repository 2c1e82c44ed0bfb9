// Debian's stock kernel with a dedicated rootfs whose /lib/modules was shaped by someone else
// (an earlier guest wrote it through 9p, or it came from an untrusted tree): a crafted
// modules.dep or a planted link must not put a host file into the initramfs the guest gets.
// The engine refuses such a target before QEMU starts, naming the path and the rule; a
// rootfs whose links stay inside it (merged /usr) still builds an initramfs that boots.
import { type ChildProcess, spawn } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseCliArgs } from '../../src/cli/args.js'
import { planFromCli } from '../../src/cli/plan.js'
import { runPlan } from '../../src/engine/run.js'
import { buildInitramfs } from '../../src/initramfs/build.js'
import { decideBootPath } from '../../src/initramfs/decide.js'
import type { EngineEvent } from '../../src/plan/events.js'
import { stockKernel, tempDir } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'
import { readNewc } from '../unit/initramfs-helpers.js'

const RULE = 'refused: every path taken from a rootfs must stay inside it'
const MARKER = 'VMTEST-ROOTFS-MARKER'

usePrivateTmp()

let kernel: string
let release: string
/** The stock kernel's root modules, as found in the host's /lib/modules. */
let modules: string[]
beforeAll(() => {
  kernel = stockKernel()
  const host = decideBootPath({ kernel, rootfs: '/', mode: 'auto', arch: 'x86_64' })
  release = host.kernelVersion as string
  modules = host.modules as string[]
})

const running = new Set<ChildProcess>()
afterEach(() => {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
})

/** A dedicated rootfs with a static busybox and `lib/modules/<release>` as `shape` makes it. */
function dedicatedRoot(dir: string, shape: (mods: string) => void): string {
  const root = path.join(dir, 'rootfs')
  mkdirSync(path.join(root, 'bin'), { recursive: true })
  copyFileSync('/bin/busybox', path.join(root, 'bin/busybox'))
  const mods = path.join(root, 'lib/modules', release)
  mkdirSync(mods, { recursive: true })
  shape(mods)
  return root
}

/** modules.dep naming every root module, each depending on `dep` (loaded first). */
function craftedDep(dep: string): string {
  return [...modules.map((m) => `${m}: ${dep}`), `${dep}:`].join('\n') + '\n'
}

async function runTarget(rootfs: string): Promise<{ error?: string; events: EngineEvent[] }> {
  const plan = planFromCli(
    parseCliArgs(['--accel', 'tcg', '-k', kernel, '-r', rootfs, '--', 'true']),
    process.cwd(),
    process.env,
  )
  const events: EngineEvent[] = []
  const [result] = await runPlan({ plan, sink: (e) => events.push(e) })
  return { error: result.error, events }
}

describe('stock kernel, dedicated rootfs with a crafted /lib/modules: refused before boot', () => {
  it.each([
    [
      'a modules.dep entry climbing to /etc/shadow',
      (mods: string) => writeFileSync(path.join(mods, 'modules.dep'), craftedDep('../../../../../../../../etc/shadow')),
      /modules\.dep entry "\.\.\/.*\/etc\/shadow" is not a path below lib\/modules\//,
    ],
    [
      "the module folder linked to the host's own (a loop inside the root)",
      (mods: string) => {
        writeFileSync(path.join(mods, 'modules.dep'), modules.map((m) => `${m}:`).join('\n') + '\n')
        symlinkSync(`/lib/modules/${release}/kernel`, path.join(mods, 'kernel'))
      },
      /goes through more than 40 symbolic links/,
    ],
    [
      'a module file linked to /etc/hostname',
      (mods: string) => {
        writeFileSync(path.join(mods, 'modules.dep'), modules.map((m) => `${m}:`).join('\n') + '\n')
        mkdirSync(path.join(mods, path.dirname(modules[0])), { recursive: true })
        symlinkSync('/etc/hostname', path.join(mods, modules[0]))
      },
      /Cannot read kernel module .*ENOENT/,
    ],
  ])('%s', async (_what, shape, message) => {
    const t = tempDir()
    try {
      const { error, events } = await runTarget(dedicatedRoot(t.dir, shape))
      expect(error).toMatch(message)
      if (!/ENOENT/.test(String(error))) expect(error).toContain(RULE)
      // Refused while preparing QEMU's argv: QEMU never started, not a console line.
      expect(events.filter((e) => e.type === 'console')).toEqual([])
      expect(events.some((e) => e.type === 'setup' && e.line.startsWith('qemu:'))).toBe(false)
    } finally {
      t.remove()
    }
  })
})

describe('stock kernel, dedicated merged-/usr rootfs (links that stay inside)', () => {
  it("builds the initramfs from the rootfs's own modules only, and it boots", async () => {
    const t = tempDir()
    try {
      // usr/lib/modules/<release> holds copies of the host's modules; lib -> /usr/lib is an
      // absolute link, meaning the rootfs's own /usr/lib.
      const root = path.join(t.dir, 'rootfs')
      const mods = path.join(root, 'usr/lib/modules', release)
      mkdirSync(path.join(root, 'bin'), { recursive: true })
      copyFileSync('/bin/busybox', path.join(root, 'bin/busybox'))
      for (const m of modules) {
        mkdirSync(path.dirname(path.join(mods, m)), { recursive: true })
        copyFileSync(path.join('/lib/modules', release, m), path.join(mods, m))
      }
      for (const f of ['modules.dep', 'modules.builtin'])
        copyFileSync(path.join('/lib/modules', release, f), path.join(mods, f))
      symlinkSync('/usr/lib', path.join(root, 'lib'))

      const decision = decideBootPath({ kernel, rootfs: root, mode: 'auto', arch: 'x86_64' })
      expect(decision.modules).toEqual(modules)
      const data = buildInitramfs({ rootfs: root, kernelVersion: release, modules })
      // Every file in it is ours or the rootfs's: the host's /etc/hostname is nowhere.
      const hostname = readFileSync('/etc/hostname')
      for (const r of readNewc(data).records) if (r.data.length > 0) expect(r.data.equals(hostname), r.name).toBe(false)
      const initrd = path.join(t.dir, 'initramfs.cpio')
      writeFileSync(initrd, data)

      // Booted as initramfs.test.ts does: bare QEMU, the host root over 9p, a throwaway init.
      const init = path.join(t.dir, 'init.sh')
      writeFileSync(
        init,
        `#!/bin/sh\nmount -t proc proc /proc\necho "${MARKER} $(uname -r)"\necho o >/proc/sysrq-trigger\nwhile :; do :; done\n`,
        { mode: 0o755 },
      )
      const console = await boot(initrd, init)
      expect(console).toContain(`vmtest-initramfs: loaded ${modules.length} modules, switching root`)
      expect(console).toContain(`${MARKER} ${release}`)
    } finally {
      t.remove()
    }
  })
})

function boot(initrd: string, init: string): Promise<string> {
  const args = [
    ...[
      '-accel',
      'tcg',
      '-cpu',
      'qemu64',
      '-m',
      '1G',
      '-smp',
      '2',
      '-nodefaults',
      '-display',
      'none',
      '-serial',
      'stdio',
      '-no-reboot',
    ],
    ...['-kernel', kernel, '-initrd', initrd],
    ...['-virtfs', 'local,id=root,path=/,mount_tag=/dev/root,security_model=none,multidevs=remap'],
    ...[
      '-append',
      `rootfstype=9p rootflags=trans=virtio,cache=mmap,msize=1048576 rw console=ttyS0,115200 panic=-1 init=${init}`,
    ],
  ]
  return new Promise((resolve, reject) => {
    const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    running.add(child)
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString('latin1')))
    child.stderr.on('data', (d: Buffer) => (output += d.toString('latin1')))
    // A boot that hangs is cut short, so the test ends with the console to show.
    const timer = setTimeout(() => child.kill('SIGKILL'), 200_000)
    child.on('error', reject)
    child.on('exit', () => {
      clearTimeout(timer)
      running.delete(child)
      resolve(output)
    })
  })
}
