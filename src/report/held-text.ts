// Text held back for later, in order, with bounded memory: past `memoryChars` it goes to a
// private temp file and is read back when released. The CLI's plain mode holds a parallel
// target's output until the targets before it finish; a target printing gigabytes meanwhile
// must not grow the process without bound.
import { appendFileSync, closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import { registerCleanup } from '../util/cleanup.js'

const HELD_IN_MEMORY_CHARS = 4 * 1024 * 1024
/** Spilled text is appended in pieces of about this size, and read back in these. */
const SPILL_PIECE = 1024 * 1024

interface Spill {
  dir: string
  file: string
  unregister: () => void
}

export class HeldText {
  private chunks: string[] = []
  private chars = 0
  private spill?: Spill

  constructor(private readonly memoryChars = HELD_IN_MEMORY_CHARS) {}

  /** True when nothing is held. */
  get empty(): boolean {
    return this.chars === 0 && !this.spill
  }

  push(text: string): void {
    this.chunks.push(text)
    this.chars += text.length
    if (this.spill ? this.chars >= SPILL_PIECE : this.chars > this.memoryChars) this.toFile()
  }

  /** Hands everything held to `write`, oldest first, and forgets it. */
  release(write: (text: string) => void): void {
    if (this.spill) {
      this.toFile()
      const { file } = this.spill
      const fd = openSync(file, 'r')
      try {
        const decoder = new StringDecoder('utf8')
        const buf = Buffer.alloc(SPILL_PIECE)
        for (;;) {
          const n = readSync(fd, buf, 0, buf.length, null)
          if (n === 0) break
          const text = decoder.write(buf.subarray(0, n))
          if (text) write(text)
        }
        const rest = decoder.end()
        if (rest) write(rest)
      } finally {
        closeSync(fd)
        this.dropFile()
      }
    } else if (this.chunks.length) {
      write(this.chunks.join(''))
    }
    this.chunks = []
    this.chars = 0
  }

  /** Drops what is held (and its file) without writing it. */
  discard(): void {
    this.chunks = []
    this.chars = 0
    if (this.spill) this.dropFile()
  }

  private toFile(): void {
    if (!this.spill) {
      const dir = mkdtempSync(join(tmpdir(), 'vmtest-held-'))
      this.spill = {
        dir,
        file: join(dir, 'text'),
        unregister: registerCleanup(() => rmSync(dir, { recursive: true, force: true })),
      }
    }
    if (this.chunks.length) appendFileSync(this.spill.file, this.chunks.join(''))
    this.chunks = []
    this.chars = 0
  }

  private dropFile(): void {
    const spill = this.spill
    if (!spill) return
    this.spill = undefined
    rmSync(spill.dir, { recursive: true, force: true })
    spill.unregister()
  }
}
