// The virtiofsd daemons of one boot with `shared_fs = "virtiofs"`: one per share (the root,
// /mnt/vmtest, each vm.mounts entry), listening in the target's work dir before QEMU starts
// (QEMU connects to each socket at start-up and fails without it), and gone with the VM.
// Each is killed by its PID on every path: a normal shutdown, a failure, a signal (the
// cleanup registry), and our own death (setpriv's parent-death signal, as for QEMU).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ToolPath } from '../plan/host-setup.js'
import type { GuestShare, Target } from '../plan/types.js'
import {
  readonlyProblem,
  VIRTIOFS_KCONFIG,
  virtiofsdCommand,
  virtiofsdInfo,
  type VirtiofsdInfo,
} from '../platform/virtiofs.js'
import { registerCleanup } from '../util/cleanup.js'
import { deathGuard } from './qemu-process.js'
import { TargetError } from './target-error.js'
import { sleep } from './waits.js'

/** How long a daemon may take to create its socket (the Rust one through a loader: ~50 ms). */
const SOCKET_WAIT_MS = 5_000
const STDERR_MAX = 16 * 1024

/** One share as QEMU and the daemon see it: the tag the guest mounts and the host folder. */
export interface VirtiofsShare extends GuestShare {
  source: string
}

/** What a boot with virtiofs starts: the daemon, the shares, the socket of each. */
export interface VirtiofsPlan {
  daemon: ToolPath
  shares: VirtiofsShare[]
  sockets: string[]
}

/** Where the `index`-th share's daemon listens (inside the target's work dir). */
export function virtiofsSocketPath(dir: string, index: number): string {
  return join(dir, `vfs${index}.sock`)
}

/**
 * A kernel without virtiofs (and no initramfs to load it) cannot mount its root and panics:
 * the panic alone does not say why, so the error names the setting and the kernel options.
 */
export function virtiofsRootHint(target: Target, panic: string): string {
  if (target.vm.sharedFs !== 'virtiofs' || !/VFS: Unable to mount root fs|Cannot open root device/.test(panic))
    return panic
  return `${panic}: the kernel cannot mount its root over virtiofs (shared_fs = "virtiofs"); it needs ${VIRTIOFS_KCONFIG}, built in or as modules under the rootfs's /lib/modules for the generated initramfs, or use shared_fs = "9p"`
}

const infoCache = new Map<string, VirtiofsdInfo | undefined>()

/** The implementation behind `daemon`, asked once per path and process (`--help`). */
function probe(daemon: ToolPath): VirtiofsdInfo | undefined {
  if (!infoCache.has(daemon.path)) {
    const r = spawnSync(daemon.path, ['--help'], {
      encoding: 'utf8',
      timeout: 10_000,
      env: { ...process.env, ...daemon.env },
    })
    infoCache.set(daemon.path, virtiofsdInfo(`${r.stdout ?? ''}${r.stderr ?? ''}`))
  }
  return infoCache.get(daemon.path)
}

/** Refusals known before anything starts: no daemon, an unknown one, or a read-only share
 *  it cannot keep read-only. */
export function virtiofsdProblem(daemon: ToolPath | undefined, shares: VirtiofsShare[]): string | undefined {
  if (!daemon)
    return 'shared_fs = "virtiofs" needs virtiofsd on the host (Debian 12: qemu-system-common; Debian 13, Ubuntu 24.04: the virtiofsd package; or set VMTEST_VIRTIOFSD)'
  const info = probe(daemon)
  if (!info) return `${daemon.path} does not look like virtiofsd (its --help names neither --shared-dir nor -o source=)`
  return shares.some((s) => s.readonly) ? readonlyProblem(info, daemon.path) : undefined
}

