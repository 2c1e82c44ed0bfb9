// One floor boot, timed from outside: QEMU spawned, its console read and dropped (as the
// engine reads it), killed when stuck, its wall time from spawn to exit. The floors
// (bench/floor.ts, bench/bare.ts) differ only in the argv and the init they hand it.
import { spawn } from 'node:child_process'

/** Runs `program args` once; throws with QEMU's stderr when it does not exit 0. */
export async function timeQemu(program: string, args: string[], what: string, timeoutMs: number): Promise<number> {
  const started = performance.now()
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stdout.resume()
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
  clearTimeout(timer)
  const wallMs = performance.now() - started
  if (code !== 0) throw new Error(`${what} QEMU exited ${code}: ${stderr.trim()}`)
  return wallMs
}
