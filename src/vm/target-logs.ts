// A target's console.log and command.log under `<logs_dir>/<target>/`. That folder is often
// in the workspace, which the guest can write through /mnt/vmtest: between two runs a guest
// may plant a symlink (or a hard link, a FIFO, a folder) where the next run writes its logs.
// So nothing in the target's folder is trusted or written in place:
// - the target's folder must be a real folder; a symlink there is removed (only the link)
//   and a fresh folder made; the folder is then opened without following links and the
//   files are created through that open folder, so it cannot be swapped under us;
// - whatever sits at a log's name is unlinked, never opened or truncated — a planted
//   regular file or a hard link to a host file loses only that name; its content (and any
//   other link to it) stays untouched — and the log is created anew (O_CREAT|O_EXCL|
//   O_NOFOLLOW: a link planted in the meantime makes the create fail rather than follow);
// - a folder at a log's name, or a target folder that is not a folder, is refused.
// `logs_dir` itself is the user's choice and is taken as given.
// Each log is capped (max_log_size): past the cap nothing more is written but one line
// saying where it was cut; the event stream is not affected.
import {
  closeSync,
  constants,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  unlinkSync,
  type Stats,
  type WriteStream,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { DEFAULT_MAX_LOG_BYTES } from '../plan/types.js'
import type { LogSink } from './output-port.js'

// (node opens every descriptor close-on-exec already.)
const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_DIRECTORY } = constants

/** One capped log file, written through a stream on a file descriptor we created. */
export class LogFile implements LogSink {
  private written = 0
  private cut = false
  /** Whether what was written so far ends a line (the cut note goes on a line of its own). */
  private atLineStart = true
  private readonly stream: WriteStream

  constructor(
    fd: number,
    readonly path: string,
    private readonly maxBytes: number,
  ) {
    this.stream = createWriteStream('', { fd, autoClose: true })
  }

  write(data: Buffer | string): boolean {
    if (this.cut) return true
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    const room = this.maxBytes - this.written
    if (buf.length <= room) {
      this.written += buf.length
      if (buf.length) this.atLineStart = buf[buf.length - 1] === 0x0a
      return this.stream.write(buf)
    }
    this.cut = true
    const head = buf.subarray(0, Math.max(0, room))
    if (head.length) {
      this.stream.write(head)
      this.atLineStart = head[head.length - 1] === 0x0a
    }
    this.written += head.length
    return this.stream.write(`${this.atLineStart ? '' : '\n'}${cutNote(this.maxBytes)}\n`)
  }

  onDrain(fn: () => void): void {
    this.stream.once('drain', fn)
  }

  end(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve))
  }
}

/** The line a capped log ends with. */
export function cutNote(maxBytes: number): string {
  return `[vmtest: log cut here at ${maxBytes} bytes (max_log_size); later output is not in this file]`
}

export interface TargetLogs {
  console: LogFile
  command: LogFile
  close(): Promise<void>
}

/**
 * Create `dir` (the target's log folder) and fresh console.log and command.log in it, as the
 * file comment says. `warn` is told about anything planted that was removed. Throws, naming
 * the path, when something there cannot be safely replaced.
 */
export function openTargetLogs(
  dir: string,
  warn: (message: string) => void,
  maxBytes = DEFAULT_MAX_LOG_BYTES,
): TargetLogs {
  mkdirSync(dirname(dir), { recursive: true })
  ownFolder(dir, warn)
  const dirFd = openSync(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
  try {
    // Through /proc/self/fd the names below resolve in the folder we opened, even if the
    // path were swapped for a link now (Linux; without /proc, the checked path).
    const base = existsSync(`/proc/self/fd/${dirFd}`) ? `/proc/self/fd/${dirFd}` : dir
    const open = (name: string): LogFile =>
      new LogFile(freshFile(base, join(dir, name), name, warn), join(dir, name), maxBytes)
    const console = open('console.log')
    const command = open('command.log')
    return { console, command, close: async () => void (await Promise.all([console.end(), command.end()])) }
  } finally {
    closeSync(dirFd)
  }
}

/** Make sure `dir` is a real folder (not a link to one). */
function ownFolder(dir: string, warn: (message: string) => void): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    const st = lstatOrUndefined(dir)
    if (st?.isDirectory()) return
    if (st?.isSymbolicLink()) {
      warn(
        `the log folder ${dir} was a symbolic link (to ${linkText(dir)}), not made by vmtest: removed the link and made a folder there`,
      )
      unlinkSync(dir)
    } else if (st) {
      throw new Error(`the log folder ${dir} exists and is not a folder: not writing logs there`)
    }
    try {
      mkdirSync(dir)
      return
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
  throw new Error(`the log folder ${dir} keeps changing under vmtest: not writing logs there`)
}

/** A new, empty file at `base/name` we created ourselves; `shown` names it in messages. */
function freshFile(base: string, shown: string, name: string, warn: (message: string) => void): number {
  const path = join(base, name)
  for (let attempt = 0; attempt < 3; attempt++) {
    const st = lstatOrUndefined(path)
    if (st?.isDirectory()) throw new Error(`${shown} is a folder, not a log file of vmtest: not writing that log`)
    if (st?.isSymbolicLink())
      warn(
        `${shown} was a symbolic link (to ${linkText(path)}), not made by vmtest: replaced the link with a new log file (its target is untouched)`,
      )
    else if (st && !st.isFile()) warn(`${shown} was not a regular file: replaced it with a new log file`)
    else if (st && st.nlink > 1)
      warn(
        `${shown} had ${st.nlink - 1} other hard link(s), not made by vmtest: replaced it with a new log file (the linked file is untouched)`,
      )
    if (st) unlinkOrGone(path)
    try {
      return openSync(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644)
    } catch (e) {
      // Something appeared at the name since the unlink: look again.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
  throw new Error(
    `${shown} keeps reappearing: not writing that log (${basename(shown)} is recreated by something else)`,
  )
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

function unlinkOrGone(path: string): void {
  try {
    unlinkSync(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
}

function linkText(path: string): string {
  try {
    return readlinkSync(path)
  } catch {
    return '?'
  }
}
