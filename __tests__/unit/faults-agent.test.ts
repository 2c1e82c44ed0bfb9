// Issue 8: guest agents a real guest cannot be made to produce on demand (one that never
// answers, answers garbage, or closes in the middle of a reply), run through the whole
// lifecycle. A fake QEMU (a small node program) serves QMP properly and the output port
// silently, and misbehaves on the agent socket as told. Every case must end at the boot
// deadline (or a command timeout) with a message that says what was seen, and leave no
// process or file behind.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { runTarget } from '../../src/vm/lifecycle.js'
import type { EngineEvent, TargetResult } from '../../src/plan/events.js'
import type { RunOptions, Target } from '../../src/plan/types.js'
import { defaultRunOptions } from '../../src/config/options.js'
import { pendingCleanups } from '../../src/util/cleanup.js'
import { makeTarget } from '../fixtures/target.js'

const dir = mkdtempSync(join(tmpdir(), 'vmt8-agent-'))
// The engine's work dirs go to a private TMPDIR, so "none left" is checked exactly.
const privateTmp = join(dir, 'tmp')
mkdirSync(privateTmp)
process.env.TMPDIR = privateTmp
const FAKE_QEMU = join(dir, 'fake-qemu.mjs')
const PID_FILE = join(dir, 'fake-qemu.pid')

// The agent's misbehaviours, chosen by FAKE_QGA_MODE. "sync-then-…" modes answer the sync
// properly (so the connection succeeds) and misbehave on the next command (guest-info).
writeFileSync(
  FAKE_QEMU,
  `#!${process.execPath}
import net from 'node:net'
import { writeFileSync } from 'node:fs'
writeFileSync(${JSON.stringify(PID_FILE)}, String(process.pid))
const args = process.argv.slice(2)
let qmp, qga, out
for (let i = 0; i < args.length; i++) {
  if (args[i] === '-qmp') qmp = /^unix:([^,]+)/.exec(args[i + 1])[1]
  if (args[i] === '-chardev') {
    const m = /path=([^,]+).*id=(\\w+)/.exec(args[i + 1])
    if (m[2] === 'qga0') qga = m[1]
    else out = m[1]
  }
}
const mode = process.env.FAKE_QGA_MODE
console.log('[    0.000000] Linux version 0.0.0-fake (fake QEMU for vmtest-action tests)')
const serve = (path, onConn) => net.createServer((c) => { c.on('error', () => {}); onConn(c) }).listen(path)
serve(qmp, (c) => {
  c.write(JSON.stringify({ QMP: { version: { qemu: { major: 8, minor: 2, micro: 0 }, package: 'fake' }, capabilities: [] } }) + '\\n')
  let buf = ''
  c.on('data', (d) => {
    buf += d
    for (let nl; (nl = buf.indexOf('\\n')) >= 0; buf = buf.slice(nl + 1)) {
      const req = JSON.parse(buf.slice(0, nl))
      c.write(JSON.stringify({ return: {}, id: req.id }) + '\\n')
      if (req.execute === 'quit') setTimeout(() => process.exit(0), 10)
    }
  })
})
serve(out, () => {})
serve(qga, (c) => {
  let buf = ''
  c.on('data', (d) => {
    buf += d.toString('latin1').replaceAll('\\xff', '')
    for (let nl; (nl = buf.indexOf('\\n')) >= 0; buf = buf.slice(nl + 1)) {
      const req = JSON.parse(buf.slice(0, nl))
      const sync = req.execute.startsWith('guest-sync')
      if (mode === 'silent') continue
      if (mode === 'garbage') c.write('login: \\r\\n\\x1b[0mgarbage\\n')
      if (mode === 'close-mid-reply') {
        c.write(Buffer.concat([Buffer.from([0xff]), Buffer.from('{"return": ' + String(req.arguments.id).slice(0, 3))]))
        c.destroy()
      }
      if (mode.startsWith('sync-then-')) {
        if (sync) c.write(Buffer.concat([Buffer.from([0xff]), Buffer.from(JSON.stringify({ return: req.arguments.id }) + '\\n')]))
        else if (mode === 'sync-then-garbage') c.write('{"return": {"no-version": "here"}}\\n')
        else if (mode === 'sync-then-close') { c.write('{"return": {"version": "9.'); c.destroy() }
      }
    }
  })
})
`,
)
chmodSync(FAKE_QEMU, 0o755)
const KERNEL = join(dir, 'bzImage')
writeFileSync(KERNEL, 'not a kernel: the fake QEMU never reads it')

