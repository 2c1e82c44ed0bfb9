// A bounded excerpt of a test's output for its failure report. Test programs print the
// useful line anywhere: kselftest's `[FAIL]` early, then pages of progress, then the result.
// Keeping only the last lines (a tail) drops the line that explains the failure, and keeping
// everything is unbounded. So an excerpt keeps the first lines, the last lines and, in
// between, the lines that look like a failure report, each cut to a fixed width.

const HEAD = 6
const TAIL = 20
const SALIENT = 10
const WIDTH = 300

/** Lines that usually say what went wrong, whatever the test framework. */
const SALIENT_RE =
  /FAIL|not ok|Bail out|\berror\b|Error|ERROR|Expected|expected|assert|Assert|WARNING|BUG:|Oops|Call Trace/

export interface Excerpt {
  add(line: string): void
  /** The kept lines in output order, with `…` where lines were left out. */
  lines(): string[]
  /** How many lines were added since the last reset. */
  readonly count: number
  reset(): void
}

function cut(line: string): string {
  return line.length > WIDTH ? `${line.slice(0, WIDTH - 1)}…` : line
}

export function createExcerpt(): Excerpt {
  let head: string[] = []
  let salient: { at: number; text: string }[] = []
  /** Ring buffer of the last TAIL lines, with the index each line had. */
  let tail: { at: number; text: string }[] = []
  let count = 0

  const add = (line: string): void => {
    const text = cut(line)
    const at = count++
    if (head.length < HEAD) {
      head.push(text)
      return
    }
    tail.push({ at, text })
    if (tail.length > TAIL) {
      const out = tail.shift()
      if (out && salient.length < SALIENT && SALIENT_RE.test(out.text)) salient.push(out)
    }
  }

  const lines = (): string[] => {
    const out = head.slice()
    let next = head.length
    for (const e of [...salient, ...tail]) {
      if (e.at > next) out.push('…')
      out.push(e.text)
      next = e.at + 1
    }
    return out
  }

  const reset = (): void => {
    head = []
    salient = []
    tail = []
    count = 0
  }

  return {
    add,
    lines,
    reset,
    get count() {
      return count
    },
  }
}
