// The rules for values that come from outside and are later printed, fetched or handed to
// QEMU: plain text without control characters, http(s) URLs, SHA-256 digests, byte sizes.
// One home so the action inputs, the CLI flags and the downloader accept exactly the same
// things and say the same thing when they do not.

/** Thrown for a bad flag or input value; the message names it (`--accel`, `input 'cpus'`). */
export class ValueError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ValueError'
  }
}

// C0 controls, DEL and C1 controls. A newline in a one-line value (a URL, a path) would
// start a new log line, which the Actions runner may read as a workflow command.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f]/
// The same, minus newline and tab, for values meant to span lines (a script, a list).
// eslint-disable-next-line no-control-regex
const CONTROL_MULTILINE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\x00-\x1f\x7f-\x9f]/g

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
const SHOWN_MAX = 120

/**
 * A value quoted for an error message: control characters written as escapes (`\n`,
 * `\x1b`), so the message stays one harmless line whatever the value holds, and long values
 * cut.
 */
export function showValue(value: string): string {
  const cut = value.length > SHOWN_MAX ? `${value.slice(0, SHOWN_MAX)}…` : value
  const escaped = cut.replace(CONTROL_ALL, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  return `'${escaped}'`
}

/** The value unchanged, or a ValueError naming `what` when it holds a control character
 *  (newline and tab allowed when `multiline`). */
export function plainText(value: string, what: string, multiline = false): string {
  const m = (multiline ? CONTROL_MULTILINE : CONTROL).exec(value)
  if (m) {
    const at = showValue(m[0]).slice(1, -1)
    const allowed = multiline ? 'only newlines and tabs are allowed' : 'it must be one line of text'
    throw new ValueError(
      `invalid value ${showValue(value)} for ${what}: control character ${at} at offset ${m.index} (${allowed})`,
    )
  }
  return value
}

/** An absolute http:// or https:// URL, returned as given. */
export function parseHttpUrl(value: string, what: string): string {
  plainText(value, what)
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new ValueError(`invalid value ${showValue(value)} for ${what}: expected an http:// or https:// URL`)
  }
  return value
}

const SHA256 = /^(?:sha256:)?([0-9a-f]{64})$/i

/** A SHA-256 digest: 64 hex digits, either case, optionally prefixed `sha256:` (as
 *  registries print them). Returns the 64 digits in lower case. */
export function parseSha256(value: string, what: string): string {
  const m = SHA256.exec(value)
  if (!m)
    throw new ValueError(
      `invalid value ${showValue(value)} for ${what}: expected a SHA-256: 64 hex digits, optionally prefixed with sha256:`,
    )
  return m[1].toLowerCase()
}

const SIZE = /^(\d+)([KMG]?)$/i
const UNIT: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }

/** A size in bytes > 0: a number, optionally with a K, M or G suffix (powers of 1024). */
export function parseByteSize(value: string, what: string): number {
  const m = SIZE.exec(value)
  const n = m ? Number(m[1]) * UNIT[m[2].toUpperCase()] : NaN
  if (!(n > 0) || !Number.isSafeInteger(n)) {
    throw new ValueError(
      `invalid value ${showValue(value)} for ${what}: expected a size in bytes > 0, optionally with a K, M or G suffix (e.g. 512K, 100M, 2G)`,
    )
  }
  return n
}

/** The inverse of parseByteSize for round sizes: 1073741824 → `1G`. */
export function formatByteSize(bytes: number): string {
  for (const unit of ['G', 'M', 'K']) if (bytes % UNIT[unit] === 0) return `${bytes / UNIT[unit]}${unit}`
  return String(bytes)
}
