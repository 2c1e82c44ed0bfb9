// The floor the engine is measured against: the same QEMU command line the engine builds for
// a kernel target (same kernel, 9p root, kernel command line, vCPUs, memory), minus what only
// the engine needs (QMP, the guest agent's port), with bench/floor-init.sh as PID 1 running
// the command straight away and powering off. The command's output goes to a virtio port
// backed by a file, so QEMU itself is the only host-side reader.
import { chmodSync, copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildQemuArgv } from '../src/qemu/argv.js'
import type { Target } from '../src/plan/types.js'
import { timeQemu } from './qemu-once.js'

const FLOOR_INIT = new URL('./floor-init.sh', import.meta.url)

export interface FloorRun {
  /** QEMU spawn to QEMU exit. */
  wallMs: number
  /** Bytes the command wrote to the port. */
  outputBytes: number
}

/** The engine's argv with -qmp and the agent's chardev and port removed (the virtio-serial
 *  controller stays: the command's port is on it too) and the command port's socket
 *  replaced by a file. */
export function floorArgv(
  target: Target,
  initGuestPath: string,
  outputFile: string,
): { program: string; args: string[] } {
  const sockets = { qmp: '/nonexistent/qmp.sock', qga: '/nonexistent/qga.sock', output: '/nonexistent/out.sock' }
  const built = buildQemuArgv(target, { accel: 'tcg', sockets, initGuestPath })
  const a = built.args
  const out: string[] = []
  for (let i = 0; i < a.length; i++) {
    const [flag, value] = [a[i], a[i + 1] ?? '']
    if (
      flag === '-qmp' ||
      (flag === '-chardev' && value.includes('id=qga0')) ||
      (flag === '-device' && value.includes('chardev=qga0'))
    ) {
      i++
      continue
    }
    if (flag === '-chardev' && value.includes('id=cmdout')) {
      out.push('-chardev', `file,path=${outputFile},id=cmdout`)
      i++
      continue
    }
    out.push(flag)
  }
  // If the engine's argv changes shape, fail rather than measure a floor that still carries
  // (or lost more than) the engine's extras.
  const controllers = out.filter((x) => x === 'virtio-serial').length
  if (
    out.some((x) => x.includes('qga0') || x === '-qmp') ||
    !out.some((x) => x.startsWith('file,path=')) ||
    controllers !== 1
  ) {
    throw new Error(`bench/floor.ts could not derive the floor from the engine's argv: ${a.join(' ')}`)
  }
  return { program: built.program, args: out }
}

/** Boot the floor once; `timeoutMs` kills a stuck QEMU. */
export async function runFloor(target: Target, timeoutMs = 180_000): Promise<FloorRun> {
  if (target.rootfs !== '/') throw new Error('the floor shares the host root, like the benchmark targets')
  const dir = mkdtempSync(join(tmpdir(), 'vmtest-floor-'))
  try {
    const init = join(dir, 'init.sh')
    copyFileSync(FLOOR_INIT, init)
    chmodSync(init, 0o755)
    writeFileSync(join(dir, 'command'), target.command)
    const output = join(dir, 'output')
    const { program, args } = floorArgv(target, init, output)
    const wallMs = await timeQemu(program, args, 'floor', timeoutMs)
    return { wallMs, outputBytes: statSync(output).size }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
