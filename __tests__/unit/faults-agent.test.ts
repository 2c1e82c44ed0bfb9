// Issue 8: guest agents a real guest cannot be made to produce on demand (one that never
// answers, answers garbage, or closes in the middle of a reply), run through the whole
// lifecycle. A fake QEMU (a small node program) serves QMP properly and the output port
// silently, and misbehaves on the agent socket as told. Only image targets have an agent (a
// kernel target's init runs the command itself), so the fake boots a blank disk image. Every case must end at the boot
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
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
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
// "firmware-cut…": SeaBIOS hands over and the code it started stops the serial port mid-line
// (seen under load with an MBR of zeros), then nothing; "…-mute" answers no QMP question.
if (mode?.startsWith('firmware-cut')) process.stdout.write('SeaBIOS (version fake)\\r\\nBooting from Hard Disk..')
else console.log('[    0.000000] Linux version 0.0.0-fake (fake QEMU for vmtest-action tests)')
const answer = (req) =>
  mode === 'firmware-cut' && req.execute === 'query-blockstats' ? [{ device: 'd', stats: { rd_bytes: 512 } }]
  : mode === 'firmware-cut' && req.execute === 'human-monitor-command' ? 'EIP=000001bf\\nCR0=00000010 CR2=00000000\\n'
  : {}
