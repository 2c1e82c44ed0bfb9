// Small parsers shared by CLI flags and action inputs, each failing with a message that names
// the flag / input and lists what is allowed.
import { showValue, ValueError } from './values.js'

export function parseChoice<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new ValueError(`invalid value ${showValue(value)} for ${what}: expected one of ${allowed.join(', ')}`)
}

/** Seconds > 0, decimals allowed (`90`, `1.5`). */
export function parsePositiveSeconds(value: string, what: string): number {
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN
  if (!(n > 0)) throw new ValueError(`invalid value ${showValue(value)} for ${what}: expected a number of seconds > 0`)
  return n
}

export function parseIntInRange(value: string, min: number, max: number, what: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ValueError(`invalid value ${showValue(value)} for ${what}: expected an integer ${min}..${max}`)
  }
  return n
}

/** `N` (1..1024) or `auto`. */
export function parseJobs(value: string, what: string): number | 'auto' {
  if (value === 'auto') return 'auto'
  const n = /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(n) || n < 1 || n > 1024) {
    throw new ValueError(
      `invalid value ${showValue(value)} for ${what}: expected a number of parallel targets >= 1, or auto`,
    )
  }
  return n
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Environment variable names separated by commas, spaces or newlines. */
export function parseEnvNames(value: string, what: string): string[] {
  const names = value.split(/[\s,]+/).filter((s) => s !== '')
  const bad = names.filter((n) => !ENV_NAME.test(n))
  if (bad.length > 0) {
    throw new ValueError(
      `invalid environment variable name${bad.length > 1 ? 's' : ''} ${bad.map(showValue).join(', ')} in ${what}: expected letters, digits and _ (not starting with a digit)`,
    )
  }
  return names
}

/**
 * Split a string into words like a POSIX shell does, without any expansion: whitespace
 * (newlines included) separates words; '…' keeps everything literally; "…" keeps everything
 * but `\"`, `\\`, `\$` and `` \` `` which lose their backslash; outside quotes a backslash
 * keeps the next character literally. Used for `extra_args`, where QEMU options may contain
 * spaces (`-append "a b"`).
 */
export function splitShellWords(text: string, what: string): string[] {
  const words: string[] = []
  let cur = ''
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) throw new ValueError(`unterminated ' quote in ${what}`)
      cur += text.slice(i + 1, end)
      inWord = true
      i = end
    } else if (c === '"') {
      inWord = true
      let j = i + 1
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1])) j++
        cur += text[j]
      }
      if (j >= text.length) throw new ValueError(`unterminated " quote in ${what}`)
      i = j
    } else if (c === '\\') {
      if (i + 1 < text.length) {
        // A backslash-newline joins lines, as in a shell.
        if (text[i + 1] !== '\n') {
          cur += text[i + 1]
          inWord = true
        }
        i++
      }
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur)
      cur = ''
      inWord = false
    } else {
      cur += c
      inWord = true
    }
  }
  if (inWord) words.push(cur)
  return words
}
