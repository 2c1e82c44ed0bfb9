// The bare floor: the least a QEMU boot of the same kernel can do to run a command. Only
// `-kernel`, the 9p root and the console of the engine's command line (same kernel command
// line, vCPUs, memory; no QMP, no virtio-serial ports, no other shares), with
// bench/bare-init.sh as PID 1: no mounts, `bash -c` the command, power off. What the engine
// adds on top of this is what a user pays per target.
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildQemuArgv } from '../src/qemu/argv.js'
import { findGuestBusybox } from '../src/guest/busybox.js'
import { initPath } from '../src/guest/templates.js'
import type { Target } from '../src/plan/types.js'
import { BOOT_SPEED_WORDS } from '../src/qemu/cmdline.js'
import { timeQemu } from './qemu-once.js'

const BARE_INIT = new URL('./bare-init.sh', import.meta.url)

/** The engine's argv for `target` with everything but the kernel, its 9p root and the
 *  console taken out. */
export function bareArgv(target: Target, initGuestPath: string): { program: string; args: string[] } {
  const sockets = { qmp: '/nonexistent/qmp.sock', qga: '/nonexistent/qga.sock', output: '/nonexistent/out.sock' }
  const built = buildQemuArgv(
    { ...target, vm: { ...target.vm, mounts: [] } },
    { accel: 'tcg', sockets, initGuestPath, workspaceMount: 'off' },
  )
  const a = built.args
  const out: string[] = []
  for (let i = 0; i < a.length; i++) {
    const [flag, value] = [a[i], a[i + 1] ?? '']
    const drop =
      flag === '-qmp' ||
      flag === '-chardev' ||
      (flag === '-device' && /^virt(io-serial|serialport)/.test(value)) ||
      (flag === '-virtfs' && !value.includes('id=root,'))
    if (drop) i++
    else out.push(flag)
  }
  if (
    out.includes('-chardev') ||
    out.includes('-qmp') ||
    out.filter((x) => x === '-virtfs').length !== 1 ||
    out.includes('-device')
  ) {
    throw new Error(`bench/bare.ts could not derive the bare floor from the engine's argv: ${a.join(' ')}`)
  }
  return { program: built.program, args: out }
}

/** The bare floor's argv with upstream vmtest's kernel command line: the engine's words
 *  without those it adds to save boot time (qemu/cmdline.ts bootSpeedWords). */
export function upstreamCmdline(args: string[]): string[] {
  const i = args.indexOf('-append')
  if (i < 0) return args
  const out = [...args]
  out[i + 1] = (args[i + 1] ?? '')
    .split(' ')
    .filter((w) => !BOOT_SPEED_WORDS.includes(w))
    .join(' ')
  return out
}

/** Boot the bare floor once: QEMU spawn to QEMU exit. `upstream`: with upstream's kernel
 *  command line (upstreamCmdline), what a plain QEMU boot the vmtest way costs. */
export async function runBare(target: Target, timeoutMs = 180_000, upstream = false): Promise<{ wallMs: number }> {
  if (target.rootfs !== '/') throw new Error('the bare floor shares the host root, like the benchmark targets')
  const dir = mkdtempSync(join(tmpdir(), 'vmtest-bare-'))
  try {
    const init = join(dir, 'init.sh')
    copyFileSync(BARE_INIT, init)
    chmodSync(init, 0o755)
    writeFileSync(join(dir, 'command'), target.command)
    writeFileSync(join(dir, 'busybox'), (findGuestBusybox('/', initPath(process.env.PATH)) ?? '') + '\n')
    const bare = bareArgv(target, init)
    const { program } = bare
    const args = upstream ? upstreamCmdline(bare.args) : bare.args
    const wallMs = await timeQemu(program, args, 'bare-floor', timeoutMs)
    return { wallMs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
