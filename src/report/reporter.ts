// The reporter interface: every output of a run (terminal, Actions log groups, job summary,
// annotations, JSON) is a consumer of the engine's events and nothing else.
import type { EngineEvent } from '../plan/events.js'
import type { Target } from '../plan/types.js'

export interface Reporter {
  onEvent(e: EngineEvent): void
  /** Flush buffers, stop timers, write files. Called once after the run. */
  close?(): Promise<void> | void
}

/** A reporter threw while handling an event; the other reporters still got the event. */
export class ReporterError extends Error {
  constructor(
    readonly eventType: string,
    readonly causes: unknown[],
  ) {
    const first = causes[0]
    const why = first instanceof Error ? first.message : String(first)
    super(
      `reporter failed on '${eventType}' event${causes.length > 1 ? ` (${causes.length} reporters)` : ''}: ${why}`,
      {
        cause: first,
      },
    )
    this.name = 'ReporterError'
  }
}

/**
 * One reporter that forwards every event to all of `rs`, in order. A reporter that throws
 * does not starve the ones after it: all get the event, then the failures are rethrown
 * together as a ReporterError.
 */
export function fanOut(...rs: Reporter[]): Reporter {
  return {
    onEvent(e) {
      const errors: unknown[] = []
      for (const r of rs) {
        try {
          r.onEvent(e)
        } catch (err) {
          errors.push(err)
        }
      }
      if (errors.length > 0) throw new ReporterError(e.type, errors)
    },
    async close() {
      const settled = await Promise.allSettled(rs.map(async (r) => r.close?.()))
      const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []))
      if (errors.length > 0) throw new ReporterError('close', errors)
    },
  }
}

/** A target's identity across events and results: names are not unique (two `[[target]]`s
 *  may share one), a target's place in its plan is. Branded so that a name cannot be used
 *  where a key is expected. */
export type TargetKey = string & { readonly __targetKey: unique symbol }

/** The key of a Target, or of the TargetResult made for it (which carries its origin). */
export function targetKey(t: Pick<Target, 'name' | 'origin'>): TargetKey {
  return `${t.origin.index}\u0000${t.name}` as TargetKey
}
