// The guest scripts as the host renders them. The command wrapper runs here on the host under
// the real bash (it touches nothing outside its arguments); init.sh and mount.sh mount over
// /proc, /run and /mnt, so here they are only rendered and syntax-checked: the VM tests boot
// them for real.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  commandInvocation,
  guestDebug,
  initCompanions,
  initPath,
  mountInvocation,
  optionalFilesystems,
  readTemplate,
  renderHandover,
  renderInit,
} from '../../src/guest/templates.js'
import { readInitTemplate } from '../../src/initramfs/build.js'
import { NINEP_MOUNT_OPTIONS } from '../../src/platform/ninep.js'
import { findGuestBusybox } from '../../src/guest/busybox.js'
import { tempDir, writeTree } from './initramfs-helpers.js'

const tmp = tempDir('vmtest-templates-')
afterAll(() => tmp.cleanup())

const odd = '/mnt/a b\'c"$(touch x)`y`\\z'
const shares = [
  { tag: 'vmtest-shared', path: '/mnt/vmtest', readonly: false },
  { tag: 'vmtest-mount0', path: odd, readonly: true },
]

/** The values of bash assignment lines of `script`, each array printed NUL-separated. */
function bashValues(script: string, assignments: RegExp, print: string): string[] {
  const lines = script.split('\n').filter((l) => assignments.test(l))
  const out = execFileSync('bash', ['-c', `${lines.join('\n')}\n${print}`], { encoding: 'utf8' })
  return out.split('\0').slice(0, -1)
}

