// The `matrix` output of plan_only: one entry per target, for a second job's
// `strategy.matrix` that runs each target on its own runner with `filter`:
//
//   strategy:
//     matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}
//   steps:
//     - uses: …/vmtest-action@v1
//       with: { config: vmtest.toml, filter: '${{ matrix.filter }}' }
//
// The filter is the target's name as an anchored, escaped regex, so it selects that one
// target and no other, whatever characters the name holds (see compileFilter: no `u` flag,
// so escaped punctuation is accepted, as in Rust's regex crate).
import type { Plan } from '../plan/types.js'

interface MatrixEntry {
  /** The target's name (for the job's name: `name: ${{ matrix.name }}`). */
  name: string
  /** `^<name, escaped>$`: the `filter` input that selects exactly this target. */
  filter: string
  arch: string
}

/** Escape every character that has a meaning in a JavaScript (or Rust) regex, and write
 *  control characters as `\xNN` (same meaning in both), so the filter passes the `filter`
 *  input's one-line rule whatever the name holds. */
export function escapeRegex(text: string): string {
  return (
    text
      .replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
      // eslint-disable-next-line no-control-regex
      .replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  )
}

/** The filter that selects the target named `name`, and only it. */
export function exactFilter(name: string): string {
  return `^${escapeRegex(name)}$`
}

/**
 * `{ include: [...] }`, one entry per target in plan order. Targets that share a name (a
 * filter cannot tell them apart) share one entry, so each runner's job still runs a distinct
 * set and every target runs exactly once.
 */
export function matrixOf(plan: Plan): { include: MatrixEntry[] } {
  const seen = new Set<string>()
  const include: MatrixEntry[] = []
  for (const t of plan.targets) {
    if (seen.has(t.name)) continue
    seen.add(t.name)
    include.push({ name: t.name, filter: exactFilter(t.name), arch: t.arch })
  }
  return { include }
}
