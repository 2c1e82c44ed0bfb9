// Byte stream → lines, without losing anything: a last line without a newline is delivered
// at end(), and a single huge line is delivered in bounded pieces instead of growing a buffer
// without limit. '\r' before '\n' is dropped (serial consoles send CRLF).
export const MAX_LINE_BYTES = 1024 * 1024

export class LineSplitter {
  private pending: Buffer[] = []
  private pendingBytes = 0

  /** `onLine(text, raw, newline)`: `raw` is the exact bytes, `newline` whether a '\n' ended them. */
  constructor(
    private readonly onLine: (text: string, raw: Buffer, newline: boolean) => void,
    /** Bytes kept back when a huge line is cut, so a marker at its end is never split. */
    private readonly holdBack = 0,
  ) {}

  push(chunk: Buffer): void {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(10, start)
      if (nl < 0) break
      const piece = chunk.subarray(start, nl)
      const raw = this.pendingBytes ? Buffer.concat([...this.pending, piece]) : piece
      this.pending = []
      this.pendingBytes = 0
      this.deliver(raw, true)
      start = nl + 1
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start)
      this.pending.push(rest)
      this.pendingBytes += rest.length
      if (this.pendingBytes >= MAX_LINE_BYTES) {
        const all = Buffer.concat(this.pending)
        const keep = all.subarray(all.length - this.holdBack)
        this.pending = keep.length ? [keep] : []
        this.pendingBytes = keep.length
        this.deliver(all.subarray(0, all.length - this.holdBack), false)
      }
    }
  }

  end(): void {
    if (this.pendingBytes) {
      const raw = Buffer.concat(this.pending)
      this.pending = []
      this.pendingBytes = 0
      this.deliver(raw, false)
    }
  }

  private deliver(raw: Buffer, newline: boolean): void {
    let text = raw.toString('utf8')
    if (text.endsWith('\r')) text = text.slice(0, -1)
    this.onLine(text, raw, newline)
  }
}
