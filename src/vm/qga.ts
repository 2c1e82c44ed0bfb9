// A client for the QEMU guest agent (qemu-ga) on the host side of its virtio-serial port.
//
// Connecting is the delicate part. The host end of the port is a QEMU chardev socket that
// accepts connections long before the guest has booted, and the agent ignores whatever was
// written on a connection opened too early. So each attempt opens a FRESH socket, sends
// guest-sync-delimited with a random id and waits a bounded time for the echo of THAT id;
// replies with other ids are stale (left over from an earlier attempt) and skipped. After a
// command times out the stream is re-synchronised the same way before the next command.
//
// The agent answers requests strictly in order and one at a time, so commands here are
// serialised and need no ids (old agents reject unknown request members).

import { randomInt } from 'node:crypto'

import {
  AgentConnectError,
  type AttemptOutcome,
  type AttemptRecord,
  ConnectionClosedError,
  describeSeen,
  ProtocolError,
  QemuExitedError,
  QgaCommandError,
  SocketConnectError,
  TimeoutError,
} from './errors.js'
import { JsonSocket, SENTINEL, timerFor, type JsonObject } from './jsonsock.js'

export type SyncMode = 'delimited' | 'plain'

export interface QgaConnectOptions {
  /** Give up with AgentConnectError at this time (epoch ms). */
  deadline: number
  /** How long one attempt waits for the sync echo. Default 5000 (upstream's value). */
  attemptTimeoutMs?: number
  /** Pause after an attempt the agent did not answer (or answered with garbage). Default 1000. */
  retryDelayMs?: number
  /**
   * Pause after an attempt that was refused or closed by QEMU. Nothing was waited for in
   * that case, and the socket usually becomes usable within milliseconds. Default 100.
   */
  fastRetryDelayMs?: number
  /** Polled (every alivePollMs) during the whole connect; false fails with QemuExitedError. */
  isAlive?: () => boolean
  /** Default 100. */
  alivePollMs?: number
  /** Aborting rejects with the signal's reason. */
  signal?: AbortSignal
  /** Called after every attempt with its outcome. */
  onAttempt?: (n: number, what: AttemptOutcome | 'ok', detail?: string) => void
  /** guest-sync-delimited (default; skips stale bytes by the 0xFF sentinel) or guest-sync. */
  sync?: SyncMode
  /** Default timeout of each later command. Default 10000. */
  commandTimeoutMs?: number
}

const DEFAULT_ATTEMPT_TIMEOUT_MS = 5000
const DEFAULT_RETRY_DELAY_MS = 1000
const DEFAULT_FAST_RETRY_DELAY_MS = 100
const DEFAULT_ALIVE_POLL_MS = 100
const DEFAULT_QGA_COMMAND_TIMEOUT_MS = 10_000
/** How many attempts an AgentConnectError describes one by one. */
const ATTEMPTS_IN_ERROR = 3

export interface AgentInfo {
  version: string
  /** Names of the commands the agent has enabled. */
  commands: string[]
}

export interface ExecRequest {
  path: string
  args?: readonly string[]
  /** `NAME=value` strings, or a record turned into them. Replaces the agent's environment. */
  env?: Readonly<Record<string, string>> | readonly string[]
  /** true: stdout and stderr separately; 'merged': both into outData (agent ≥ 8.1). */
  captureOutput?: boolean | 'merged'
  /** Written to the process's stdin. */
  inputData?: Buffer | string
}

export interface ExecStatus {
  exited: boolean
  exitcode?: number
  signal?: number
  outData?: Buffer
  errData?: Buffer
  outTruncated?: boolean
  errTruncated?: boolean
}

export interface ExecWaitOptions {
  /** Longest pause between two guest-exec-status polls. Default 250. */
  pollMs?: number
  /** First pause; doubles up to pollMs, so short commands are seen to end quickly. Default 10. */
  firstPollMs?: number
  signal?: AbortSignal
  /** TimeoutError when the process has not exited by then. Default: no limit. */
  timeoutMs?: number
}

export interface QgaRunOptions extends ExecWaitOptions {
  env?: ExecRequest['env']
  /** Default true. */
  captureOutput?: ExecRequest['captureOutput']
  inputData?: ExecRequest['inputData']
}

export interface RunResult {
  /** The exit status; 128 + signal for a process killed by a signal (never 0). */
  exitCode: number
  /** The signal that killed the process, if one did. */
  signal?: number
  out: Buffer
  err: Buffer
  outTruncated: boolean
  errTruncated: boolean
}