describe('renderInit', () => {
  const init = renderInit({
    path: initPath("/opt/it's here:/usr/bin"),
    busybox: '/usr/bin/busybox',
    shares,
  })

  it('leaves no placeholder and parses as bash', () => {
    expect(init).not.toMatch(/@[A-Z]+@/)
    expect(spawnSync('bash', ['-n'], { input: init }).status).toBe(0)
  })

  it('quotes every value into exactly the words it was given', () => {
    expect(
      bashValues(init, /^(export PATH=|shares=\(|bb=\()/, `printf '%s\\0' "$PATH" "\${bb[@]}" "\${shares[@]}"`),
    ).toEqual([
      "/opt/it's here:/usr/bin:/usr/local/sbin:/usr/sbin:/sbin",
      '/usr/bin/busybox',
      'vmtest-shared',
      '/mnt/vmtest',
      '0',
      'vmtest-mount0',
      odd,
      '1',
    ])
  })

  it('the interactive shell: its directory as one word, the terminal size when known, nothing without it', () => {
    const dir = "/work/a b'c"
    const words = (text: string): string[] =>
      bashValues(text, /^shell=\(/, `printf '%s\\0' "\${#shell[@]}" "\${shell[@]}"`)
    expect(
      words(renderInit({ path: initPath(undefined), shares, interactiveShell: { dir, rows: 33, columns: 101 } })),
    ).toEqual(['3', dir, '33', '101'])
    expect(words(renderInit({ path: initPath(undefined), shares, interactiveShell: { dir } }))).toEqual(['1', dir])
    expect(words(init)).toEqual(['0'])
  })

  it('debug and network: off unless asked', () => {
    const words = (text: string): string[] =>
      bashValues(text, /^(VMTEST_DEBUG=|network=)/, `printf '%s\\0' "[$VMTEST_DEBUG]" "$network"`)
    expect(words(init)).toEqual(['[]', '0'])
    expect(words(renderInit({ path: initPath(undefined), shares, debug: true, network: true }))).toEqual(['[1]', '1'])
  })

  it.each([
    [{}, false],
    [{ VMTEST_DEBUG: '1' }, true],
    [{ VMTEST_DEBUG: '0' }, false],
    [{ VMTEST_DEBUG: '' }, false],
    [{ RUNNER_DEBUG: '1' }, true],
    [{ RUNNER_DEBUG: '0' }, false],
  ])('guestDebug(%o) is %s', (env, want) => {
    expect(guestDebug(env)).toBe(want)
  })

  it('without busybox or a host PATH: an empty bb and the default PATH', () => {
    const plain = renderInit({ path: initPath(undefined), shares: shares.slice(0, 1) })
    expect(
      bashValues(plain, /^(export PATH=|shares=\(|bb=\()/, `printf '%s\\0' "$PATH" "\${#bb[@]}" "\${shares[@]}"`),
    ).toEqual([
      '/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin',
      '0',
      'vmtest-shared',
      '/mnt/vmtest',
      '0',
    ])
  })

  it('starts no guest agent: the root needs only bash', () => {
    expect(init).not.toMatch(/qemu-ga|guest_agent/)
  })
})

describe("renderHandover (what a kernel target's init sources)", () => {
  /** The handover sourced by the host's bash, its values printed NUL-separated. */
  function sourced(text: string): string[] {
    const print = `printf '%s\\0' "$vmtest_marker" "\${vmtest_cwd-unset}" "\${vmtest_command-unset}" "\${#vmtest_env[@]}" "\${vmtest_env[@]}" "\${vmtest_wrapper-unset}"`
    const out = execFileSync('bash', ['-c', `${text}\n${print}`], { encoding: 'utf8' })
    return out.split('\0').slice(0, -1)
  }

  it('hands every value over verbatim, however it is quoted', () => {
    const command = `echo "$HOME" 'a'\\''b' \`x\` $(y)\nexit 3`
    const env = ['A=1', `ODD=${odd}`, 'MULTI=line 1\nline 2', 'EMPTY=']
    const text = renderHandover({ marker: 'VMTEST-END-x', command: { text: command, cwd: odd, env } })
    expect(sourced(text)).toEqual(['VMTEST-END-x', odd, command, '4', ...env, readTemplate('command.sh')])
  })

  it('the interactive shell: the marker only', () => {
    expect(sourced(renderHandover({ marker: 'VMTEST-END-y' }))).toEqual([
      'VMTEST-END-y',
      'unset',
      'unset',
      '0',
      'unset',
    ])
  })
})

describe('init companions', () => {
  const all = initCompanions()
  const files = Object.fromEntries(Object.entries(all).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >

  it('the standard /dev links and the /dev mount points: busybox makes them, else one `cp` of host-made copies', () => {
    expect(Object.fromEntries(Object.entries(all).filter(([, v]) => typeof v !== 'string'))).toEqual({
      'dev/fd': { link: '/proc/self/fd' },
      'dev/stdin': { link: '/proc/self/fd/0' },
      'dev/stdout': { link: '/proc/self/fd/1' },
      'dev/stderr': { link: '/proc/self/fd/2' },
      'dev/shm': { dir: true },
      'dev/pts': { dir: true },
    })
    expect(files['mount.sh']).toContain('cp -an "${vmtest_fstab%/*}"/dev/* /dev/')
    // With busybox: its own ln and mkdir (forks of its sh), each link only when missing.
    const made = files['mount.sh'].slice(files['mount.sh'].indexOf('if [ -n "${VMTEST_BUSYBOX:-}" ]; then'))
    expect(
      made
        .split('\n')
        .slice(1, 6)
        .map((l) => l.trim()),
    ).toEqual([
      "[ -e /dev/fd ] || ln -s '/proc/self/fd' /dev/fd",
      "[ -e /dev/stdin ] || ln -s '/proc/self/fd/0' /dev/stdin",
      "[ -e /dev/stdout ] || ln -s '/proc/self/fd/1' /dev/stdout",
      "[ -e /dev/stderr ] || ln -s '/proc/self/fd/2' /dev/stderr",
      'mkdir -p /dev/shm /dev/pts',
    ])
    expect(made).toMatch(/elif \[ ! -e \/dev\/fd \] \|\| .* \|\| \[ ! -d \/dev\/pts \]; then\n\s+cp -an/)
    // Every /dev mount point of the fstab is in the skeleton.
    const devDirs = files['system.fstab']
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.trim().split(/\s+/)[1] as string)
      .filter((d) => d.startsWith('/dev/'))
    for (const d of devDirs) expect(all[`dev/${d.slice(5)}`]).toEqual({ dir: true })
  })

  it('mount.sh is POSIX sh (busybox and dash) and bash', () => {
    for (const shell of ['sh', 'bash', 'busybox']) {
      const args = shell === 'busybox' ? ['sh', '-n'] : ['-n']
      const r = spawnSync(shell, args, { input: files['mount.sh'] })
      expect(r.status, `${shell}: ${r.stderr}`).toBe(0)
    }
  })

  it('system.fstab: six fields a line, sysfs before what mounts inside it, /mnt last', () => {
    const entries = files['system.fstab']
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.trim().split(/\s+/))
    for (const e of entries) expect(e).toHaveLength(6)
    const dirs = entries.map((e) => e[1])
    expect(dirs).toEqual([
      '/dev/shm',
      '/dev/pts',
      '/run',
      '/sys',
      '/sys/kernel/debug',
      '/sys/kernel/tracing',
      '/sys/fs/cgroup',
      '/sys/fs/bpf',
      '/mnt',
    ])
    // Optional (skipped when the kernel lacks them): exactly debugfs, tracefs, cgroup2, bpf.
    expect(entries.filter((e) => e[3].split(',').includes('nofail')).map((e) => e[2])).toEqual([
      'debugfs',
      'tracefs',
      'cgroup2',
      'bpf',
    ])
  })

  it("the 9p options are the platform's, in the mount script and the initramfs init alike", () => {
    expect(NINEP_MOUNT_OPTIONS).toMatch(/^[a-z0-9=,]+$/) // spliced unquoted into shell text
    expect(files['mount.sh']).toContain(`vmtest_opts=${NINEP_MOUNT_OPTIONS}\n`)
    expect(mountInvocation([]).args[1]).toBe(files['mount.sh'])
    expect(readInitTemplate().toString()).toContain(`rootflags=${NINEP_MOUNT_OPTIONS}\n`)
    for (const text of [files['mount.sh'], readInitTemplate().toString()]) expect(text).not.toMatch(/@[A-Z_]+@/)
  })

  it('network.sh is bash', () => {
    const r = spawnSync('bash', ['-n'], { input: files['network.sh'] })
    expect(r.status, String(r.stderr)).toBe(0)
  })

  it('optionalFilesystems: the types of the nofail entries', () => {
    expect(
      optionalFilesystems(
        '# a nofail comment\na /a tmpfs nofail 0 0\nb /b sysfs defaults 0 0\n\n  c /c bpf mode=700,nofail 0 0\n',
      ),
    ).toEqual(['tmpfs', 'bpf'])
  })

  // The system mounts for real, on this host, in a mount namespace of their own (root only):
  // an optional entry whose filesystem the kernel lacks is left out without a word (debug
  // names it), a required one still fails loudly, the rest mount. Under busybox sh (init's
  // path with a busybox) and sourced into bash (without one).
  const unshare = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0
  it.skipIf(!unshare).each([
    ['busybox sh', false],
    ['busybox sh', true],
    ['bash', false],
    ['bash', true],
  ])(
    '--system under %s (debug %s): optional filesystems the kernel lacks skipped quietly, a missing required one loud',
    (shell, debug) => {
      const dir = path.join(tmp.dir, `system-${shell.replace(' ', '-')}-${debug}`)
      mkdirSync(path.join(dir, 'opt'), { recursive: true })
      mkdirSync(path.join(dir, 'req'), { recursive: true })
      mkdirSync(path.join(dir, 'ok'), { recursive: true })
      const fstab = path.join(dir, 'fstab')
      writeFileSync(
        fstab,
        `vmtest-nofs ${dir}/opt vmtestnosuchfs nofail 0 0\ntmpfs ${dir}/ok tmpfs nosuid 0 0\nvmtest-req ${dir}/req vmtestrequiredfs defaults 0 0\n`,
      )
      // The rendered script with this test's optional type (the host lists them from the fstab).
      const script = path.join(dir, 'mount.sh')
      writeFileSync(
        script,
        files['mount.sh'].replace(/^ {4}vmtest_optional=.*$/m, "    vmtest_optional='vmtestnosuchfs'"),
      )
      const env = `VMTEST_DEBUG=${debug ? 1 : ''}`
      const run =
        shell === 'bash' ? `${env}; . ${script} --system ${fstab}` : `${env} busybox sh ${script} --system ${fstab}`
      const r = spawnSync(
        'unshare',
        ['-m', '--propagation', 'private', 'bash', '-c', `${run}; echo "status=$?"; grep ' ${dir}/' /proc/mounts`],
        { encoding: 'utf8' },
      )
      const out = r.stdout + r.stderr
      expect(out).toMatch(/^status=0$/m)
      expect(out).toContain(`tmpfs ${dir}/ok tmpfs`)
      expect(out).not.toContain('vmtestnosuchfs /')
      expect(out).not.toMatch(/vmtest-nofs|opt.*(failed|unknown)/)
      // The required one: mount's own error and our warning.
      expect(out).toMatch(/vmtestrequiredfs|vmtest-req/)
      expect(out).toContain('vmtest: some system mounts failed (kernel options missing?); see above')
      const named = /vmtest: optional mounts skipped, the kernel lacks their filesystems: vmtestnosuchfs$/m
      if (debug) expect(out).toMatch(named)
      else expect(out).not.toMatch(named)
    },
  )

  it('the image path runs the same mount.sh through the agent', () => {
    const inv = mountInvocation(shares)
    expect(inv).toEqual({
      path: 'bash',
      args: ['-c', files['mount.sh'], 'vmtest', 'vmtest-shared', '/mnt/vmtest', '0', 'vmtest-mount0', odd, '1'],
    })
  })
})

describe('the command wrapper, run by the host bash', () => {
  const MARKER = 'VMTEST-END-test'
  function run(command: string, cwd = ''): { status: number | null; out: string } {
    const inv = commandInvocation(command, cwd, MARKER)
    const r = spawnSync(inv.path, inv.args, { encoding: 'utf8', cwd: tmp.dir })
    return { status: r.status, out: r.stdout + r.stderr }
  }

  it.each([
    ['its exit status', 'exit 3', 3, undefined],
    ['$0 bash and no positional parameters, as `bash -c`', 'echo "$0 $#"', 0, /^bash 0$/m],
    [
      'none of the wrapper variables',
      'echo "[${vmtest_command-}${vmtest_marker-}${vmtest_cwd-}${vmtest_status-}]"',
      0,
      /^\[\]$/m,
    ],
    ['fd 3 (the port) closed', '[ -e /proc/self/fd/3 ] && echo open || echo closed', 0, /^closed$/m],
    ['its own EXIT trap, with its exit status', 'trap "echo trapped" EXIT; exit 4', 4, /^trapped$/m],
    ['set -e ending the command, not the wrapper', 'set -e; false; echo not-here', 1, undefined],
    ['a syntax error as a failure', 'if', 2, /syntax error/],
    ['a signal death as 128+n', 'kill -TERM $BASHPID', 143, undefined],
    [
      'BASH_EXECUTION_STRING, as `bash -c` sets it',
      'echo "[$BASH_EXECUTION_STRING]"',
      0,
      /^\[echo "\[\$BASH_EXECUTION_STRING\]"\]$/m,
    ],
    ['multi-line text and quotes verbatim', `printf '%s\\n' "a'b" 'c"d'\necho "$((6 * 7))"`, 0, /^a'b\nc"d\n42$/m],
  ])('gives the command %s', (_what, command, status, out) => {
    const r = run(command)
    expect(r.status, r.out).toBe(status)
    if (out) expect(r.out).toMatch(out)
    expect(r.out).not.toContain('not-here')
  })

  // bash numbers eval'd lines from the line of the eval: the wrapper's eval sits on its line 1.
  it.each([
    [
      'a command not found',
      'true\ntrue\nvmtest-no-such-command',
      /^bash: line 3: vmtest-no-such-command: command not found$/m,
    ],
    ["a builtin's error", 'true\n\ncd /vmtest/no/such/dir', /^bash: line 3: cd: \/vmtest\/no\/such\/dir: /m],
    ['$LINENO', 'true\necho "at $LINENO"\n', /^at 2$/m],
    ['a syntax error', 'true\nif true; then\n', /line 3: syntax error/],
    ['an error inside a function', 'f() {\n  true\n  cd /vmtest/no/such/dir\n}\nf', /: line 3: cd: /],
  ])('reports the line numbers `bash -c` reports: %s', (_what, command, want) => {
    const r = run(command)
    expect(r.out).toMatch(want)
    const direct = spawnSync('bash', ['-c', command], { encoding: 'utf8', cwd: tmp.dir })
    const lines = (text: string): string[] => [...text.matchAll(/line (\d+)/g)].map((m) => m[1])
    expect(lines(r.out)).toEqual(lines(direct.stdout + direct.stderr))
  })

  it('runs in the quoted working directory, and exits 125 when it is missing', () => {
    const dir = path.join(tmp.dir, "a dir 'x'")
    mkdirSync(dir)
    expect(run('pwd', dir).out).toContain(`${dir}\n`)
    expect(run('pwd', path.join(tmp.dir, 'missing')).status).toBe(125)
  })
})

describe('findGuestBusybox', () => {
  const root = path.join(tmp.dir, 'root')
  writeTree(root, {
    'usr/bin/busybox': 'bb',
    'usr/sbin/busybox': 'not executable',
    bin: { symlink: '/usr/bin' }, // absolute: the rootfs's own /usr/bin
  })
  chmodSync(path.join(root, 'usr/bin/busybox'), 0o755)

  it.each([
    ['the first PATH entry that has one, as the guest names it', '/bin:/usr/bin', '/bin/busybox'],
    ['skipping one that is not executable', '/usr/sbin:/usr/bin', '/usr/bin/busybox'],
    ['skipping relative and missing entries', 'bin:/nowhere:/usr/bin', '/usr/bin/busybox'],
    ['none', '/usr/sbin:/nowhere', undefined],
  ])('finds %s', (_what, guestPath, want) => {
    expect(findGuestBusybox(root, guestPath)).toBe(want)
  })
})
