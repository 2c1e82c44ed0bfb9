// Everything a run creates that must not outlive it (QEMU processes, temp dirs, init scripts)
// registers a *synchronous* undo here. Normal paths call it themselves; on SIGINT/SIGTERM
// (runner cancellation, Ctrl-C) the entry point calls `runAllCleanups()` before exiting, so
// nothing is left running or on disk even when the event loop never gets another turn.
const cleanups = new Set<() => void>()

export function registerCleanup(fn: () => void): () => void {
  cleanups.add(fn)
  return () => {
    cleanups.delete(fn)
  }
}

function runAllCleanups(): void {
  for (const fn of [...cleanups]) {
    cleanups.delete(fn)
    try {
      fn()
    } catch {
      // Best effort: one failed undo must not stop the others.
    }
  }
}

export function pendingCleanups(): number {
  return cleanups.size
}

/** Route SIGINT/SIGTERM to an abort (graceful first) and, on a second signal or when the
 *  graceful path takes too long, to the synchronous cleanups and exit 128+n. */
export function installSignalHandlers(abort: (signal: NodeJS.Signals) => void, graceMs = 10_000): () => void {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15 }
  let received = false
  const handler = (signal: NodeJS.Signals): void => {
    if (received) {
      runAllCleanups()
      process.exit(128 + (numbers[signal] ?? 1))
    }
    received = true
    abort(signal)
    setTimeout(() => {
      runAllCleanups()
      process.exit(128 + (numbers[signal] ?? 1))
    }, graceMs).unref()
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}
