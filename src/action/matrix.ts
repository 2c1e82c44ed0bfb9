// The `matrix` output of plan_only: one entry per target, for a second job's
// `strategy.matrix` that runs each target on its own runner with `filter`. The filter is an
// anchored, escaped regex so it selects exactly that one target.
import type { Plan } from '../plan/types.js'

export interface MatrixEntry {
  name: string
  filter: string
  arch: string
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

export function matrixOf(plan: Plan): { include: MatrixEntry[] } {
  return { include: plan.targets.map((t) => ({ name: t.name, filter: `^${escapeRegex(t.name)}$`, arch: t.arch })) }
}
