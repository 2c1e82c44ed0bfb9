// Finds the line of every key and table header in a TOML document. smol-toml returns plain
// values without positions, but warnings and errors must point at a line (`vmtest.toml:12`),
// so this is a small lexer that only understands enough TOML to skip values correctly: the four
// string forms (a `[[target]]` or `key =` inside a multi-line string is text, not structure),
// arrays and inline tables spanning lines, and comments.
//
// It runs only on documents smol-toml already accepted, so it can be lenient; it never throws
// and always advances, so a surprise costs a line number, not a crash.

/** A key path as it appears in the parsed data: array-of-tables elements are indices. */
export type KeyPath = readonly (string | number)[]

export class KeyLocator {
  private readonly lines = new Map<string, number>()

  add(path: KeyPath, line: number): void {
    const k = JSON.stringify(path)
    if (!this.lines.has(k)) this.lines.set(k, line)
  }

  /** The line where exactly this key / table / array element is defined. */
  lineOf(path: KeyPath): number | undefined {
    return this.lines.get(JSON.stringify(path))
  }

  /** The line of the key, else of its closest located ancestor (e.g. a missing key → the
   *  `[[target]]` header of its target). */
  nearestLine(path: KeyPath): number | undefined {
    for (let n = path.length; n > 0; n--) {
      const line = this.lineOf(path.slice(0, n))
      if (line !== undefined) return line
    }
    return undefined
  }
}

const BARE_KEY = /[A-Za-z0-9_-]/

class Scanner {
  pos = 0
  line = 1
  constructor(readonly s: string) {}

  get eof(): boolean {
    return this.pos >= this.s.length
  }
  peek(offset = 0): string {
    return this.s[this.pos + offset] ?? ''
  }
  at(token: string): boolean {
    return this.s.startsWith(token, this.pos)
  }
  advance(n = 1): void {
    for (let i = 0; i < n && !this.eof; i++) {
      if (this.s[this.pos] === '\n') this.line++
      this.pos++
    }
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++
  }
  skipComment(): void {
    if (this.peek() !== '#') return
    while (!this.eof && this.peek() !== '\n') this.pos++
  }
  /** Whitespace, newlines and comments (inside arrays and TOML 1.1 inline tables). */
  skipBlank(): void {
    for (;;) {
      const c = this.peek()
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.advance()
      else if (c === '#') this.skipComment()
      else return
    }
  }
  skipToNextLine(): void {
    while (!this.eof && this.peek() !== '\n') this.pos++
    this.advance()
  }
}

/** Decode the escapes of a TOML basic string (keys only; values come from smol-toml). */
function decodeBasic(raw: string): string {
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'b':
        return '\b'
      case 't':
        return '\t'
      case 'n':
        return '\n'
      case 'f':
        return '\f'
      case 'r':
        return '\r'
      case 'e':
        return '\x1b'
      case 'u':
      case 'U':
      case 'x': {
        const cp = Number.parseInt(e.slice(1), 16)
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : ''
      }
      default:
        return e
    }
  })
}

function readQuotedKey(sc: Scanner): string {
  const quote = sc.peek()
  sc.advance()
  const start = sc.pos
  while (!sc.eof && sc.peek() !== quote && sc.peek() !== '\n') {
    if (quote === '"' && sc.peek() === '\\') sc.advance()
    sc.advance()
  }
  const raw = sc.s.slice(start, sc.pos)
  if (sc.peek() === quote) sc.advance()
  return quote === '"' ? decodeBasic(raw) : raw
}

/** A dotted key `a."b c".'d'`; [] when there is no key here. */
function readKey(sc: Scanner): string[] {
  const segs: string[] = []
  for (;;) {
    sc.skipSpaces()
    const c = sc.peek()
    if (c === '"' || c === "'") {
      segs.push(readQuotedKey(sc))
    } else {
      const start = sc.pos
      while (BARE_KEY.test(sc.peek())) sc.pos++
      if (sc.pos === start) return segs
      segs.push(sc.s.slice(start, sc.pos))
    }
    sc.skipSpaces()
    if (sc.peek() !== '.') return segs
    sc.advance()
  }
}

