// The environment a kernel target's command gets: the host's, as upstream does, minus the
// runner's secrets. The guest runs untrusted kernels and test code; these tokens would let it
// talk to GitHub as the workflow.
export const DEFAULT_WITHHELD = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'GITHUB_TOKEN',
]

/** Inputs of this action (INPUT_*) are for the action, and may carry tokens too. */
const WITHHELD_PREFIXES = ['INPUT_']

export function guestEnvironment(
  env: NodeJS.ProcessEnv,
  opts: { withhold?: string[]; pass?: string[] } = {},
): string[] {
  const pass = new Set(opts.pass ?? [])
  const withhold = new Set([...DEFAULT_WITHHELD, ...(opts.withhold ?? [])])
  const out: string[] = []
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue
    const blocked = withhold.has(key) || WITHHELD_PREFIXES.some((p) => key.startsWith(p))
    if (blocked && !pass.has(key)) continue
    out.push(`${key}=${value}`)
  }
  return out
}