const serve = (path, onConn) => net.createServer((c) => { c.on('error', () => {}); onConn(c) }).listen(path)
serve(qmp, (c) => {
  c.write(JSON.stringify({ QMP: { version: { qemu: { major: 8, minor: 2, micro: 0 }, package: 'fake' }, capabilities: [] } }) + '\\n')
  let buf = ''
  c.on('data', (d) => {
    buf += d
    for (let nl; (nl = buf.indexOf('\\n')) >= 0; buf = buf.slice(nl + 1)) {
      const req = JSON.parse(buf.slice(0, nl))
      if (mode === 'firmware-cut-mute' && req.execute !== 'qmp_capabilities' && req.execute !== 'quit') continue
      c.write(JSON.stringify({ return: answer(req), id: req.id }) + '\\n')
      if (req.execute === 'quit') setTimeout(() => process.exit(0), 10)
    }
  })
})
// A kernel target's init (no agent): silent, or up (its ready line, with the marker the host
// handed over beside the init) and then silent.
serve(out, (c) => {
  if (mode !== 'init-ready') return
  const init = /(?:^| )init=(\\S+)/.exec(args[args.indexOf('-append') + 1])[1]
  const marker = /^vmtest_marker='([^']*)'/m.exec(readFileSync(dirname(init) + '/command.vars', 'utf8'))[1]
  c.write(marker + ' ready 0.0.0-fake\\n')
})
if (qga) serve(qga, (c) => {
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
const IMAGE = join(dir, 'disk.img')
writeFileSync(IMAGE, Buffer.alloc(64 * 1024))

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

const KERNEL = join(dir, 'bzImage')
writeFileSync(KERNEL, 'not a kernel: the fake QEMU never reads it')

function target(kind: 'image' | 'kernel' = 'image'): Target {
  const boot = kind === 'image' ? { image: IMAGE } : { kernel: KERNEL }
  return makeTarget({
    name: 'fake',
    ...boot,
    qemuCommand: FAKE_QEMU,
    vm: { numCpus: 1, memory: '128M' },
    sharedDir: dir,
  })
}

async function runFake(
  mode: string,
  bootTimeout: number,
  kind: 'image' | 'kernel' = 'image',
  commandTimeout?: number,
): Promise<{ result: TargetResult; ms: number; events: EngineEvent[] }> {
  const options: RunOptions = { ...defaultRunOptions(), accel: 'tcg', initramfs: 'off', bootTimeout, commandTimeout }
  const events: EngineEvent[] = []
  process.env.FAKE_QGA_MODE = mode
  const started = Date.now()
  try {
    const result = await runTarget({ target: target(kind), options, sink: (e) => events.push(e) })
    return { result, ms: Date.now() - started, events }
  } finally {
    delete process.env.FAKE_QGA_MODE
  }
}

describe('a guest agent that misbehaves while the host connects', () => {
  // (An attempt started with a millisecond of the deadline left may see nothing.)
  it.each([
    ['never answers', 'silent', /saw nothing ×\d+; last attempts: .*no sync reply/],
    ['answers garbage', 'garbage', /saw (?:nothing ×1, )?garbage ×\d+; .*login: \\r\\n\\x1b\[0mgarbage/],
    [
      'closes the connection in the middle of a reply',
      'close-mid-reply',
      /saw (?:nothing ×1, )?closed ×\d+; .*in the middle of a message \(received so far: \{"return": \d+/,
    ],
  ])(
    'an agent that %s: an error at the boot deadline that says what was seen',
    { timeout: 15_000 },
    async (_label, mode, seen) => {
      const { result, ms, events } = await runFake(mode, 3)
      expect(result.result).toBe('error')
      expect(result.exitCode).toBeNull()
      expect(result.error).toMatch(
        /^Timed out waiting for QGA connection on \S+qga\.sock: \d+ attempt\(s\) in [23]\.\d s /,
      )
      expect(result.error).toMatch(seen)
      expect(result.error).toMatch(/\(boot deadline 3 s\)$/)
      // Bounded by the deadline (counted from QEMU's start), not by anything longer.
      expect(ms).toBeGreaterThanOrEqual(2_900)
      expect(ms).toBeLessThan(3_000 + 2_500)
      expect(
        events.filter((e) => e.type === 'stage-end').map((e) => e.type === 'stage-end' && [e.stage, e.ok]),
      ).toEqual([['boot', false]])
      // What the console said before is kept for the report.
      expect(result.consoleTail).toContain(
        '[    0.000000] Linux version 0.0.0-fake (fake QEMU for vmtest-action tests)',
      )
    },
  )
})

describe('a boot that stops at the firmware, its last line cut short', () => {
  it('the stall check is armed by the unfinished hand-over line and ends the boot after 10 s of quiet', async () => {
    const { result, ms } = await runFake('firmware-cut', 60)
    expect(result.result).toBe('error')
    expect(result.error).toMatch(
      /^the boot stalled: the firmware started the disk's boot code \("Booting from Hard Disk\.\."\) and nothing followed for 10 s/,
    )
    expect(result.consoleTail).toEqual(['SeaBIOS (version fake)', 'Booting from Hard Disk..'])
    expect(ms).toBeLessThan(16_000)
  }, 20_000)

  it('a QEMU that answers no question: the deadline says what the stall check last saw', async () => {
    const { result } = await runFake('firmware-cut-mute', 4)
    expect(result.result).toBe('error')
    expect(result.error).toMatch(
      /\(boot deadline 4 s\); the boot-stall check last looked [01] s ago, its question to QEMU failed \(.*reply to QMP 'query-blockstats'/,
    )
    expect(result.error).toMatch(/the firmware handed over [34] s ago$/)
  }, 15_000)
})

describe('a guest agent that syncs, then misbehaves', () => {
  it.each([
    [
      'answers a command with the wrong shape',
      'sync-then-garbage',
      /guest-info reply without a version; received: \{"no-version":"here"\}/,
    ],
    [
      'closes in the middle of a reply',
      'sync-then-close',
      /connection closed by the peer in the middle of a message \(received so far: \{"return": \{"version": "9\.\)/,
    ],
  ])('an agent that %s: an error at once that says what was seen', async (_label, mode, seen) => {
    const { result, ms } = await runFake(mode, 10)
    expect(result.result).toBe('error')
    expect(result.error).toMatch(seen)
    expect(ms).toBeLessThan(5_000)
  })
})

describe("a kernel target's init (no agent) that goes quiet", () => {
  it('never says it is up: an error at the boot deadline, the console kept', async () => {
    const { result, ms, events } = await runFake('init-silent', 3, 'kernel')
    expect(result.result).toBe('error')
    expect(result.error).toBe("the guest's init did not report ready on the output port (boot deadline 3 s)")
    expect(ms).toBeGreaterThanOrEqual(2_900)
    expect(ms).toBeLessThan(3_000 + 2_500)
    expect(events.filter((e) => e.type === 'stage-end').map((e) => e.type === 'stage-end' && [e.stage, e.ok])).toEqual([
      ['boot', false],
    ])
    expect(result.consoleTail).toContain('[    0.000000] Linux version 0.0.0-fake (fake QEMU for vmtest-action tests)')
  })

  it('is up, then never reports the end: the command timeout, with the release it said', async () => {
    const { result, events } = await runFake('init-ready', 10, 'kernel', 1.5)
    expect(result.result).toBe('timeout')
    expect(result.kernelRelease).toBe('0.0.0-fake')
    expect(events.some((e) => e.type === 'setup' && e.line === 'guest kernel 0.0.0-fake')).toBe(true)
    expect(result.error).toMatch(/did not finish within 1\.5 s \(timeout\)/)
  })
})
