// JSON objects over a unix socket, shared by the QMP and guest-agent clients.
//
// Both peers write one JSON object per line, but nothing here relies on the newlines: the
// framer follows braces and strings, so partial chunks, several objects in one chunk and
// objects split anywhere (even inside a multi-byte character) all come out whole. The guest
// agent's 0xFF sentinel byte (sent before a guest-sync-delimited reply) resets the framer,
// as the QGA protocol asks: whatever partial data came before it is stale.

import net from 'node:net'

import {
  ConnectionClosedError,
  describeSeen,
  ProtocolError,
  SEEN_LIMIT,
  SocketConnectError,
  TimeoutError,
} from './errors.js'
import { CHAR } from '../util/char-codes.js'

export type JsonObject = Record<string, unknown>

/** The byte the guest agent puts before a guest-sync-delimited reply (never valid UTF-8). */
export const SENTINEL = 0xff

/** No QMP/QGA message comes near this; guest-exec-status output is capped at 16 MiB raw. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024

/** Received messages nobody has taken yet, at most (count and bytes). Both clients take
 *  every reply they asked for at once, so only a peer sending what nobody asked for (a
 *  flooding or broken agent) reaches this: its connection is then failed, not its backlog
 *  kept. */
export const MAX_QUEUED_MESSAGES = 1024
export const MAX_QUEUED_BYTES = 64 * 1024 * 1024

function isWhitespace(b: number): boolean {
  return b === CHAR.space || b === CHAR.tab || b === CHAR.lf || b === CHAR.cr
}

/** setTimeout's limit; a longer (or infinite) wait gets no timer rather than a 1 ms one. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** A timer for a finite wait, or undefined for a wait without limit. */
export function timerFor(ms: number, fn: () => void): NodeJS.Timeout | undefined {
  return Number.isFinite(ms) && ms <= MAX_TIMER_MS ? setTimeout(fn, ms) : undefined
}

export interface FrameResult {
  messages: JsonObject[]
  /** The raw size of each message, in bytes. */
  sizes: number[]
  /** Set when the input stopped being JSON; the framer is then unusable. */
  error?: { detail: string; seen: string }
}

/**
 * Incremental splitter of a byte stream into JSON objects. Pure (no I/O) so the framing
 * cases are tested without sockets. Work is linear in the input: chunks of an unfinished
 * object are kept as a list and joined once when the object ends.
 */
export class JsonFramer {
  private parts: Buffer[] = []
  private size = 0
  private inObject = false
  private depth = 0
  private inString = false
  private escape = false
  private skipping = false
  private failed = false
  private discardedBytes = 0
  private discardedSample: Buffer[] = []
  private discardedSampleSize = 0

  constructor(private readonly maxMessageBytes = MAX_MESSAGE_BYTES) {}

  /**
   * Drop everything until the next 0xFF sentinel. The guest agent's protocol allows this
   * after sending guest-sync-delimited: data before the sentinel is stale.
   */
  skipUntilSentinel(): void {
    this.skipping = true
  }

  /** Bytes dropped while skipping or by a sentinel cutting a partial message. */
  get discarded(): { bytes: number; sample: string } {
    return { bytes: this.discardedBytes, sample: describeSeen(Buffer.concat(this.discardedSample)) }
  }

  /** The unfinished message received so far, bounded, or '' when between messages. */
  partial(): string {
    return this.inObject ? describeSeen(headOf(this.parts), SEEN_LIMIT, this.size) : ''
  }

