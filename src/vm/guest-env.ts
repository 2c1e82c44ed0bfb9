// What of the host a guest gets. The environment of a kernel target's command: the host's,
// as upstream does, minus the runner's secrets and command files (the guest runs untrusted
// kernels and test code; the tokens would let it talk to GitHub as the workflow, the files
// let it change later steps; `env_pass` lets one through); QEMU's own environment,
// minus the same; and which `vm.mounts` reach outside the workspace.
import { realpathSync } from 'node:fs'
import { resolve, sep } from 'node:path'
import type { Mount } from '../plan/types.js'

export const DEFAULT_WITHHELD = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'GITHUB_TOKEN',
  // The gh CLI's token, often set from a secret for a whole job.
  'GH_TOKEN',
  // The runner's command files: whatever is appended to them sets variables, PATH entries,
  // outputs, state and the summary of later steps. A guest must not learn where they are.
  'GITHUB_ENV',
  'GITHUB_PATH',
  'GITHUB_OUTPUT',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY',
]

/** Inputs of this action (INPUT_*) are for the action, and may carry tokens too. */
const WITHHELD_PREFIXES = ['INPUT_']

export interface EnvPolicy {
  withhold?: string[]
  pass?: string[]
}

function withheldTest(opts: EnvPolicy): (key: string) => boolean {
  const pass = new Set(opts.pass ?? [])
  const withhold = new Set([...DEFAULT_WITHHELD, ...(opts.withhold ?? [])])
  return (key) => (withhold.has(key) || WITHHELD_PREFIXES.some((p) => key.startsWith(p))) && !pass.has(key)
}

export function guestEnvironment(env: NodeJS.ProcessEnv, opts: EnvPolicy = {}): string[] {
  const withheld = withheldTest(opts)
  const out: string[] = []
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || withheld(key)) continue
    out.push(`${key}=${value}`)
  }
  return out
}

/**
 * The environment QEMU itself is started with: the host's minus the same secrets. QEMU needs
 * none of them, and with the host root shared a guest can read QEMU's /proc/<pid>/environ
 * through it (it is QEMU that serves the 9p files).
 */
export function qemuEnvironment(env: NodeJS.ProcessEnv, opts: EnvPolicy = {}): NodeJS.ProcessEnv {
  const withheld = withheldTest(opts)
  return Object.fromEntries(Object.entries(env).filter(([key, value]) => value !== undefined && !withheld(key)))
}

/**
 * `vm.mounts` entries whose host folder lies outside every one of `workspaces` (symlinks
 * resolved on both sides). They are allowed, but a run says so: the guest then reads, or
 * writes, host files the repository does not own.
 */
export function mountsOutside(mounts: readonly Mount[], workspaces: readonly string[]): Mount[] {
  const roots = workspaces.map(real)
  return mounts.filter((m) => {
    const host = real(m.hostPath)
    return !roots.some((root) => host === root || host.startsWith(root.endsWith(sep) ? root : root + sep))
  })
}

function real(p: string): string {
  try {
    return realpathSync.native(p)
  } catch {
    return resolve(p)
  }
}
