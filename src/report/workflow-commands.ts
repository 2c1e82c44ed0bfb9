// Workflow command lines (`::group::`, `::stop-commands::`) formatted as the runner parses
// them, and the protection that keeps guest output from issuing any.
//
// The runner treats a stdout line as a command when, after leading whitespace, it starts
// with `::` (`::error::x`, `::add-mask::s`, …) or when it contains `##[` anywhere (the old
// `##[cmd]` syntax). `::stop-commands::<token>` turns both off until a line `::<token>::`, so
// every block of guest text is wrapped in one with a fresh random token that the guest
// cannot know in advance.
import { randomUUID } from 'node:crypto'
import { oneLine } from '../analysis/text.js'

/** As @actions/core escapes a command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** As @actions/core escapes a command's property values. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** `::name k=v,k=v::message` (no trailing newline). */
export function formatCommand(
  name: string,
  props: Record<string, string | number | undefined>,
  message: string,
): string {
  const kv = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
  return `::${name}${kv.length > 0 ? ` ${kv.join(',')}` : ''}::${escapeData(message)}`
}

/**
 * User text (a target name, an error summary) made safe on a line of our own outside a
 * stop-commands block: one line, no leading `::`, and `##[` broken with a zero-width space
 * so the runner's legacy parser does not see a command.
 */
export function neutralize(text: string): string {
  return oneLine(text).replace(/##\[/g, '##\u200b[').replace(/^::/, ':\u200b:')
}

/** A token the guest cannot predict; the runner rejects reserved command names, a UUID is none. */
function newStopToken(): string {
  return randomUUID()
}

/**
 * Lines of untrusted text wrapped so the runner processes no command in them. Each line is
 * split further at CR (the runner's line reader splits there too); the result is one string
 * ending in a newline.
 *
 * The one change made to guest text: a line that starts with `##[` gets a zero-width space
 * after the `##`. The runner leaves such a line alone inside the block, but the log viewer
 * renders `##[group]` / `##[endgroup]` / `##[error]` at the start of a line itself, so a
 * guest could otherwise close our group early or fake an error line.
 */
export function protectedBlock(lines: string[], token: string = newStopToken()): string {
  let out = `::stop-commands::${token}\n`
  for (const line of lines) {
    for (const part of line.replace(/[\r\n]+$/, '').split(/\r\n|\r|\n/)) {
      out += `${part.replace(/^(\s*)##\[/, '$1##\u200b[')}\n`
    }
  }
  out += `::${token}::\n`
  return out
}

/** `::group::title` … `::endgroup::` around a protected block of `lines`. */
export function groupBlock(title: string, lines: string[], emptyNote = '(no output)'): string {
  const head = `${formatCommand('group', {}, neutralize(title))}\n`
  const body = lines.length > 0 ? protectedBlock(lines) : `${emptyNote}\n`
  return `${head}${body}::endgroup::\n`
}
