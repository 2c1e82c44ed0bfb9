// test_progs' `-J FILE` JSON summary (kernels since 6.4), when the command writes it into the
// workspace: the host reads it after the command has ended. The path comes from the command
// line as the user wrote it; the file itself is guest-written, so it is read only when it
// is a regular file inside the workspace (no symlink out of it, nothing older than this
// run), and only up to a bound.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs'
import path from 'node:path'
import type { TestProgsSummary } from '../plan/test-results.js'
import type { Target } from '../plan/types.js'
import { parseTestProgsJson } from '../analysis/test-progs.js'

/** Where the guest sees the workspace (qemu/argv.ts shares it there). */
const GUEST_SHARE = '/mnt/vmtest'
/** A summary of test_progs' ~600 tests with logs is a few megabytes at most. */
export const MAX_TEST_JSON_BYTES = 16 * 1024 * 1024

/** The `-J FILE` / `--json-summary[=]FILE` argument of a command line, if any. */
export function testProgsJsonArg(command: string): string | undefined {
  const m = /(?:^|[\s;&|])(?:-J|--json-summary(?:=|\s+))\s*(["']?)([^\s"';&|]+)\1/.exec(command)
  return m?.[2]
}

/**
 * The host path of a guest path the command wrote, when it lies in the workspace:
 * `/mnt/vmtest/x` is in every guest; a kernel target on the host's root (rootfs `/`) sees
 * host paths as they are, and runs the command in the workspace, so a relative path or
 * an absolute one under the workspace works there too.
 */
export function hostPathInWorkspace(target: Target, guestPath: string): string | undefined {
  const ws = target.sharedDir
  let host: string
  if (guestPath === GUEST_SHARE || guestPath.startsWith(`${GUEST_SHARE}/`))
    host = path.join(ws, guestPath.slice(GUEST_SHARE.length))
  else if (target.kind === 'kernel' && target.rootfs === '/') host = path.resolve(ws, guestPath)
  else return undefined
  const rel = path.relative(ws, host)
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? host : undefined
}

/** The file's text when it is a regular file really inside `workspace` (symlinks resolved,
 *  the last component not one), modified at or after `since`, and at most `max` bytes. */
export function readWorkspaceFile(
  workspace: string,
  file: string,
  since: number,
  max = MAX_TEST_JSON_BYTES,
): string | undefined {
  let real: string
  let realWs: string
  try {
    real = realpathSync(path.dirname(file))
    realWs = realpathSync(workspace)
  } catch {
    return undefined
  }
  const rel = path.relative(realWs, path.join(real, path.basename(file)))
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined
  let fd: number
  try {
    fd = openSync(
      path.join(real, path.basename(file)),
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    )
  } catch {
    return undefined
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile() || st.size > max || st.mtimeMs < since) return undefined
    const buf = Buffer.alloc(st.size)
    let got = 0
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got)
      if (n === 0) break
      got += n
    }
    return buf.subarray(0, got).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

/** test_progs' JSON summary for this target's command, when it wrote one this run. */
export function readTestProgsJson(target: Target, since: number): TestProgsSummary | undefined {
  const arg = testProgsJsonArg(target.command)
  const file = arg && hostPathInWorkspace(target, arg)
  if (!file) return undefined
  const text = readWorkspaceFile(target.sharedDir, file, since)
  return text === undefined ? undefined : parseTestProgsJson(text)
}

/**
 * The text parser's results completed by the JSON's: the JSON's totals become `reported`
 * (the program's own count), the text's per-subtest results stay; without any text results
 * (output redirected elsewhere) the JSON is all there is.
 */
export function mergeTestProgsJson(text: TestProgsSummary | undefined, json: TestProgsSummary): TestProgsSummary {
  if (!text) return json
  const out: TestProgsSummary = { ...text }
  if (json.reported) out.reported = { ...json.reported }
  if (text.failures.length === 0 && json.failures.length > 0) {
    out.failures = json.failures
    out.failuresDropped = json.failuresDropped
  }
  return out
}
