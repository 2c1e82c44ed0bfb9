// Issue 8, security and bad input, with real guests under TCG: guest output that tries to
// issue workflow commands, runner secrets in the host environment, mounts outside the
// workspace and read-only mounts attacked by the guest's root, and names, commands and paths
// full of quotes, `$`, backticks, commas, newlines and unicode.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir, tinyKernel } from './fixtures.js'
import { ownQemus, usePrivateTmp } from './own-leftovers.js'
import { runPlan } from '../../src/engine/run.js'
import type { EngineEvent, TargetResult } from '../../src/plan/events.js'
import type { Plan } from '../../src/plan/types.js'
import { planFromCli } from '../../src/cli/plan.js'
import { parseCliArgs } from '../../src/cli/args.js'
import { planJson } from '../../src/engine/plan-json.js'
import { createActionsLogReporter } from '../../src/report/actions-log.js'

const repo = resolve(import.meta.dirname, '../..')

// A private TMPDIR (the engine and fixtures honour it): "nothing left behind" is checked
// exactly, even while other runs use the machine.
const ownTmp = usePrivateTmp()

/** PIDs of this file's QEMUs (usePrivateTmp checks none is left after each test). */
function ourQemus(): string[] {
  return ownQemus(ownTmp().dir).map((line) => line.slice(0, line.indexOf(':')))
}

let kernel: string
beforeAll(() => {
  kernel = tinyKernel()
})

