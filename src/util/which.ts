// Where a program is, the way execvp would find it (plus optional extra folders: Debian puts
// qemu-ga in /usr/sbin, outside a normal user's PATH). Shared by the QEMU spawn and setup.
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join, resolve } from 'node:path'

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Absolute path of `program` (a name looked up in `pathEnv`, or a path), or undefined. */
export function findProgram(
  program: string,
  pathEnv = process.env.PATH ?? '',
  extraDirs: string[] = [],
): string | undefined {
  if (isAbsolute(program) || program.includes('/')) return isExecutable(program) ? resolve(program) : undefined
  for (const dir of [...pathEnv.split(delimiter).filter(Boolean), ...extraDirs]) {
    const candidate = join(dir, program)
    if (isExecutable(candidate)) return candidate
  }
  return undefined
}