/**
 * `version` ("major.minor[.micro…]", as guest-info reports it) is at least major.minor.
 * Compares the pair as a whole, unlike upstream, which compared major and minor separately
 * and so took 9.0 and 10.0 to be older than 8.1. Anything unparseable counts as too old.
 */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const m = /^\s*(\d+)\.(\d+)(?:\.\d+)?(?:[^\d.]|$)/.exec(version)
  if (!m) return false
  const [vMajor, vMinor] = [Number(m[1]), Number(m[2])]
  return vMajor > major || (vMajor === major && vMinor >= minor)
}

/** capture-output "merged" arrived in qemu-ga 8.1. */
export function agentSupportsMergedOutput(version: string): boolean {
  return versionAtLeast(version, 8, 1)
}

/** The shell convention: a signal death is 128 + signal, so it is never mistaken for 0. */
export function exitCodeOf(status: ExecStatus, path = 'the guest process'): number {
  if (status.signal !== undefined) return 128 + status.signal
  if (status.exitcode !== undefined) return status.exitcode
  throw new ProtocolError(
    path,
    'guest-exec-status reports an exit without exitcode or signal',
    describeSeen(JSON.stringify(status)),
  )
}

export class QgaClient {
  private needsSync = false
  private lock: Promise<unknown> = Promise.resolve()
  private agentVersion: string | undefined

  private constructor(
    private readonly sock: JsonSocket,
    readonly path: string,
    private readonly syncMode: SyncMode,
    private readonly commandTimeoutMs: number,
    /** Attempts it took to connect, and how long. */
    readonly attempts: number,
    readonly connectMs: number,
  ) {}

  /** Connect and synchronise with the agent; see the file comment and QgaConnectOptions. */
  static async connect(path: string, opts: QgaConnectOptions): Promise<QgaClient> {
    const attemptTimeoutMs = opts.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS
    const retryDelayMs = opts.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS
    const fastRetryDelayMs = opts.fastRetryDelayMs ?? DEFAULT_FAST_RETRY_DELAY_MS
    const syncMode = opts.sync ?? 'delimited'
    const started = Date.now()
    opts.signal?.throwIfAborted()
    if (opts.isAlive && !opts.isAlive()) throw new QemuExitedError()

    // One internal signal ends every wait at once: the caller's abort, or QEMU dying.
    const stop = new AbortController()
    const onAbort = (): void => stop.abort(opts.signal?.reason)
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    const isAlive = opts.isAlive
    const aliveTimer = isAlive
      ? setInterval(() => {
          if (!isAlive()) stop.abort(new QemuExitedError())
        }, opts.alivePollMs ?? DEFAULT_ALIVE_POLL_MS)
      : undefined

    const counts: Record<AttemptOutcome, number> = { nothing: 0, garbage: 0, closed: 0, refused: 0 }
    const last: AttemptRecord[] = []
    try {
      for (let n = 1; ; n++) {
        if (isAlive && !isAlive()) throw new QemuExitedError()
        stop.signal.throwIfAborted()
        const remaining = opts.deadline - Date.now()
        if (remaining <= 0) throw new AgentConnectError(path, n - 1, Date.now() - started, counts, last)

        const result = await attempt(path, Math.min(attemptTimeoutMs, remaining), syncMode, stop.signal)
        if ('sock' in result) {
          opts.onAttempt?.(n, 'ok')
          return new QgaClient(
            result.sock,
            path,
            syncMode,
            opts.commandTimeoutMs ?? DEFAULT_QGA_COMMAND_TIMEOUT_MS,
            n,
            Date.now() - started,
          )
        }
        counts[result.what]++
        last.push({ n, ...result })
        if (last.length > ATTEMPTS_IN_ERROR) last.shift()
        opts.onAttempt?.(n, result.what, result.detail)

        const pause = result.what === 'refused' || result.what === 'closed' ? fastRetryDelayMs : retryDelayMs
        await delay(Math.min(pause, opts.deadline - Date.now()), stop.signal)
      }
    } catch (e) {
      // Whatever wait was cut short, report why it was cut.
      if (stop.signal.aborted) throw stop.signal.reason
      throw e
    } finally {
      if (aliveTimer) clearInterval(aliveTimer)
      opts.signal?.removeEventListener('abort', onAbort)
    }
  }

