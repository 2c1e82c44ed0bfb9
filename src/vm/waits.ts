// The waits of a VM session: `Fatal` ends every wait at once when something fatal happens
// (QEMU exits, the kernel panics, the run is cancelled), and an unref'd `sleep` that never
// holds the process open.

/** Reject with `reason` once any of the fatal conditions fires; `race` wraps every wait. */
export class Fatal {
  private rejectFn!: (e: Error) => void
  readonly promise: Promise<never>
  readonly controller = new AbortController()
  error?: Error
  constructor() {
    this.promise = new Promise<never>((_, reject) => (this.rejectFn = reject))
    this.promise.catch(() => {})
  }
  fire(e: Error): void {
    if (this.error) return
    this.error = e
    this.controller.abort(e)
    this.rejectFn(e)
  }
  race<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.promise])
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref())
}
