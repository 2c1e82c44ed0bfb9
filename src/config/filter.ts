// `filter` / `--filter`: upstream's unanchored regex over target names, with errors that name
// where the pattern came from, and the message for a filter that matches nothing.
import type { Target } from '../plan/types.js'
import { ConfigError } from './errors.js'

/**
 * Compile a `--filter` / `filter` regex; a bad one is a ConfigError naming it and, when
 * `what` is given (the action's `input 'filter'`), where it came from.
 */
export function compileFilter(pattern: string, what?: string): RegExp {
  // Rust's regex crate (upstream's engine) spells flags inline: `(?i)kernel`. Node 20 has no
  // inline modifiers, so a leading group of the flags both engines share becomes JS flags.
  const inline = /^\(\?([ims]+)\)/.exec(pattern)
  const source = inline ? pattern.slice(inline[0].length) : pattern
  const flags = inline ? [...new Set(inline[1])].join('') : ''
  try {
    // No 'u' flag: like the regex crate, it accepts escaped punctuation such as `\-`
    // (which the action's `matrix` output uses in its exact-name filters).
    return new RegExp(source, flags)
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    // Upstream's wording first, so scripts that grep for it keep working.
    throw new ConfigError(`Failed to compile regex '${pattern}'${what ? ` (${what})` : ''}: ${why}`, { cause: e })
  }
}

/** Targets whose name the regex matches anywhere (unanchored, like upstream's is_match). */
export function filterTargets(targets: readonly Target[], pattern: string | RegExp): Target[] {
  const re = typeof pattern === 'string' ? compileFilter(pattern) : pattern
  // A 'g'/'y' regex keeps lastIndex between test() calls: use a fresh, stateless copy.
  const search = new RegExp(re.source, re.flags.replace(/[gy]/g, ''))
  return targets.filter((t) => search.test(t.name))
}

const LISTED_NAMES = 20

/**
 * "filter 'x' matches none of the 3 target(s) in vmtest.toml: 'a', 'b', 'c'": said when a
 * filter selects nothing, so a renamed target (or a typo) is visible. `label` names the
 * filter as the front end spells it (`--filter`, `filter`).
 */
export function noMatchMessage(
  label: string,
  pattern: string,
  all: readonly Pick<Target, 'name'>[],
  configName: string,
): string {
  const names = all.slice(0, LISTED_NAMES).map((t) => `'${t.name}'`)
  if (all.length > LISTED_NAMES) names.push(`… and ${all.length - LISTED_NAMES} more`)
  return `${label} '${pattern}' matches none of the ${all.length} target(s) in ${configName}: ${names.join(', ')}`
}