  /** Run a command; resolves with its `return` value, QgaCommandError on an error reply. */
  execute<T = unknown>(command: string, args?: JsonObject, timeoutMs = this.commandTimeoutMs): Promise<T> {
    return this.exclusive(async () => {
      // Anything already waiting in the queue answers nothing we asked: resynchronise.
      if (this.needsSync || this.sock.queued > 0) {
        await syncOn(this.sock, this.syncMode, timeoutMs)
        this.needsSync = false
      }
      this.sock.send(args === undefined ? { execute: command } : { execute: command, arguments: args })
      let reply: JsonObject
      try {
        reply = await this.sock.next({ timeoutMs, what: `reply to QGA '${command}' on ${this.path}` })
      } catch (e) {
        // The reply may still come and would be taken for the next command's.
        if (e instanceof TimeoutError) this.needsSync = true
        throw e
      }
      if ('error' in reply) {
        const err = (reply.error ?? {}) as { class?: unknown; desc?: unknown }
        throw new QgaCommandError(command, String(err.class ?? 'unknown'), String(err.desc ?? ''))
      }
      if (!('return' in reply)) {
        throw new ProtocolError(this.path, `expected a reply to '${command}'`, describeSeen(JSON.stringify(reply)))
      }
      return reply.return as T
    })
  }

  /** guest-info: the agent's version and enabled commands. */
  async info(timeoutMs?: number): Promise<AgentInfo> {
    const r = await this.execute<{ version?: unknown; supported_commands?: { name?: unknown; enabled?: unknown }[] }>(
      'guest-info',
      undefined,
      timeoutMs,
    )
    if (typeof r?.version !== 'string') {
      throw new ProtocolError(this.path, 'guest-info reply without a version', describeSeen(JSON.stringify(r)))
    }
    this.agentVersion = r.version
    const commands = (r.supported_commands ?? []).filter((c) => c.enabled !== false).map((c) => String(c.name))
    return { version: r.version, commands }
  }

  /** The agent version from the last info(), if it was asked. */
  get version(): string | undefined {
    return this.agentVersion
  }

  /**
   * guest-exec; resolves with the guest pid. When info() has shown an agent older than 8.1,
   * a 'merged' capture falls back to separate streams (which such agents understand).
   */
  async exec(req: ExecRequest, timeoutMs?: number): Promise<number> {
    const args: JsonObject = { path: req.path }
    if (req.args) args.arg = [...req.args]
    if (req.env) args.env = Array.isArray(req.env) ? [...req.env] : Object.entries(req.env).map(([k, v]) => `${k}=${v}`)
    if (req.inputData !== undefined) args['input-data'] = Buffer.from(req.inputData).toString('base64')
    if (req.captureOutput === 'merged') {
      args['capture-output'] =
        this.agentVersion === undefined || agentSupportsMergedOutput(this.agentVersion) ? 'merged' : true
    } else if (req.captureOutput !== undefined) {
      args['capture-output'] = req.captureOutput
    }
    const r = await this.execute<{ pid?: unknown }>('guest-exec', args, timeoutMs)
    if (typeof r?.pid !== 'number') {
      throw new ProtocolError(this.path, 'guest-exec reply without a pid', describeSeen(JSON.stringify(r)))
    }
    return r.pid
  }

  /** guest-exec-status, with the output base64-decoded. */
  async execStatus(pid: number, timeoutMs?: number): Promise<ExecStatus> {
    const r = await this.execute<JsonObject>('guest-exec-status', { pid }, timeoutMs)
    if (typeof r?.exited !== 'boolean') {
      throw new ProtocolError(this.path, 'guest-exec-status reply without "exited"', describeSeen(JSON.stringify(r)))
    }
    const status: ExecStatus = { exited: r.exited }
    if (typeof r.exitcode === 'number') status.exitcode = r.exitcode
    if (typeof r.signal === 'number') status.signal = r.signal
    if (typeof r['out-data'] === 'string') status.outData = Buffer.from(r['out-data'], 'base64')
    if (typeof r['err-data'] === 'string') status.errData = Buffer.from(r['err-data'], 'base64')
    if (typeof r['out-truncated'] === 'boolean') status.outTruncated = r['out-truncated']
    if (typeof r['err-truncated'] === 'boolean') status.errTruncated = r['err-truncated']
    return status
  }

