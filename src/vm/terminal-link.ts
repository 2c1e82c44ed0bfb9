// The user's terminal joined to QEMU's serial console for the interactive shell: keys go to
// the guest as typed (raw mode, so Ctrl-C reaches the guest's shell rather than killing us),
// the console's bytes come back unchanged. Undone when QEMU exits and, should we be killed
// by a signal first, by the registered cleanup: a terminal must never be left raw.
import type { ChildProcess } from 'node:child_process'
import { registerCleanup } from '../util/cleanup.js'

export interface Terminal {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown }
  output: NodeJS.WritableStream
}

/** Joins `terminal` to `child` (spawned with a piped stdin and stdout); returns the undo. */
export function linkTerminal(terminal: Terminal, child: ChildProcess): () => void {
  const { input, output } = terminal
  const raw = Boolean(input.isTTY && input.setRawMode)
  if (raw) input.setRawMode?.(true)
  const toGuest = (chunk: Buffer | string): void => {
    child.stdin?.write(chunk)
  }
  const toUser = (chunk: Buffer): void => {
    output.write(chunk)
  }
  input.on('data', toGuest)
  input.resume()
  child.stdout?.on('data', toUser)
  child.stdin?.on('error', () => {
    // QEMU gone while the user typed: nothing to deliver to.
  })
  let undone = false
  const undo = (): void => {
    if (undone) return
    undone = true
    input.off('data', toGuest)
    // A paused stdin no longer holds the event loop open.
    input.pause()
    child.stdout?.off('data', toUser)
    if (raw) input.setRawMode?.(false)
  }
  const unregister = registerCleanup(undo)
  return () => {
    undo()
    unregister()
  }
}
