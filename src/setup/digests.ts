// Integrity records for what setup keeps between runs: the tool-cache QEMU bundle (restored
// from @actions/cache, then executed) and downloaded kernels and images. A digest of every
// file is recorded when the thing is made and checked before it is used or saved; a planted
// or damaged file makes it a miss (rebuilt / downloaded again), never a run of it.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { pipeline } from 'node:stream/promises'

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

/** Relative path → `sha256:<hex>` for files, `link:<target>` for symlinks, of every entry
 *  under `root`, in a stable order. */
export async function treeDigests(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const walk = async (dir: string): Promise<void> => {
    const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )
    for (const e of entries) {
      const p = path.join(dir, e.name)
      const rel = path.relative(root, p)
      if (e.isSymbolicLink()) out[rel] = `link:${await fs.readlink(p)}`
      else if (e.isDirectory()) await walk(p)
      else if (e.isFile()) out[rel] = `sha256:${await sha256File(p)}`
      else out[rel] = 'special'
    }
  }
  await walk(root)
  return out
}

/** The first difference between `root` now and `recorded`, as a sentence; undefined when
 *  they match exactly (no file changed, added or removed). */
export async function treeMismatch(
  root: string,
  recorded: Record<string, string> | undefined,
): Promise<string | undefined> {
  if (!recorded) return 'it has no digest record'
  let now: Record<string, string>
  try {
    now = await treeDigests(root)
  } catch (err) {
    return `it cannot be read (${(err as Error).message})`
  }
  for (const [rel, digest] of Object.entries(recorded)) {
    if (now[rel] === undefined) return `${rel} is missing`
    if (now[rel] !== digest) return `${rel} differs from the digest recorded when it was made`
  }
  const extra = Object.keys(now).find((rel) => recorded[rel] === undefined)
  return extra !== undefined ? `${extra} was added after it was made` : undefined
}
