// Small text helpers shared by the reporters. Guest and kernel output is untrusted text: it
// can carry ANSI escapes, carriage returns and other control characters that would corrupt a
// terminal window, a markdown table or a log line. Everything here is pure.

// CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), and the two-character escapes.
// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]/g
// C0 controls except tab, plus DEL and the C1 range.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g

/** Removes ANSI escape sequences (colours, cursor movement, OSC titles). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_RE, '')
}

/**
 * One line of untrusted output made safe to show as a single line: no ANSI, no trailing
 * whitespace, tabs expanded, other control characters (CR included) dropped.
 */
export function cleanLine(line: string): string {
  return expandTabs(stripAnsi(line).replace(CONTROL_RE, '')).trimEnd()
}

/** Untrusted text squeezed onto one line (for titles and table cells): newlines become spaces. */
export function oneLine(text: string): string {
  return stripAnsi(text)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(CONTROL_RE, '')
    .replace(/\t/g, ' ')
    .trim()
}

export function expandTabs(line: string, width = 8): string {
  if (!line.includes('\t')) return line
  let out = ''
  for (const ch of line) {
    if (ch === '\t') out += ' '.repeat(width - (out.length % width))
    else out += ch
  }
  return out
}

/** Cuts a string to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  if (max <= 1) return text.slice(0, max)
  return text.slice(0, max - 1) + '…'
}

/** Splits multi-line text (error messages) into lines, dropping a final empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/)
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** Human duration: `0.4s`, `12.3s`, `2m05s`, `1h02m03s`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?'
  if (seconds < 60) return `${seconds.toFixed(1)}s`
  const total = Math.round(seconds)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const mm = String(m).padStart(2, '0')
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}h${mm}m${ss}s` : `${m}m${ss}s`
}

/** Keeps the last `max` items pushed; counts how many were dropped. */
export class Tail<T> {
  private items: T[] = []
  private chars = 0
  dropped = 0
  /** `maxChars` bounds string items by size too: many 1 MB lines must not pile up in memory. */
  constructor(
    readonly max: number,
    readonly maxChars = Infinity,
  ) {}
  push(item: T): void {
    this.items.push(item)
    if (typeof item === 'string') this.chars += item.length
    // Trim in batches so pushing stays O(1) amortised.
    if (this.items.length > this.max * 2) this.dropFront(this.items.length - this.max)
    if (this.chars > this.maxChars * 2) {
      let excess = 0
      let chars = this.chars
      while (chars > this.maxChars && excess < this.items.length - 1) chars -= String(this.items[excess++]).length
      this.dropFront(excess)
    }
  }
  private dropFront(n: number): void {
    for (const it of this.items.splice(0, n)) if (typeof it === 'string') this.chars -= it.length
    this.dropped += n
  }
  get total(): number {
    return this.dropped + this.items.length
  }
  toArray(): T[] {
    if (this.items.length <= this.max) return this.items.slice()
    return this.items.slice(this.items.length - this.max)
  }
  /** Items not in toArray(): those dropped plus any still held beyond `max`. */
  get omitted(): number {
    return this.total - Math.min(this.items.length, this.max)
  }
  last(n: number): T[] {
    const all = this.toArray()
    return all.slice(Math.max(0, all.length - n))
  }
}
