// The two ways a target's boot ends in failure, shared by the session (which throws them)
// and the lifecycle (which turns them into a result or a second boot under TCG).

export class TargetError extends Error {
  constructor(
    message: string,
    readonly consoleTail?: string[],
  ) {
    super(message)
    this.name = 'TargetError'
  }
}

/** Thrown inside a boot under KVM probation when KVM turns out not to work. */
export class KvmHungError extends Error {}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