  push(chunk: Buffer): FrameResult {
    const messages: JsonObject[] = []
    const sizes: number[] = []
    if (this.failed) return { messages, sizes }
    let segStart = this.inObject ? 0 : -1
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]
      if (b === SENTINEL) {
        if (this.inObject) {
          if (segStart >= 0 && i > segStart) this.parts.push(chunk.subarray(segStart, i))
          for (const p of this.parts) this.noteDiscarded(p)
          this.resetObject()
        }
        this.skipping = false
        segStart = -1
        continue
      }
      if (this.skipping) {
        // Drop the whole run up to the next sentinel at once; the loop then meets it.
        const s = chunk.indexOf(SENTINEL, i)
        const end = s === -1 ? chunk.length : s
        this.noteDiscarded(chunk.subarray(i, end))
        i = end - 1
        continue
      }
      if (!this.inObject) {
        if (isWhitespace(b)) continue
        if (b === CHAR.openBrace) {
          this.inObject = true
          this.depth = 1
          segStart = i
          continue
        }
        return this.fail(messages, sizes, 'expected a JSON object', garbageFrom(chunk, i))
      }
      if (this.inString) {
        if (this.escape) this.escape = false
        else if (b === CHAR.backslash) this.escape = true
        else if (b === CHAR.quote) this.inString = false
        continue
      }
      if (b === CHAR.quote) this.inString = true
      else if (b === CHAR.openBrace || b === CHAR.openBracket) this.depth++
      else if (b === CHAR.closeBrace || b === CHAR.closeBracket) {
        this.depth--
        if (this.depth === 0) {
          this.parts.push(chunk.subarray(segStart, i + 1))
          const raw = Buffer.concat(this.parts)
          this.resetObject()
          segStart = -1
          const parsed = parseObject(raw)
          if ('error' in parsed) return this.fail(messages, sizes, parsed.error, describeSeen(raw))
          messages.push(parsed.value)
          sizes.push(raw.length)
        }
      }
    }
    if (this.inObject && segStart >= 0 && segStart < chunk.length) {
      const rest = chunk.subarray(segStart)
      this.parts.push(rest)
      this.size += rest.length
      if (this.size > this.maxMessageBytes) {
        const seen = describeSeen(headOf(this.parts), SEEN_LIMIT, this.size)
        return this.fail(messages, sizes, `message longer than ${this.maxMessageBytes} bytes`, seen)
      }
    }
    return { messages, sizes }
  }

  private fail(messages: JsonObject[], sizes: number[], detail: string, seen: string): FrameResult {
    this.failed = true
    return { messages, sizes, error: { detail, seen } }
  }

  private resetObject(): void {
    this.parts = []
    this.size = 0
    this.inObject = false
    this.depth = 0
    this.inString = false
    this.escape = false
  }

  private noteDiscarded(bytes: Buffer): void {
    this.discardedBytes += bytes.length
    if (this.discardedSampleSize <= SEEN_LIMIT) {
      this.discardedSample.push(bytes.subarray(0, SEEN_LIMIT + 1 - this.discardedSampleSize))
      this.discardedSampleSize += Math.min(bytes.length, SEEN_LIMIT + 1)
    }
  }
}

/** The first SEEN_LIMIT + 1 bytes of `parts` (one more than shown, so the cut is noted). */
function headOf(parts: Buffer[]): Buffer {
  const head: Buffer[] = []
  let size = 0
  for (const p of parts) {
    if (size > SEEN_LIMIT) break
    head.push(p)
    size += p.length
  }
  return Buffer.concat(head).subarray(0, SEEN_LIMIT + 1)
}

/** Garbage from `i` to the end of its line (or of the chunk), bounded. */
function garbageFrom(chunk: Buffer, i: number): string {
  const nl = chunk.indexOf(CHAR.lf, i)
  const end = nl === -1 ? chunk.length : nl + 1
  return describeSeen(chunk.subarray(i, Math.min(end, i + SEEN_LIMIT)), SEEN_LIMIT, end - i)
}

function parseObject(raw: Buffer): { value: JsonObject } | { error: string } {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'))
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { error: 'expected a JSON object' }
    }
    return { value: value as JsonObject }
  } catch (e) {
    return { error: `invalid JSON (${(e as Error).message})` }
  }
}

export interface ConnectOptions {
  timeoutMs: number
  signal?: AbortSignal
  /** Bounds of the unread queue; default MAX_QUEUED_MESSAGES and MAX_QUEUED_BYTES. */
  maxQueued?: { messages: number; bytes: number }
}

export interface NextOptions {
  /** Infinity: no timer at all (for a read loop that ends when the socket does). */
  timeoutMs: number
  /** Named in the TimeoutError, e.g. "QMP greeting". */
  what: string
  signal?: AbortSignal
}

interface Waiter {
  resolve: (msg: JsonObject) => void
  reject: (err: unknown) => void
  cleanup: () => void
}

/**
 * A connected unix socket carrying JSON objects. Incoming objects queue up until `next()`
 * takes them; the first failure (peer closed, garbage, socket error, `close()`) is sticky:
 * queued objects are still handed out, then every `next()` rejects with that failure. A
 * queue past its bounds is the one failure that drops what was queued.
 */
export class JsonSocket {
  private readonly framer = new JsonFramer()
  private queue: Array<{ msg: JsonObject; size: number }> = []
  private queuedBytes = 0
  private readonly waiters: Waiter[] = []
  private failure: Error | undefined
  private readonly closed: Promise<void>