  /** Poll guest-exec-status until the process exits. */
  async execWait(pid: number, opts: ExecWaitOptions = {}): Promise<ExecStatus> {
    const maxPoll = opts.pollMs ?? 250
    let pause = Math.min(opts.firstPollMs ?? 10, maxPoll)
    const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs
    for (;;) {
      opts.signal?.throwIfAborted()
      const status = await this.execStatus(pid)
      if (status.exited) return status
      const remaining = deadline - Date.now()
      if (remaining <= 0) {
        throw new TimeoutError(`guest process ${pid} to exit (agent ${this.path})`, opts.timeoutMs ?? 0)
      }
      await delay(Math.min(pause, remaining), opts.signal)
      pause = Math.min(pause * 2, maxPoll)
    }
  }

  /** exec + execWait: run `path args` in the guest and collect its exit code and output. */
  async run(path: string, args: readonly string[], opts: QgaRunOptions = {}): Promise<RunResult> {
    const pid = await this.exec({
      path,
      args,
      env: opts.env,
      captureOutput: opts.captureOutput ?? true,
      inputData: opts.inputData,
    })
    const status = await this.execWait(pid, opts)
    return {
      exitCode: exitCodeOf(status, `${path} (guest pid ${pid})`),
      signal: status.signal,
      out: status.outData ?? Buffer.alloc(0),
      err: status.errData ?? Buffer.alloc(0),
      outTruncated: status.outTruncated ?? false,
      errTruncated: status.errTruncated ?? false,
    }
  }

  async close(): Promise<void> {
    await this.sock.close()
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn)
    this.lock = run.catch(() => undefined)
    return run
  }
}

type AttemptResult = { sock: JsonSocket } | { what: AttemptOutcome; detail: string }

/** One connection attempt: open, sync, and either hand over the socket or close it. */
async function attempt(path: string, timeoutMs: number, mode: SyncMode, signal: AbortSignal): Promise<AttemptResult> {
  const started = Date.now()
  let sock: JsonSocket
  try {
    sock = await JsonSocket.connect(path, { timeoutMs, signal })
  } catch (e) {
    if (e instanceof SocketConnectError) return { what: 'refused', detail: e.code }
    if (e instanceof TimeoutError) return { what: 'nothing', detail: `connect did not complete in ${timeoutMs} ms` }
    throw e
  }
  try {
    await syncOn(sock, mode, Math.max(1, timeoutMs - (Date.now() - started)), signal)
    return { sock }
  } catch (e) {
    await sock.close()
    if (e instanceof TimeoutError) {
      const { bytes, sample } = sock.discarded
      if (bytes > 0)
        return { what: 'garbage', detail: `no sync reply in ${timeoutMs} ms; skipped ${bytes} bytes: ${sample}` }
      return { what: 'nothing', detail: `no sync reply in ${timeoutMs} ms${staleNote(e)}` }
    }
    if (e instanceof ConnectionClosedError) return { what: 'closed', detail: e.message }
    if (e instanceof ProtocolError) return { what: 'garbage', detail: `${e.detail}: ${e.seen}` }
    throw e
  }
}

class SyncTimeoutError extends TimeoutError {
  constructor(
    what: string,
    timeoutMs: number,
    readonly stale: number,
  ) {
    super(what, timeoutMs)
  }
}

function staleNote(e: TimeoutError): string {
  return e instanceof SyncTimeoutError && e.stale > 0 ? ` (${e.stale} stale replies ignored)` : ''
}

/**
 * Send a sync with a fresh random id and skip everything until its echo. Resolves with the
 * number of stale messages skipped. Delimited sync: the request starts with 0xFF (the agent
 * drops any half-read input) and bytes before the reply's 0xFF are dropped unparsed.
 */
async function syncOn(sock: JsonSocket, mode: SyncMode, timeoutMs: number, signal?: AbortSignal): Promise<number> {
  const id = randomInt(1, 2 ** 31 - 1)
  const until = Date.now() + timeoutMs
  const command = mode === 'delimited' ? 'guest-sync-delimited' : 'guest-sync'
  if (mode === 'delimited') {
    sock.skipUntilSentinel()
    sock.send({ execute: command, arguments: { id } }, Buffer.from([SENTINEL]))
  } else {
    sock.send({ execute: command, arguments: { id } })
  }
  let stale = 0
  for (;;) {
    let msg: JsonObject
    try {
      msg = await sock.next({ timeoutMs: until - Date.now(), what: `QGA ${command} reply on ${sock.path}`, signal })
    } catch (e) {
      if (e instanceof TimeoutError) throw new SyncTimeoutError(e.what, timeoutMs, stale)
      throw e
    }
    if (msg.return === id) return stale
    stale++
  }
}

/** A pause that ends early, with the signal's reason, when the signal aborts. */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason)
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = timerFor(ms, () => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    })
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