afterEach(() => {
  // The fake QEMU was stopped (QMP quit or SIGKILL) and the engine's files removed.
  const pid = Number(readFileSync(PID_FILE, 'utf8'))
  expect(isRunning(pid)).toBe(false)
  rmSync(PID_FILE)
  expect(readdirSync(privateTmp)).toEqual([])
  expect(pendingCleanups()).toBe(0)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function isRunning(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

function target(): Target {
  return makeTarget({ name: 'fake', kernel: KERNEL, qemuCommand: FAKE_QEMU, vm: { numCpus: 1, memory: '128M' }, sharedDir: dir })
}

async function runFake(mode: string, bootTimeout: number): Promise<{ result: TargetResult; ms: number; events: EngineEvent[] }> {
  const options: RunOptions = { ...defaultRunOptions(), accel: 'tcg', initramfs: 'off', bootTimeout }
  const events: EngineEvent[] = []
  process.env.FAKE_QGA_MODE = mode
  const started = Date.now()
  try {
    const result = await runTarget({ target: target(), options, sink: (e) => events.push(e) })
    return { result, ms: Date.now() - started, events }
  } finally {
    delete process.env.FAKE_QGA_MODE
  }
}

describe('a guest agent that misbehaves while the host connects', () => {
  it.each([
    ['never answers', 'silent', /saw nothing ×\d+; last attempts: .*no sync reply/],
    ['answers garbage', 'garbage', /saw garbage ×\d+; .*login: \\r\\n\\x1b\[0mgarbage/],
    ['closes the connection in the middle of a reply', 'close-mid-reply', /saw closed ×\d+; .*in the middle of a message \(received so far: \{"return": \d+/],
  ])('an agent that %s: an error at the boot deadline that says what was seen', { timeout: 15_000 }, async (_label, mode, seen) => {
    const { result, ms, events } = await runFake(mode, 3)
    expect(result.result).toBe('error')
    expect(result.exitCode).toBeNull()
    expect(result.error).toMatch(/^Timed out waiting for QGA connection on \S+qga\.sock: \d+ attempt\(s\) in [23]\.\d s /)
    expect(result.error).toMatch(seen)
    expect(result.error).toMatch(/\(boot deadline 3 s\)$/)
    // Bounded by the deadline (counted from QEMU's start), not by anything longer.
    expect(ms).toBeGreaterThanOrEqual(2_900)
    expect(ms).toBeLessThan(3_000 + 2_500)
    expect(events.filter((e) => e.type === 'stage-end').map((e) => e.type === 'stage-end' && [e.stage, e.ok])).toEqual([['boot', false]])
    // What the console said before is kept for the report.
    expect(result.consoleTail).toContain('[    0.000000] Linux version 0.0.0-fake (fake QEMU for vmtest-action tests)')
  })
})

describe('a guest agent that syncs, then misbehaves', () => {
  it.each([
    ['answers a command with the wrong shape', 'sync-then-garbage', /guest-info reply without a version; received: \{"no-version":"here"\}/],
    ['closes in the middle of a reply', 'sync-then-close', /connection closed by the peer in the middle of a message \(received so far: \{"return": \{"version": "9\.\)/],
  ])('an agent that %s: an error at once that says what was seen', async (_label, mode, seen) => {
    const { result, ms } = await runFake(mode, 10)
    expect(result.result).toBe('error')
    expect(result.error).toMatch(seen)
    expect(ms).toBeLessThan(5_000)
  })
})
