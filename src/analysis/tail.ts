// The one bounded line buffer: the last lines of a stream, bounded by count and by size. The
// engine keeps the console this way for splat detection, the reporters keep their log groups,
// rolling windows and failure tails this way. A guest printing megabyte-long lines for hours
// must not make the host hold more than the bounds.

/**
 * The last lines pushed: at most `maxLines` of them and, past that, about `maxChars`
 * characters (the newest line is always kept, however long). Pushing is O(1) amortised:
 * dropped lines are skipped by an index and the array is compacted in batches (a splice per
 * line made a 50 MB output take minutes).
 */
export class LineTail {
  private lines: string[] = []
  private head = 0
  private chars = 0
  private dropped = 0

  constructor(
    readonly maxLines: number,
    readonly maxChars = Number.POSITIVE_INFINITY,
  ) {}

  push(line: string): void {
    this.lines.push(line)
    this.chars += line.length
    while (this.kept > this.maxLines || (this.chars > this.maxChars && this.kept > 1)) {
      this.chars -= this.lines[this.head].length
      this.head++
      this.dropped++
    }
    if (this.head >= 1024 && this.head * 2 >= this.lines.length) {
      this.lines = this.lines.slice(this.head)
      this.head = 0
    }
  }

  /** Lines held now. */
  get kept(): number {
    return this.lines.length - this.head
  }

  /** Lines ever pushed. */
  get total(): number {
    return this.dropped + this.kept
  }

  /** Lines pushed but no longer held. */
  get omitted(): number {
    return this.dropped
  }

  toArray(): string[] {
    return this.lines.slice(this.head)
  }

  /** The newest `n` lines held (fewer when fewer are held). */
  last(n: number): string[] {
    return this.lines.slice(Math.max(this.head, this.lines.length - Math.max(0, n)))
  }
}
