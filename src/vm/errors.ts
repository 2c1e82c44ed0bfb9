// Typed errors of the QMP and guest-agent clients. Each names the socket path and what the
// client was waiting for, so an engine can show the message as is and branch on the class.

/** How much of unexpected peer output goes into an error message. */
export const SEEN_LIMIT = 200

/**
 * A printable, bounded rendering of bytes a peer sent: control and non-UTF-8 bytes become
 * escapes (the QGA sentinel shows as `\xff`), and anything past `limit` characters is cut
 * with a note of how much was left out.
 */
export function describeSeen(data: Buffer | string, limit = SEEN_LIMIT, total?: number): string {
  const text = typeof data === 'string' ? data : data.toString('latin1')
  // Callers may pass only the head of something larger, with its real size as `total`.
  const size = Math.max(total ?? text.length, text.length)
  const shown = text.slice(0, limit)
  let out = ''
  for (const ch of shown) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (code < 0x20 || (code >= 0x7f && code <= 0xff)) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += ch
  }
  if (size > limit) out += `… (${size - Math.min(limit, text.length)} more bytes)`
  return out
}

/** A wait with an explicit deadline ran out. */
export class TimeoutError extends Error {
  override name = 'TimeoutError'
  constructor(
    /** What was awaited, e.g. `reply to QMP 'query-status' on /tmp/x/qmp.sock`. */
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`Timed out after ${timeoutMs} ms waiting for ${what}`)
  }
}

/** The socket closed (by the peer, or by this client) while something was still awaited. */
export class ConnectionClosedError extends Error {
  override name = 'ConnectionClosedError'
  constructor(
    readonly path: string,
    readonly byPeer: boolean,
    /** Bytes of an unfinished message that were pending when the peer closed, if any. */
    readonly partial?: string,
    options?: { cause?: unknown },
  ) {
    super(
      byPeer
        ? `${path}: connection closed by the peer` +
            (partial ? ` in the middle of a message (received so far: ${partial})` : '')
        : `${path}: connection was closed by this client`,
      options,
    )
  }
}

/** The socket could not be opened at all (no socket file, nobody listening, …). */
export class SocketConnectError extends Error {
  override name = 'SocketConnectError'
  constructor(
    readonly path: string,
    /** The errno code from node, e.g. `ENOENT` or `ECONNREFUSED`. */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot connect to ${path}: ${code}`, options)
  }
}

/** The peer sent something that is not the protocol (not JSON, wrong shape, too large). */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
  constructor(
    readonly path: string,
    readonly detail: string,
    /** What was received, already bounded to about SEEN_LIMIT characters. */
    readonly seen: string,
  ) {
    super(`${path}: ${detail}; received: ${seen}`)
  }
}

/** A QMP (or guest agent) command was answered with `{"error": {"class", "desc"}}`. */
export class QmpCommandError extends Error {
  override name = 'QmpCommandError'
  constructor(
    readonly command: string,
    readonly errorClass: string,
    readonly desc: string,
    readonly protocol: 'QMP' | 'QGA' = 'QMP',
  ) {
    super(`${protocol} command '${command}' failed: ${errorClass}: ${desc}`)
  }
}

/** A guest-agent command's error reply; a QmpCommandError, as QGA speaks the same QAPI. */
export class QgaCommandError extends QmpCommandError {
  override name = 'QgaCommandError'
  constructor(command: string, errorClass: string, desc: string) {
    super(command, errorClass, desc, 'QGA')
  }
}

/** What one agent connection attempt saw. */
export type AttemptOutcome = 'nothing' | 'garbage' | 'closed' | 'refused'

export interface AttemptRecord {
  n: number
  what: AttemptOutcome
  detail: string
}

/** The agent never answered a sync before the deadline. */
export class AgentConnectError extends Error {
  override name = 'AgentConnectError'
  constructor(
    readonly path: string,
    readonly attempts: number,
    readonly elapsedMs: number,
    /** Counts of each outcome over all attempts. */
    readonly counts: Readonly<Record<AttemptOutcome, number>>,
    /** The last few attempts, oldest first. */
    readonly last: readonly AttemptRecord[],
  ) {
    super(agentConnectMessage(path, attempts, elapsedMs, counts, last))
  }
}

function agentConnectMessage(
  path: string,
  attempts: number,
  elapsedMs: number,
  counts: Readonly<Record<AttemptOutcome, number>>,
  last: readonly AttemptRecord[],
): string {
  // The first words are upstream's message, so people searching for it find this one.
  const head = `Timed out waiting for QGA connection on ${path}`
  if (attempts === 0) return `${head}: the deadline passed before a first attempt`
  const seconds = (elapsedMs / 1000).toFixed(1)
  const tally = (Object.keys(counts) as AttemptOutcome[])
    .filter((k) => counts[k] > 0)
    .map((k) => `${k} ×${counts[k]}`)
    .join(', ')
  const recent = last.map((a) => `#${a.n} ${a.what} (${a.detail})`).join('; ')
  return `${head}: ${attempts} attempt(s) in ${seconds} s saw ${tally}; last attempts: ${recent}`
}

/** Upstream's exact text for QEMU exiting before the agent answered. */
export const QEMU_EXITED_DURING_QGA = 'Qemu exited while trying to connect to QGA. Did the guest panic?'

/** The QEMU process exited while a client was still waiting for it. */
export class QemuExitedError extends Error {
  override name = 'QemuExitedError'
  constructor(message: string = QEMU_EXITED_DURING_QGA) {
    super(message)
  }
}