  private constructor(
    private readonly socket: net.Socket,
    readonly path: string,
    private readonly maxQueued = { messages: MAX_QUEUED_MESSAGES, bytes: MAX_QUEUED_BYTES },
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()))
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    // allowHalfOpen is off, so 'end' is followed by our own end and 'close'.
    socket.on('end', () => this.fail(new ConnectionClosedError(path, true, this.framer.partial() || undefined)))
    socket.on('error', (err: NodeJS.ErrnoException) =>
      this.fail(new ConnectionClosedError(path, true, this.framer.partial() || undefined, { cause: err })),
    )
    socket.on('close', () => this.fail(new ConnectionClosedError(path, true, this.framer.partial() || undefined)))
  }

  /** Open `path`; SocketConnectError when nobody listens there, TimeoutError after timeoutMs. */
  static connect(path: string, opts: ConnectOptions): Promise<JsonSocket> {
    return new Promise((resolve, reject) => {
      const { signal } = opts
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const socket = net.createConnection({ path })
      const cleanup = (): void => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        socket.removeListener('connect', onConnect)
        socket.removeListener('error', onError)
        // A late error on a socket given up on must not become an uncaught exception.
        socket.on('error', () => {})
      }
      const onConnect = (): void => {
        cleanup()
        // Listeners are attached synchronously here, before any 'data' can be emitted.
        resolve(new JsonSocket(socket, path, opts.maxQueued))
      }
      const onError = (err: NodeJS.ErrnoException): void => {
        cleanup()
        socket.destroy()
        reject(new SocketConnectError(path, err.code ?? err.message, { cause: err }))
      }
      const onAbort = (): void => {
        cleanup()
        socket.destroy()
        reject(signal?.reason)
      }
      const timer = timerFor(opts.timeoutMs, () => {
        cleanup()
        socket.destroy()
        reject(new TimeoutError(`a connection to ${path}`, opts.timeoutMs))
      })
      socket.once('connect', onConnect)
      socket.once('error', onError)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** True until the socket failed or was closed. */
  get isOpen(): boolean {
    return this.failure === undefined
  }

  /** Number of received objects nobody has taken yet. */
  get queued(): number {
    return this.queue.length
  }

  get discarded(): { bytes: number; sample: string } {
    return this.framer.discarded
  }

  skipUntilSentinel(): void {
    this.framer.skipUntilSentinel()
  }

  /** Write one object as a line; `prefix` goes first (the QGA sentinel). */
  send(msg: JsonObject, prefix?: Buffer): void {
    if (this.failure) throw this.failure
    const line = Buffer.from(JSON.stringify(msg) + '\n', 'utf8')
    this.socket.write(prefix ? Buffer.concat([prefix, line]) : line)
  }

  /** The next received object. */
  next(opts: NextOptions): Promise<JsonObject> {
    const queued = this.queue.shift()
    if (queued) {
      this.queuedBytes -= queued.size
      return Promise.resolve(queued.msg)
    }
    if (this.failure) return Promise.reject(this.failure)
    const { signal } = opts
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (opts.timeoutMs <= 0) return Promise.reject(new TimeoutError(opts.what, 0))
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        remove()
        reject(signal?.reason)
      }
      const waiter: Waiter = {
        resolve,
        reject,
        cleanup: () => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
        },
      }
      const remove = (): void => {
        waiter.cleanup()
        const i = this.waiters.indexOf(waiter)
        if (i >= 0) this.waiters.splice(i, 1)
      }
      const timer = timerFor(opts.timeoutMs, () => {
        remove()
        reject(new TimeoutError(opts.what, opts.timeoutMs))
      })
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiters.push(waiter)
    })
  }

  /** Close the socket (idempotent); resolves once node has released it. */
  async close(): Promise<void> {
    this.fail(new ConnectionClosedError(this.path, false))
    await this.closed
  }

  private onData(chunk: Buffer): void {
    if (this.failure) return
    const { messages, sizes, error } = this.framer.push(chunk)
    for (const [i, msg] of messages.entries()) {
      const waiter = this.waiters.shift()
      if (waiter) {
        waiter.cleanup()
        waiter.resolve(msg)
        continue
      }
      this.queue.push({ msg, size: sizes[i] })
      this.queuedBytes += sizes[i]
      if (this.queue.length > this.maxQueued.messages || this.queuedBytes > this.maxQueued.bytes) {
        this.overflow(msg)
        return
      }
    }
    if (error) this.fail(new ProtocolError(this.path, error.detail, error.seen))
  }

  /** The peer sent more than anyone asked for: drop the backlog, fail the connection. */
  private overflow(latest: JsonObject): void {
    const { length } = this.queue
    const bytes = this.queuedBytes
    this.queue = []
    this.queuedBytes = 0
    const detail = `${length} messages (${bytes} bytes) arrived that nobody asked for (at most ${this.maxQueued.messages} messages or ${this.maxQueued.bytes} bytes are kept unread): the peer floods the socket`
    this.fail(new ProtocolError(this.path, detail, describeSeen(JSON.stringify(latest))))
  }

  private fail(err: Error): void {
    if (this.failure) return
    this.failure = err
    for (const waiter of this.waiters.splice(0)) {
      waiter.cleanup()
      waiter.reject(err)
    }
    this.socket.destroy()
  }
}
