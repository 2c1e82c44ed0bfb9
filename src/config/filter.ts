import type { Target } from '../plan/types.js'
import { ConfigError } from './errors.js'

/** Compile a `--filter` / `filter` regex; a bad one is a ConfigError naming it. */
export function compileFilter(pattern: string): RegExp {
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
    throw new ConfigError(`Failed to compile regex '${pattern}': ${why}`, { cause: e })
  }
}

/** Targets whose name the regex matches anywhere (unanchored, like upstream's is_match). */
export function filterTargets(targets: readonly Target[], pattern: string | RegExp): Target[] {
  const re = typeof pattern === 'string' ? compileFilter(pattern) : pattern
  // A 'g'/'y' regex keeps lastIndex between test() calls: use a fresh, stateless copy.
  const search = new RegExp(re.source, re.flags.replace(/[gy]/g, ''))
  return targets.filter((t) => search.test(t.name))
}
