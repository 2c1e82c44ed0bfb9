// The QEMU child process: spawn from a built argv, the serial console split into lines,
// stderr kept for error messages, and a synchronous kill registered for signal cleanup.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { findProgram } from '../util/which.js'
import { registerCleanup } from '../util/cleanup.js'
import { LineSplitter } from '../analysis/lines.js'
import { LineTail } from '../analysis/tail.js'

export class QemuNotFoundError extends Error {
  constructor(program: string) {
    // Upstream's exact text.
    super(`Did not find QEMU binary ${program}. Make sure QEMU is installed`)
    this.name = 'QemuNotFoundError'
  }
}

let guardChecked = false
let guardPath: string | undefined

/** util-linux `setpriv` when it supports --pdeathsig (checked once per process), else none. */
export function deathGuard(): string | undefined {
  if (!guardChecked) {
    guardChecked = true
    const setpriv =
      process.platform === 'linux' ? findProgram('setpriv', process.env.PATH, ['/usr/bin', '/bin']) : undefined
    if (
      setpriv &&
      spawnSync(setpriv, ['--pdeathsig', 'SIGKILL', '--', 'true'], { stdio: 'ignore', timeout: 5_000 }).status === 0
    )
      guardPath = setpriv
  }
  return guardPath
}

export interface QemuExit {
  code: number | null
  signal: NodeJS.Signals | null
}

const CONSOLE_TAIL = 200
/** Console lines can be a megabyte each: the tail for error messages is bounded by size too. */
const CONSOLE_TAIL_CHARS = 1024 * 1024
const STDERR_MAX = 64 * 1024
/** How long the console may sit on an unfinished line before it is shown to `onPartial`:
 *  boot code and prompts (`grub rescue> `, "press any key ...") end without a newline. */
const PARTIAL_IDLE_MS = 200
/** How much of an unfinished line is kept for `onPartial` (what the watchers look at). */
const PARTIAL_MAX_CHARS = 4096

export interface ConsoleHandlers {
  onConsole: (line: string) => void
  /** The unfinished last line, once the console has been idle on it for a moment. */
  onPartial?: (text: string) => void
}

export class QemuProcess {
  readonly child: ChildProcess
  readonly exited: Promise<QemuExit>
  private alive = true
  private readonly tail = new LineTail(CONSOLE_TAIL, CONSOLE_TAIL_CHARS)
  private stderr = ''
  private unregister: () => void
  /** The console's unfinished last line (its first PARTIAL_MAX_CHARS), as latin1 text. */
  private partial = ''
  private partialTimer?: NodeJS.Timeout
  /** When the console last said anything (Date.now()); 0 before it did. */
  lastOutputAt = 0

  private constructor(child: ChildProcess, handlers: ConsoleHandlers) {
    this.child = child
    const console = new LineSplitter((line) => {
      this.tail.push(line)
      handlers.onConsole(line)
    })
    child.stdout?.on('data', (chunk: Buffer) => {
      this.lastOutputAt = Date.now()
      // First: a line that ends in this chunk is no longer unfinished when it is delivered.
      this.trackPartial(chunk, handlers.onPartial)
      console.push(chunk)
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderr.length < STDERR_MAX) this.stderr += chunk.toString('utf8')
    })
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        clearTimeout(this.partialTimer)
        this.partial = ''
        console.end()
        this.alive = false
        this.unregister()
        resolve({ code, signal })
      })
      child.on('error', () => {
        // 'close' follows; spawn errors are reported through stderr text below.
        this.stderr += `failed to start ${child.spawnfile}\n`
      })
    })
    this.unregister = registerCleanup(() => this.kill())
  }

  /** `stdin: 'pipe'` only for the interactive shell, whose keys the caller feeds in. */
  static spawn(
    program: string,
    args: string[],
    opts: ConsoleHandlers & { env?: NodeJS.ProcessEnv; stdin?: 'ignore' | 'pipe' },
  ): QemuProcess {
    const resolved = findProgram(program, opts.env?.PATH ?? process.env.PATH)
    if (!resolved) throw new QemuNotFoundError(program)
    // Signal handlers and cleanups cannot run when this process is SIGKILLed (the runner's
    // last resort): QEMU would live on. setpriv sets its parent-death signal, then execs QEMU
    // (same pid), so the kernel kills QEMU with us. (The signal follows the thread that
    // spawned QEMU: the engine runs on the main thread, never in a worker.)
    const guard = deathGuard()
    const [file, argv] = guard ? [guard, ['--pdeathsig', 'SIGKILL', '--', resolved, ...args]] : [resolved, args]
    // stdin is /dev/null unless asked: `-serial mon:stdio` must never read the runner's
    // terminal by accident.
    const child = spawn(file, argv, { stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'], env: opts.env ?? process.env })
    return new QemuProcess(child, opts)
  }

  isAlive(): boolean {
    return this.alive
  }

  /** The last `n` console lines, an unfinished last line included. */
  consoleTail(n = 50): string[] {
    const partial = this.partial.trim() ? this.partial.replace(/\r$/, '') : undefined
    return partial === undefined ? this.tail.last(n) : [...this.tail.last(Math.max(0, n - 1)), partial]
  }

  /** Keep the text after the chunk's last newline (or add to it), and show it to `onPartial`
   *  once the console stays idle on it. */
  private trackPartial(chunk: Buffer, onPartial?: (text: string) => void): void {
    const nl = chunk.lastIndexOf(10)
    const rest = chunk.subarray(nl + 1, nl + 1 + PARTIAL_MAX_CHARS).toString('latin1')
    this.partial = nl >= 0 ? rest : (this.partial + rest).slice(0, PARTIAL_MAX_CHARS)
    clearTimeout(this.partialTimer)
    if (!onPartial || !this.partial) return
    this.partialTimer = setTimeout(() => {
      if (this.partial) onPartial(this.partial)
    }, PARTIAL_IDLE_MS)
    this.partialTimer.unref()
  }

  stderrText(): string {
    return this.stderr.trim()
  }

  kill(): void {
    if (this.alive && this.child.pid !== undefined) {
      try {
        this.child.kill('SIGKILL')
      } catch {
        // already gone
      }
    }
  }

  /** Wait for QEMU to exit, killing it after `ms`. */
  async waitOrKill(ms: number): Promise<QemuExit> {
    let timer: NodeJS.Timeout | undefined
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.kill()
        resolve()
      }, ms)
    })
    await Promise.race([this.exited, killed])
    clearTimeout(timer)
    return this.exited
  }
}

/** Wait until every path exists (QEMU creates its server sockets), QEMU dies, or `ms` pass. */
export async function waitForFiles(paths: string[], qemu: QemuProcess, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (paths.every((p) => existsSync(p))) return true
    if (!qemu.isAlive()) return false
    await new Promise((r) => setTimeout(r, 5))
  }
  return paths.every((p) => existsSync(p))
}