function skipString(sc: Scanner): void {
  const q = sc.peek()
  const triple = q + q + q
  if (sc.at(triple)) {
    sc.advance(3)
    while (!sc.eof) {
      if (q === '"' && sc.peek() === '\\') {
        sc.advance(2)
      } else if (sc.at(triple)) {
        sc.advance(3)
        // Up to two quotes may sit right before the closing delimiter (`"""a"""""`).
        for (let i = 0; i < 2 && sc.peek() === q; i++) sc.advance()
        return
      } else {
        sc.advance()
      }
    }
    return
  }
  sc.advance()
  while (!sc.eof && sc.peek() !== '\n') {
    if (q === '"' && sc.peek() === '\\') {
      sc.advance(2)
      continue
    }
    const c = sc.peek()
    sc.advance()
    if (c === q) return
  }
}

/** `key = value` under `path` (a table's or an inline table's): the key's line is recorded,
 *  then the value is read (its own keys too, for an inline table). */
function readKeyValue(sc: Scanner, path: KeyPath, out: KeyLocator): void {
  const line = sc.line
  const segs = readKey(sc)
  sc.skipSpaces()
  if (segs.length > 0 && sc.peek() === '=') {
    sc.advance()
    const full = [...path, ...segs]
    out.add(full, line)
    readValue(sc, full, out)
  }
}

function readValue(sc: Scanner, path: KeyPath, out: KeyLocator): void {
  sc.skipSpaces()
  const c = sc.peek()
  if (c === '"' || c === "'") {
    skipString(sc)
  } else if (c === '[') {
    sc.advance()
    for (let i = 0; !sc.eof; i++) {
      sc.skipBlank()
      if (sc.peek() === ']') {
        sc.advance()
        return
      }
      const before = sc.pos
      out.add([...path, i], sc.line)
      readValue(sc, [...path, i], out)
      sc.skipBlank()
      if (sc.peek() === ',') sc.advance()
      else if (sc.peek() !== ']' && sc.pos === before) sc.advance()
    }
  } else if (c === '{') {
    sc.advance()
    while (!sc.eof) {
      sc.skipBlank()
      if (sc.peek() === '}') {
        sc.advance()
        return
      }
      const before = sc.pos
      readKeyValue(sc, path, out)
      sc.skipBlank()
      if (sc.peek() === ',') sc.advance()
      else if (sc.peek() !== '}' && sc.pos === before) sc.advance()
    }
  } else {
    // Number, boolean, date: ends at a separator, a comment or the end of the line.
    while (!sc.eof && !',]}#\n'.includes(sc.peek())) sc.pos++
  }
}

export function locateKeys(source: string): KeyLocator {
  const out = new KeyLocator()
  try {
    scanDocument(new Scanner(source), out)
  } catch {
    // Defensive only: positions are a convenience and must never break loading.
  }
  return out
}

function scanDocument(sc: Scanner, out: KeyLocator): void {
  // How many elements each array of tables has so far, keyed by its resolved path.
  const aotCounts = new Map<string, number>()
  // A dotted header path where every segment naming an array of tables continues into its
  // latest element, as TOML defines (`[target.vm]` belongs to the last `[[target]]`).
  const resolve = (segs: string[]): (string | number)[] => {
    const p: (string | number)[] = []
    for (const seg of segs) {
      p.push(seg)
      const n = aotCounts.get(JSON.stringify(p))
      if (n !== undefined) p.push(n - 1)
    }
    return p
  }
  let table: (string | number)[] = []

  while (!sc.eof) {
    const start = sc.pos
    sc.skipSpaces()
    const c = sc.peek()
    if (c === '\n' || c === '\r') {
      sc.advance()
    } else if (c === '#') {
      sc.skipComment()
    } else if (sc.at('[[')) {
      const line = sc.line
      sc.advance(2)
      const segs = readKey(sc)
      if (segs.length > 0) {
        const prefix = resolve(segs.slice(0, -1))
        const arr = [...prefix, segs[segs.length - 1]]
        const key = JSON.stringify(arr)
        const n = aotCounts.get(key) ?? 0
        aotCounts.set(key, n + 1)
        table = [...arr, n]
        out.add(arr, line)
        out.add(table, line)
      }
      sc.skipToNextLine()
    } else if (c === '[') {
      const line = sc.line
      sc.advance()
      const segs = readKey(sc)
      if (segs.length > 0) {
        table = resolve(segs)
        out.add(table, line)
      }
      sc.skipToNextLine()
    } else {
      readKeyValue(sc, table, out)
      sc.skipToNextLine()
    }
    if (sc.pos === start) sc.advance()
  }
}
