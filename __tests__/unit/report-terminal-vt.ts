/* eslint-disable no-control-regex -- a terminal reads ANSI escape sequences */
// A small terminal for the live-view tests, modelled on tmux 3.3 (what the issue was seen
// in): a fixed-size screen with scrollback, line wrap, `\n` as CR LF (the tty's onlcr),
// cursor movement (CSI A B E F G H), erase in line (CSI K) and in display (CSI J), SGR
// ignored. Like tmux with its default `scroll-on-clear`, erasing the display from the top
// left corner pushes the screen into the scrollback instead of discarding it: that is how a
// redraw with ESC[J filled the history with stale copies. Characters are one column each.

export class Vt {
  readonly history: string[] = []
  private screen: string[][]
  private r = 0
  private c = 0
  private pendingWrap = false

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.screen = Array.from({ length: rows }, () => this.blank())
  }

  private blank(): string[] {
    return Array<string>(this.cols).fill(' ')
  }

  private lineFeed(): void {
    this.pendingWrap = false
    if (this.r < this.rows - 1) {
      this.r++
      return
    }
    this.history.push(this.screen.shift()!.join('').trimEnd())
    this.screen.push(this.blank())
  }

  private put(ch: string): void {
    if (this.pendingWrap) {
      this.c = 0
      this.lineFeed()
    }
    this.screen[this.r]![this.c] = ch
    if (this.c === this.cols - 1) this.pendingWrap = true
    else this.c++
  }

  private eraseDisplay(mode: number): void {
    if (mode === 2 || (mode === 0 && this.r === 0 && this.c === 0)) {
      // scroll-on-clear: the used part of the screen goes into the history.
      const used = this.screenLines()
      this.history.push(...used)
      this.screen = Array.from({ length: this.rows }, () => this.blank())
      return
    }
    for (let x = this.c; x < this.cols; x++) this.screen[this.r]![x] = ' '
    for (let y = this.r + 1; y < this.rows; y++) this.screen[y] = this.blank()
  }

  private csi(n: number | undefined, final: string): void {
    const k = n ?? 1
    if ('ABEFGH'.includes(final)) this.pendingWrap = false
    switch (final) {
      case 'A':
        this.r = Math.max(0, this.r - k)
        break
      case 'B':
        this.r = Math.min(this.rows - 1, this.r + k)
        break
      case 'E':
        this.r = Math.min(this.rows - 1, this.r + k)
        this.c = 0
        break
      case 'F':
        this.r = Math.max(0, this.r - k)
        this.c = 0
        break
      case 'G':
        this.c = Math.min(this.cols - 1, k - 1)
        break
      case 'H':
        this.r = 0
        this.c = 0
        break
      case 'K': {
        const from = (n ?? 0) === 0 ? this.c : 0
        const to = (n ?? 0) === 1 ? this.c + 1 : this.cols
        for (let x = from; x < to; x++) this.screen[this.r]![x] = ' '
        break
      }
      case 'J':
        this.eraseDisplay(n ?? 0)
        break
    }
  }

  write(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string
      if (ch === '\x1b') {
        const m = /^\x1b\[([0-9;?]*)([@-~])/.exec(text.slice(i, i + 32))
        if (m) {
          this.csi(m[1] === '' ? undefined : Number(m[1]), m[2] as string)
          i += m[0].length - 1
        }
        continue
      }
      if (ch === '\n') {
        this.c = 0
        this.lineFeed()
      } else if (ch === '\r') {
        this.c = 0
        this.pendingWrap = false
      } else {
        this.put(ch)
      }
    }
  }

  /** The screen's rows, up to the last non-blank one. */
  screenLines(): string[] {
    const lines = this.screen.map((row) => row.join('').trimEnd())
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
    return lines
  }

  /** Everything, as `tmux capture-pane -p -S -` shows it: history then screen. */
  all(): string[] {
    return [...this.history, ...this.screenLines()]
  }
}
