// The host end of the guest's `org.qemu.virtio_serial.0` port: the command's merged stdout
// and stderr, live. Every byte goes to the command log verbatim (nothing lost or reordered,
// whatever the encoding); lines go to the event stream. The command's end comes as
// `<marker> <status>\n` (from a kernel target's init, or the wrapper an image's agent runs):
// seeing it tells us the command finished without polling anything. A kernel target's init
// also says `<marker> ready <release>\n` first: the guest is up, and runs that kernel.
import { connect, type Socket } from 'node:net'
import { LineSplitter } from '../analysis/lines.js'

const NEWLINE = Buffer.from('\n')
const READY = 'ready '

/** Where the port's bytes are logged: a write stream's `write` and `drain` (a log file
 *  opened by target-logs.ts). The port writes; whoever opened the log closes it. */
export interface LogSink {
  /** false: the disk is behind, wait for onDrain before writing more. */
  write(data: Buffer): boolean
  onDrain(fn: () => void): void
}

export interface OutputPortOptions {
  socketPath: string
  marker: string
  log?: LogSink
  onLine: (line: string) => void
}

export class OutputPort {
  private socket?: Socket
  private log?: LogSink
  private splitter: LineSplitter
  private markerBuf: Buffer
  /** Log bytes of the lines split from the current chunk, written together by flushLog(). */
  private pending: Buffer[] = []
  private endResolve!: (status: number) => void
  private readyResolve!: (release: string) => void
  /** Resolves with the status the wrapper reported, when its end marker arrives. */
  readonly ended: Promise<number>
  /** Resolves with the guest kernel's release when a kernel target's init says it is up. */
  readonly ready: Promise<string>
  bytes = 0
  readonly marker: string

  constructor(private readonly opts: OutputPortOptions) {
    this.marker = opts.marker
    this.markerBuf = Buffer.from(opts.marker)
    this.ended = new Promise((r) => (this.endResolve = r))
    this.ready = new Promise((r) => (this.readyResolve = r))
    this.splitter = new LineSplitter((text, raw, newline) => this.line(text, raw, newline), this.markerBuf.length + 16)
    this.log = opts.log
  }

  /** Connect to QEMU's socket server (it exists once QEMU has started). */
  async connect(timeoutMs = 5000): Promise<void> {
    const socket = connect(this.opts.socketPath)
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out connecting to the output port ${this.opts.socketPath}`)),
        timeoutMs,
      )
      socket.once('connect', () => {
        clearTimeout(timer)
        resolve()
      })
      socket.once('error', (e) => {
        clearTimeout(timer)
        reject(e)
      })
    })
    socket.on('error', () => {
      // QEMU exiting closes the socket; the lifecycle reports why.
    })
    socket.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length
      this.splitter.push(chunk)
      this.flushLog()
    })
    this.socket = socket
  }

  private line(text: string, raw: Buffer, newline: boolean): void {
    const at = raw.indexOf(this.markerBuf)
    if (at >= 0) {
      // Output that did not end in a newline shares the marker's line.
      if (at > 0) this.emit(raw.subarray(0, at).toString('utf8'), raw.subarray(0, at), false)
      const rest = raw
        .subarray(at + this.markerBuf.length)
        .toString('latin1')
        .trim()
      if (rest.startsWith(READY))
        return this.readyResolve(Buffer.from(rest.slice(READY.length), 'latin1').toString('utf8').trim())
      const status = Number.parseInt(rest, 10)
      this.endResolve(Number.isFinite(status) ? status : -1)
      return
    }
    this.emit(text, raw, newline)
  }

  private emit(text: string, raw: Buffer, newline: boolean): void {
    if (this.log) {
      this.pending.push(raw)
      if (newline) this.pending.push(NEWLINE)
    }
    this.opts.onLine(text)
  }

  /** One log write per chunk read, not per line: a command printing short lines fast would
   *  otherwise spend the host's time in stream bookkeeping (measured by `npm run bench`). */
  private flushLog(): void {
    if (!this.log || this.pending.length === 0) return
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending)
    this.pending = []
    // Pause the guest rather than buffer without bound when the disk is slower.
    if (!this.log.write(data) && this.socket && !this.socket.isPaused()) {
      this.socket.pause()
      this.log.onDrain(() => this.socket?.resume())
    }
  }

  /** Output that reached us another way (the agent's capture), through the same log/lines. */
  inject(data: Buffer): void {
    const split = new LineSplitter((text, raw, newline) => this.emit(text, raw, newline))
    split.push(data)
    split.end()
    this.flushLog()
  }

  /** Deliver a trailing partial line to the log and the lines; the log stays open. */
  async close(): Promise<void> {
    this.socket?.destroy()
    this.splitter.end()
    this.flushLog()
    this.log = undefined
  }
}
