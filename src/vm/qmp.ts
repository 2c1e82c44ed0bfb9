// A small QMP (QEMU Machine Protocol) client: greeting, capabilities negotiation, commands
// with ids and a timeout each.
//
// One read loop takes every message off the socket and dispatches it: replies go to the
// pending command with the same id, asynchronous events (nobody here needs them) are
// dropped. So an event can never be taken for a reply, and a reply that arrives after its
// command timed out is dropped too.

import { setTimeout as sleep } from 'node:timers/promises'

import {
  ConnectionClosedError,
  describeSeen,
  ProtocolError,
  QemuExitedError,
  QmpCommandError,
  SocketConnectError,
  TimeoutError,
} from './errors.js'
import { JsonSocket, timerFor, type JsonObject } from './jsonsock.js'

export interface QmpGreeting {
  version: { qemu: { major: number; minor: number; micro: number }; package: string }
  capabilities: string[]
}

export interface QmpConnectOptions {
  /** Total time for the socket to accept, the greeting and qmp_capabilities. Default 5000. */
  timeoutMs?: number
  /** How often to retry while the socket file is missing or refuses. Default 20 ms. */
  retryMs?: number
  /** Stop retrying with QemuExitedError once this says QEMU is gone. */
  isAlive?: () => boolean
  signal?: AbortSignal
}

const DEFAULT_QMP_TIMEOUT_MS = 5000
const DEFAULT_QMP_COMMAND_TIMEOUT_MS = 10_000

interface Pending {
  command: string
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
  timer: NodeJS.Timeout | undefined
}

export class QmpClient {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private failure: Error | undefined

  private constructor(
    private readonly sock: JsonSocket,
    readonly greeting: QmpGreeting,
  ) {}

  /**
   * Connect to QEMU's QMP socket, read the greeting and leave negotiation mode. QEMU creates
   * the socket file some time after it starts, so a missing or refusing socket is retried
   * until `timeoutMs`.
   */
  static async connect(path: string, opts: QmpConnectOptions = {}): Promise<QmpClient> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_QMP_TIMEOUT_MS
    const deadline = Date.now() + timeoutMs
    const sock = await connectWithRetry(path, deadline, timeoutMs, opts)
    try {
      const first = await sock.next({
        timeoutMs: Math.max(0, deadline - Date.now()),
        what: `the QMP greeting on ${path}`,
        signal: opts.signal,
      })
      const greeting = parseGreeting(path, first)
      const client = new QmpClient(sock, greeting)
      void client.readLoop()
      await client.execute('qmp_capabilities', undefined, Math.max(1, deadline - Date.now()))
      return client
    } catch (e) {
      await sock.close()
      // Name the whole budget, not the remainder the last wait happened to get.
      if (e instanceof TimeoutError) throw new TimeoutError(e.what, timeoutMs)
      throw e
    }
  }

  /** Run `command`; resolves with its `return` value, QmpCommandError on an error reply. */
  execute<T = unknown>(command: string, args?: JsonObject, timeoutMs = DEFAULT_QMP_COMMAND_TIMEOUT_MS): Promise<T> {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      const timer = timerFor(timeoutMs, () => {
        this.pending.delete(id)
        reject(new TimeoutError(`reply to QMP '${command}' on ${this.sock.path}`, timeoutMs))
      })
      this.pending.set(id, { command, resolve: resolve as (v: unknown) => void, reject, timer })
      try {
        this.sock.send(args === undefined ? { execute: command, id } : { execute: command, arguments: args, id })
      } catch (e) {
        clearTimeout(timer)
        this.pending.delete(id)
        reject(e)
      }
    })
  }

  /**
   * Ask QEMU to exit. QEMU answers and then closes the socket as it goes, possibly before the
   * reply is read: a closed connection counts as success. The client is closed afterwards.
   */
  async quit(timeoutMs = DEFAULT_QMP_TIMEOUT_MS): Promise<void> {
    try {
      await this.execute('quit', undefined, timeoutMs)
    } catch (e) {
      if (!(e instanceof ConnectionClosedError && e.byPeer)) {
        await this.close()
        throw e
      }
    }
    await this.close()
  }

  async close(): Promise<void> {
    await this.sock.close()
  }

  private async readLoop(): Promise<void> {
    for (;;) {
      let msg: JsonObject
      try {
        msg = await this.sock.next({ timeoutMs: Infinity, what: `QMP messages on ${this.sock.path}` })
      } catch (e) {
        this.fail(e as Error)
        return
      }
      try {
        this.dispatch(msg)
      } catch (e) {
        // Not QMP: nothing further on this socket can be trusted.
        this.fail(e as Error)
        await this.sock.close()
        return
      }
    }
  }

  private dispatch(msg: JsonObject): void {
    if (typeof msg.event === 'string') return
    if (!('return' in msg) && !('error' in msg)) {
      throw new ProtocolError(this.sock.path, 'expected a QMP reply or event', describeSeen(JSON.stringify(msg)))
    }
    // QEMU echoes our id. A reply without one answers a request QEMU could not even parse,
    // which can only be the oldest outstanding one, as QEMU handles requests in order.
    const id = typeof msg.id === 'number' ? msg.id : 'id' in msg ? undefined : this.pending.keys().next().value
    if (id === undefined) return
    const p = this.pending.get(id)
    if (!p) return // a late reply to a command that timed out
    this.pending.delete(id)
    clearTimeout(p.timer)
    if ('error' in msg) {
      const err = (msg.error ?? {}) as { class?: unknown; desc?: unknown }
      p.reject(new QmpCommandError(p.command, String(err.class ?? 'unknown'), String(err.desc ?? '')))
    } else {
      p.resolve(msg.return)
    }
  }

  private fail(err: Error): void {
    if (this.failure) return
    this.failure = err
    for (const p of this.pending.values()) {
      clearTimeout(p.timer)
      p.reject(err)
    }
    this.pending.clear()
  }
}

async function connectWithRetry(
  path: string,
  deadline: number,
  timeoutMs: number,
  opts: QmpConnectOptions,
): Promise<JsonSocket> {
  const retryMs = opts.retryMs ?? 20
  for (;;) {
    const remaining = deadline - Date.now()
    try {
      return await JsonSocket.connect(path, { timeoutMs: Math.max(1, remaining), signal: opts.signal })
    } catch (e) {
      if (!(e instanceof SocketConnectError)) throw e
      if (opts.isAlive && !opts.isAlive()) {
        throw new QemuExitedError(`QEMU exited before its QMP socket ${path} accepted a connection`)
      }
      if (deadline - Date.now() <= retryMs) {
        throw new TimeoutError(`QMP socket ${path} to accept a connection (last error: ${e.code})`, timeoutMs)
      }
      await sleep(retryMs, undefined, { signal: opts.signal })
    }
  }
}

function parseGreeting(path: string, msg: JsonObject): QmpGreeting {
  const qmp = msg.QMP as Partial<QmpGreeting> | undefined
  if (!qmp || typeof qmp !== 'object') {
    throw new ProtocolError(path, 'expected the QMP greeting {"QMP": …}', describeSeen(JSON.stringify(msg)))
  }
  const v = qmp.version?.qemu
  return {
    version: {
      qemu: { major: Number(v?.major ?? 0), minor: Number(v?.minor ?? 0), micro: Number(v?.micro ?? 0) },
      package: String(qmp.version?.package ?? ''),
    },
    capabilities: Array.isArray(qmp.capabilities) ? qmp.capabilities.map(String) : [],
  }
}