function cliPlan(argv: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Plan {
  return planFromCli(parseCliArgs(['--accel', 'tcg', '--timeout', '120', ...argv]), cwd, env)
}

function toml(s: string): string {
  return JSON.stringify(s)
}

async function run(
  plan: Plan,
  extra?: (e: EngineEvent) => void,
): Promise<{ results: TargetResult[]; events: EngineEvent[] }> {
  const events: EngineEvent[] = []
  const results = await runPlan({
    plan,
    sink: (e) => {
      events.push(e)
      extra?.(e)
    },
  })
  return { results, events }
}

/** A small root file system (busybox, bash, mount, qemu-ga: the image fixture's root, which
 *  is an initramfs) unpacked into `dir`, for kernel targets that must not share the host's. */
function unpackRoot(dir: string): string {
  const rootDir = execFileSync('bash', ['-c', '. .ci/fixtures/lib.sh && fx_image_root'], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim()
  mkdirSync(dir, { recursive: true })
  execFileSync('sh', ['-c', 'gzip -dc "$1" | cpio -idm --quiet', 'sh', join(rootDir, 'initrd.img')], { cwd: dir })
  return dir
}

const outputOf = (events: EngineEvent[], name?: string): string[] =>
  events.flatMap((e) => (e.type === 'output' && (name === undefined || e.target.name === name) ? [e.line] : []))

/**
 * The workflow commands the runner would act on in `text`, parsed as the runner does: a line
 * whose trimmed start is `::name…::`, or that holds `##[` anywhere (the old syntax); after
 * `::stop-commands::TOKEN` nothing is a command until a line `::TOKEN::`.
 */
function runnerCommands(text: string): { commands: Array<{ name: string; line: string }>; stoppedAtEnd: boolean } {
  const commands: Array<{ name: string; line: string }> = []
  let token: string | undefined
  for (const line of text.split(/\r\n|\r|\n/)) {
    const t = line.trimStart()
    if (token !== undefined) {
      if (t === `::${token}::`) token = undefined
      continue
    }
    const v2 = /^::([^\s:]+)(?:\s[^:]*)?::(.*)$/.exec(t)
    if (v2) {
      commands.push({ name: v2[1], line })
      if (v2[1] === 'stop-commands') token = v2[2]
    } else if (line.includes('##[')) {
      commands.push({ name: 'legacy ##[', line })
    }
  }
  return { commands, stoppedAtEnd: token !== undefined }
}

describe('guest output can never issue workflow commands', () => {
  it('commands printed by a real guest (output, console, a failure tail, its name) stay inside stop-commands blocks', async () => {
    const t = tempDir()
    try {
      const attacks = [
        '::error::pwned',
        '::add-mask::x',
        '::set-output name=a::b',
        '::stop-commands::x',
        '::x::',
        '::endgroup::',
        '  ::warning file=a,line=1::indented',
        '##[error]legacy-pwned',
        'text ##[set-output name=b;]legacy-mid-line',
      ]
      const command = [
        ...attacks.map((a) => `printf '%s\\n' ${JSON.stringify(a).replaceAll('$', '\\$')}`),
        // Through the kernel log too: it reaches the serial console.
        `echo '::error::via-the-console' >/dev/kmsg`,
        `printf '::error::no-newline-at-the-end'`,
        'exit 3',
      ].join('\n')
      const config = join(t.dir, 'vmtest.toml')
      writeFileSync(
        config,
        `[[target]]\nname = ${toml('::warning::in-the-name ##[error]x')}\nkernel = ${toml(kernel)}\ncommand = ${toml(command)}\n`,
      )
      let text = ''
      const reporter = createActionsLogReporter({ write: (s) => void (text += s), progressEveryMs: 0 })
      const { results, events } = await run(cliPlan(['-c', config], t.dir), (e) => reporter.onEvent(e))
      await reporter.close?.()
      expect(results[0].result).toBe('fail')
      // The guest did print them, one per line.
      const out = outputOf(events)
      for (const a of attacks) expect(out).toContain(a)
      expect(events.some((e) => e.type === 'console' && e.line.includes('::error::via-the-console'))).toBe(true)
      // …and the log shows them (a line-leading `##[` gets a zero-width space, so the log
      // viewer does not render it as its own markup).
      const shown = text.replaceAll('##\u200b[', '##[')
      for (const a of [...attacks, '::error::via-the-console', '::error::no-newline-at-the-end'])
        expect(shown).toContain(a.trim())

      const { commands, stoppedAtEnd } = runnerCommands(text)
      // Only our own commands: groups and the stop/resume pairs around guest text.
      expect([...new Set(commands.map((c) => c.name))].sort()).toEqual(['endgroup', 'group', 'stop-commands'])
      expect(stoppedAtEnd).toBe(false)
      for (const c of commands.filter((c) => c.name === 'stop-commands'))
        expect(c.line).toMatch(/^::stop-commands::[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      // Each block's token is fresh.
      const tokens = commands.filter((c) => c.name === 'stop-commands').map((c) => c.line)
      expect(new Set(tokens).size).toBe(tokens.length)
      // The target name in our group titles is neutralized, not obeyed.
      for (const c of commands) expect(c.line).not.toMatch(/pwned|::warning::in-the-name|##\[error\]x/)
    } finally {
      t.remove()
    }
  })
})

describe('runner secrets stay out of the guest', () => {
  const secrets: Record<string, string> = {
    ACTIONS_RUNTIME_TOKEN: 'secret-runtime-token-4f1d',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'secret-oidc-token-9a2c',
    ACTIONS_CACHE_URL: 'https://secret-cache.example/7be0/',
    ACTIONS_RESULTS_URL: 'https://secret-results.example/51c3/',
    GITHUB_TOKEN: 'ghs_secretgithubtoken0d3e',
    GH_TOKEN: 'gho_secretghclitoken5e8a',
    INPUT_TOKEN: 'secret-action-input-66b1',
    // The runner's command files: a guest appending to them would change later steps.
    GITHUB_ENV: '/runner/_temp/_runner_file_commands/set_env_a1f3',
    GITHUB_PATH: '/runner/_temp/_runner_file_commands/add_path_b2e4',
    GITHUB_OUTPUT: '/runner/_temp/_runner_file_commands/set_output_c3d5',
    GITHUB_STATE: '/runner/_temp/_runner_file_commands/save_state_d4c6',
    GITHUB_STEP_SUMMARY: '/runner/_temp/_runner_file_commands/step_summary_e5b7',
  }
  let saved: Record<string, string | undefined>
  beforeAll(() => {
    saved = Object.fromEntries(
      [...Object.keys(secrets), 'VMTEST_ORDINARY', 'VMTEST_PRIVATE'].map((k) => [k, process.env[k]]),
    )
    Object.assign(process.env, secrets, {
      VMTEST_ORDINARY: 'ordinary-value-passes',
      VMTEST_PRIVATE: 'private-value-withheld',
    })
  })
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  })

  /** The guest's `env`, and the environment QEMU itself ran with (a guest sharing the host
   *  root can read QEMU's /proc/<pid>/environ, so it must be clean too). */
  async function guestView(env: NodeJS.ProcessEnv): Promise<{ guest: string; qemu: string }> {
    const plan = cliPlan(['-k', kernel, '--', 'env'], process.cwd(), env)
    let qemu = ''
    const { results, events } = await run(plan, (e) => {
      if (e.type === 'stage-start' && e.stage === 'command') {
        for (const pid of ourQemus()) qemu += readFileSync(`/proc/${pid}/environ`, 'utf8').replaceAll('\0', '\n')
      }
    })
    expect(results[0].result).toBe('pass')
    expect(qemu).toContain('VMTEST_ORDINARY=ordinary-value-passes')
    return { guest: outputOf(events).join('\n'), qemu }
  }

  it('by default: none of the runner tokens, command files nor INPUT_* reach the guest or QEMU; an ordinary variable does', async () => {
    const { guest, qemu } = await guestView(process.env)
    expect(guest).toContain('VMTEST_ORDINARY=ordinary-value-passes')
    expect(guest).toContain('VMTEST_PRIVATE=private-value-withheld')
    for (const [name, value] of Object.entries(secrets)) {
      expect(guest, name).not.toContain(value)
      expect(qemu, name).not.toContain(value)
    }
  })

  it('VMTEST_ENV_WITHHOLD withholds more, VMTEST_ENV_PASS lets default ones through (a token, a command file)', async () => {
    const passed = ['ACTIONS_CACHE_URL', 'GITHUB_STEP_SUMMARY']
    const { guest, qemu } = await guestView({
      ...process.env,
      VMTEST_ENV_WITHHOLD: 'VMTEST_PRIVATE',
      VMTEST_ENV_PASS: passed.join(' '),
    })
    expect(guest).toContain('VMTEST_ORDINARY=ordinary-value-passes')
    expect(guest).not.toContain('private-value-withheld')
    expect(qemu).not.toContain('private-value-withheld')
    for (const name of passed) expect(guest.split('\n')).toContain(`${name}=${secrets[name]}`)
    for (const [name, value] of Object.entries(secrets))
      if (!passed.includes(name)) expect(guest, name).not.toContain(value)
  })
})

describe('what a guest root can reach', () => {
  // With the default rootfs '/', the guest's root is the host's file system over 9p, served
  // by QEMU with the runner's rights: a guest can unmount its /proc and read host processes'
  // /proc/<pid>/environ (this process's included). Withholding variables keeps them out of
  // the command's and QEMU's environment, but is no boundary against a hostile guest. A
  // dedicated rootfs is: shown here with the guest's root trying its best.
  it('with a dedicated rootfs: not the host /proc, its environments, nor host files outside its shares', async () => {
    const t = tempDir()
    const token = 'secret-runtime-token-in-host-proc-7c2e'
    const saved = process.env.ACTIONS_RUNTIME_TOKEN
    process.env.ACTIONS_RUNTIME_TOKEN = token
    try {
      const rootfs = unpackRoot(join(t.dir, 'rootfs'))
      const command = [
        'umount -l /proc',
        'echo "proc entries: $(ls -A /proc | wc -l)"',
        `cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c ${token} || true`,
        `test -e ${JSON.stringify(join(repo, 'package.json'))} && echo HOST-REPO-VISIBLE`,
        `test -e ${JSON.stringify(t.dir)} && echo HOST-TMP-VISIBLE`,
        'true',
      ].join('\n')
      const { results, events } = await run(cliPlan(['-r', rootfs, '-k', kernel, '--', command]))
      expect(results[0].result).toBe('pass')
      const out = outputOf(events)
      expect(out).toEqual(['proc entries: 0', '0'])
      expect(out.join('\n')).not.toContain(token)
    } finally {
      if (saved === undefined) delete process.env.ACTIONS_RUNTIME_TOKEN
      else process.env.ACTIONS_RUNTIME_TOKEN = saved
      t.remove()
    }
  })
})

describe('vm.mounts', () => {
  it('a host path outside the workspace is allowed but logged; read-only is enforced by QEMU even against the guest root', async () => {
    const t = tempDir()
    try {
      const ws = join(t.dir, 'workspace')
      const outside = join(t.dir, 'outside-ro')
      const inside = join(ws, 'inside-rw')
      for (const d of [ws, outside, inside]) mkdirSync(d)
      writeFileSync(join(outside, 'hello'), 'from the host\n')
      const command = [
        'cat /mnt/ro/hello',
        // The guest's root tries everything a root can: remount read-write, mount the share
        // again without `ro`, write new and existing files.
        'mount -o remount,rw /mnt/ro && echo remounted-rw',
        '(echo pwned >/mnt/ro/new) 2>/dev/null && echo WROTE-NEW',
        '(echo pwned >>/mnt/ro/hello) 2>/dev/null && echo WROTE-EXISTING',
        '(rm /mnt/ro/hello) 2>/dev/null && echo REMOVED',
        'umount /mnt/ro && mount -t 9p -o trans=virtio,rw vmtest-mount0 /mnt/ro && echo mounted-again-rw',
        '(echo pwned >/mnt/ro/new2) 2>/dev/null && echo WROTE-AGAIN',
        'grep -q "^vmtest-mount0 /mnt/ro 9p rw," /proc/mounts && echo guest-thinks-rw',
        'echo guest >/mnt/rw/written && echo wrote-rw',
        'true',
      ].join('\n')
      writeFileSync(
        join(ws, 'vmtest.toml'),
        `[[target]]\nname = "mounts"\nkernel = ${toml(kernel)}\ncommand = ${toml(command)}\n[target.vm]\nmounts = { "/mnt/ro" = { host_path = ${toml(outside)} }, "/mnt/rw" = { host_path = "inside-rw", writable = true } }\n`,
      )
      const plan = cliPlan(['-c', join(ws, 'vmtest.toml')], ws)
      const argv = planJson(plan).targets[0].qemu.args
      expect(argv).toContain(
        `local,id=vmtest-mount0,path=${outside},mount_tag=vmtest-mount0,security_model=none,multidevs=remap,readonly=on`,
      )
      expect(argv).toContain(
        `local,id=vmtest-mount1,path=${inside},mount_tag=vmtest-mount1,security_model=none,multidevs=remap`,
      )
      const { results, events } = await run(plan)
      expect(results[0].result).toBe('pass')
      const warnings = events.flatMap((e) => (e.type === 'warning' ? [e.message] : []))
      expect(warnings).toEqual([
        `vm.mounts "/mnt/ro": host path ${outside} is outside the workspace (${ws}); the guest can read it`,
      ])
      const out = outputOf(events)
      expect(out).toContain('from the host')
      expect(out).toContain('wrote-rw')
      // The guest's kernel believes it mounted read-write; QEMU refuses every write anyway.
      expect(out).toEqual(expect.arrayContaining(['remounted-rw', 'mounted-again-rw', 'guest-thinks-rw']))
      expect(out.filter((l) => /WROTE|REMOVED/.test(l))).toEqual([])
      // The host folder is untouched; the writable one got the write.
      expect(readdirSync(outside)).toEqual(['hello'])
      expect(readFileSync(join(outside, 'hello'), 'utf8')).toBe('from the host\n')
      expect(readFileSync(join(inside, 'written'), 'utf8')).toBe('guest\n')
    } finally {
      t.remove()
    }
  })
})

describe('names, commands and paths with quotes, $, backticks, commas, newlines and unicode', () => {
  // Were any of it run through a host shell, `$(…)` or the backticks would create a canary.
  const CANARY = 'vmtest-canary-host-shell'
  const ODD = `a b'c"d,e $(touch ${CANARY}) \`touch ${CANARY}2\` ü`
  const NAME = `it's "$HOME" \`id\` ''' \u00fc 😀\nsecond line`
  const ODD_COMMAND = [
    `printf '%s\\n' "it's" '"dq"' '$HOME' '\`id\`' "'''" 'ü 😀' "a,b"`,
    `printf '%s' "$BASH_EXECUTION_STRING" | base64 -w0; echo`,
    'pwd',
  ].join('\n')
  let t: { dir: string; remove: () => void }
  let odd: string
  beforeAll(() => {
    t = tempDir()
    odd = join(t.dir, ODD)
    mkdirSync(join(odd, `k e'r"n,el`), { recursive: true })
    copyFileSync(kernel, join(odd, `k e'r"n,el`, `bz'Im"age $x`))
  })
  afterAll(() => {
    for (const dir of [process.cwd(), t.dir, odd])
      expect(readdirSync(dir).filter((f) => f.startsWith(CANARY))).toEqual([])
    t.remove()
  })

  const expectedLines = ["it's", '"dq"', '$HOME', '`id`', "'''", 'ü 😀', 'a,b']
  const guestSaw = (lines: string[]): { printed: string[]; command: string; cwd: string } => ({
    printed: lines.slice(0, expectedLines.length),
    command: Buffer.from(lines[expectedLines.length] ?? '', 'base64').toString('utf8'),
    cwd: lines[expectedLines.length + 1],
  })

  it('config mode: the name and command arrive verbatim; config, kernel, rootfs and mount paths work; QEMU argv holds them as single words', async () => {
    // A root other than the host's, at an odd path: the image fixture's root (busybox, bash,
    // mount, qemu-ga) unpacked there.
    const rootfs = unpackRoot(join(odd, `r o'o"t,fs`))
    const mount = join(odd, `m n'o"p,q`)
    mkdirSync(mount)
    writeFileSync(join(mount, 'hello'), 'mounted\n')
    const kernelPath = join(odd, `k e'r"n,el`, `bz'Im"age $x`)
    writeFileSync(
      join(odd, 'vmtest.toml'),
      `[[target]]
name = ${toml(NAME)}
kernel = ${toml(`k e'r"n,el/bz'Im"age $x`)}
command = ${toml(`${ODD_COMMAND}\ncat "/mnt/a b'c/hello"`)}
[target.vm]
num_cpus = 1
mounts = { "/mnt/a b'c" = { host_path = ${toml(basename(mount))} } }

[[target]]
name = "own root"
kernel = ${toml(kernelPath)}
rootfs = ${toml(basename(rootfs))}
command = ${toml(ODD_COMMAND)}
[target.vm]
num_cpus = 1
`,
    )
    const plan = cliPlan(['-c', join(odd, 'vmtest.toml')], t.dir)
    expect(plan.targets.map((x) => x.name)).toEqual([NAME, 'own root'])
    // --plan: every path is one argv word, verbatim but for QEMU's `,,` escape of commas.
    const planned = planJson(plan).targets
    const q = (s: string): string => s.replaceAll(',', ',,')
    expect(planned[0].name).toBe(NAME)
    expect(planned[0].command).toBe(`${ODD_COMMAND}\ncat "/mnt/a b'c/hello"`)
    expect(planned[0].qemu.args).toContain(kernelPath)
    expect(planned[0].qemu.args).toContain(
      `local,id=shared,path=${q(odd)},mount_tag=vmtest-shared,security_model=none,multidevs=remap`,
    )
    expect(planned[0].qemu.args).toContain(
      `local,id=vmtest-mount0,path=${q(mount)},mount_tag=vmtest-mount0,security_model=none,multidevs=remap,readonly=on`,
    )
    expect(planned[1].qemu.args).toContain(
      `local,id=root,path=${q(rootfs)},mount_tag=/dev/root,security_model=none,multidevs=remap`,
    )

    // The real QEMU got exactly those words (the targets may run in parallel: key by pid).
    const realArgv = new Map<string, string[]>()
    const { results, events } = await run(plan, (e) => {
      if (e.type === 'stage-start' && e.stage === 'command')
        for (const pid of ourQemus()) realArgv.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'))
    })
    expect(results.map((r) => [r.name, r.result, r.error])).toEqual([
      [NAME, 'pass', undefined],
      ['own root', 'pass', undefined],
    ])
    expect(realArgv.size).toBe(2)
    for (const [i, word] of [
      [0, planned[0].qemu.args.find((a) => a.startsWith('local,id=vmtest-mount0,'))],
      [1, planned[1].qemu.args.find((a) => a.startsWith('local,id=root,'))],
    ] as const) {
      const argv = [...realArgv.values()].find((a) => a.includes(word!))
      expect(argv, planned[i].name).toBeDefined()
      expect(argv).toContain(kernelPath)
      expect(argv).toContain(planned[i].qemu.args.find((a) => a.startsWith('local,id=shared,')))
    }

    const first = outputOf(events, NAME)
    expect(guestSaw(first)).toEqual({
      printed: expectedLines,
      command: `${ODD_COMMAND}\ncat "/mnt/a b'c/hello"`,
      cwd: odd,
    })
    expect(first[first.length - 1]).toBe('mounted')
    const second = guestSaw(outputOf(events, 'own root'))
    // Its own root: the command stays where the agent runs (/), the root is the odd folder.
    expect(second).toEqual({ printed: expectedLines, command: ODD_COMMAND, cwd: '/' })
    // The engine's init script went into the rootfs's tmp and is gone again.
    expect(readdirSync(join(rootfs, 'tmp'))).toEqual([])
  })

  it('one-liner mode: the kernel file names the target, the words are joined verbatim', async () => {
    const kernelPath = join(odd, `k e'r"n,el`, `bz'Im"age $x`)
    const words = [
      `printf '%s\\n' "it's" '"dq"' '$HOME' '\`id\`' "'''" 'ü 😀' "a,b"`,
      `\nprintf '%s' "$BASH_EXECUTION_STRING" | base64 -w0; echo\npwd`,
    ]
    const plan = cliPlan(['-k', kernelPath, '--', ...words], odd)
    expect(plan.targets[0].name).toBe(`bz'Im"age $x`)
    expect(plan.targets[0].command).toBe(words.join(' '))
    const { results, events } = await run(plan)
    expect(results[0].result).toBe('pass')
    expect(guestSaw(outputOf(events))).toEqual({ printed: expectedLines, command: words.join(' '), cwd: odd })
  })
})