class Daemon {
  readonly exited: Promise<void>
  private alive = true
  private stderr = ''
  constructor(
    readonly share: VirtiofsShare,
    readonly socket: string,
    readonly child: ChildProcess,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderr.length < STDERR_MAX) this.stderr += chunk.toString('utf8')
    })
    this.exited = new Promise((resolve) => {
      child.on('close', () => {
        this.alive = false
        resolve()
      })
      child.on('error', (e) => {
        this.stderr += `failed to start: ${e.message}\n`
      })
    })
  }
  isAlive(): boolean {
    return this.alive
  }
  stderrText(): string {
    return this.stderr.trim()
  }
  kill(): void {
    if (!this.alive || this.child.pid === undefined) return
    try {
      this.child.kill('SIGKILL')
    } catch {
      // already gone
    }
  }
}

/** The daemons of one boot; `stop()` is safe to call any number of times. */
export class VirtiofsDaemons {
  private readonly unregister: () => void
  private constructor(private readonly daemons: Daemon[]) {
    this.unregister = registerCleanup(() => this.killAll())
  }

  /** Start one daemon per share, on the plan's sockets, and wait for every socket.
   *  Throws a TargetError (with the daemon's stderr) when one does not come up; none is
   *  left running then. */
  static async start({ daemon, shares, sockets }: VirtiofsPlan, env: NodeJS.ProcessEnv): Promise<VirtiofsDaemons> {
    const info = probe(daemon)
    if (!info) throw new TargetError(virtiofsdProblem(daemon, shares) ?? 'virtiofsd unusable')
    const asRoot = process.geteuid?.() === 0
    const guard = deathGuard()
    const started: Daemon[] = []
    for (const [i, share] of shares.entries()) {
      const socket = sockets[i]
      const { argv } = virtiofsdCommand(
        daemon.path,
        info,
        { source: share.source, socket, readonly: share.readonly },
        asRoot,
      )
      const [file, args] = guard ? [guard, ['--pdeathsig', 'SIGKILL', '--', ...argv]] : [argv[0], argv.slice(1)]
      const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...env, ...daemon.env } })
      started.push(new Daemon(share, socket, child))
    }
    const set = new VirtiofsDaemons(started)
    try {
      await set.waitForSockets()
    } catch (e) {
      await set.stop()
      throw e
    }
    return set
  }

  /** Socket paths in share order, for QEMU's -chardev options. */
  sockets(): string[] {
    return this.daemons.map((d) => d.socket)
  }

  /** PIDs, for tests that check nothing is left. */
  pids(): number[] {
    return this.daemons.map((d) => d.child.pid).filter((p): p is number => p !== undefined)
  }

  /** What the daemons said on stderr, for an error message when QEMU or a mount fails. */
  stderrText(): string {
    return this.daemons
      .map((d) => (d.stderrText() ? `virtiofsd (${d.share.tag}): ${d.stderrText()}` : ''))
      .filter(Boolean)
      .join('\n')
  }

  /** Kill every daemon and wait until each has exited. */
  async stop(): Promise<void> {
    this.killAll()
    await Promise.all(this.daemons.map((d) => Promise.race([d.exited, sleep(5_000)])))
    this.unregister()
  }

  private killAll(): void {
    for (const d of this.daemons) d.kill()
  }

  private async waitForSockets(): Promise<void> {
    const end = Date.now() + SOCKET_WAIT_MS
    for (;;) {
      const dead = this.daemons.find((d) => !d.isAlive())
      if (dead)
        throw new TargetError(
          `virtiofsd for ${dead.share.path} (${dead.share.source}) exited at start${dead.stderrText() ? `: ${dead.stderrText()}` : ''}`,
        )
      if (this.daemons.every((d) => existsSync(d.socket))) return
      if (Date.now() > end)
        throw new TargetError(
          `virtiofsd did not create its sockets within ${SOCKET_WAIT_MS / 1000} s${this.stderrText() ? `: ${this.stderrText()}` : ''}`,
        )
      // A timer that holds the process open: nothing else may while the daemons start.
      await new Promise((r) => setTimeout(r, 5))
    }
  }
}
