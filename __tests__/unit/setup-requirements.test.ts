import { describe, expect, it } from 'vitest'
import {
  aptUpdateMayHelp,
  parseAptCacheDepends,
  parseAptCachePolicy,
  parseDebFileName,
  selectBundlePackages,
} from '../../src/setup/apt.js'
import { artifactNames } from '../../src/setup/download.js'
import { hostArch, osTag, parseOsRelease } from '../../src/setup/host.js'
import { debianPackagesFor, requirementsOf, type Requirements } from '../../src/setup/requirements.js'
import { plan, target } from './setup-helpers.js'

const none: Requirements = { arches: [], guestAgent: false, uefi: [], initramfs: false, qemuImg: false, kvm: false }

describe('requirementsOf', () => {
  it.each([
    {
      name: 'x86 kernel target with rootfs /: no qemu-ga (our init runs the command)',
      plan: plan([target()]),
      want: { ...none, arches: ['x86_64'], initramfs: true, kvm: true },
    },
    {
      name: 'kernel target with its own rootfs: the same',
      plan: plan([target({ rootfs: '/srv/rootfs' })]),
      want: { ...none, arches: ['x86_64'], initramfs: true, kvm: true },
    },
    {
      name: 'initramfs off needs no busybox',
      plan: plan([target()], { initramfs: 'off' }),
      want: { ...none, arches: ['x86_64'], kvm: true },
    },
    {
      name: 'accel tcg never wants KVM',
      plan: plan([target()], { accel: 'tcg', initramfs: 'off' }),
      want: { ...none, arches: ['x86_64'] },
    },
    {
      name: 'UEFI image targets need firmware and (overlay) qemu-img; vm.bios brings its own',
      plan: plan([
        target({ kind: 'image', image: '/a.img', uefi: true }),
        target({
          kind: 'image',
          image: '/b.img',
          uefi: true,
          arch: 'aarch64',
          vm: { numCpus: 1, memory: '1G', mounts: [], extraArgs: [], bios: '/fw.fd' },
        }),
      ]),
      want: { ...none, arches: ['x86_64', 'aarch64'], uefi: ['x86_64'], qemuImg: true, kvm: true },
    },
    {
      name: 'writeImage still needs qemu-img: the image chain is inspected before boot',
      plan: plan([target({ kind: 'image', image: '/a.img' })], { writeImage: true }),
      want: { ...none, arches: ['x86_64'], qemuImg: true, kvm: true },
    },
    {
      name: 'a custom qemu_command is not ours to install; foreign arches never use KVM',
      plan: plan(
        [target({ arch: 'riscv64', qemuCommand: '/opt/qemu/bin/qemu-system-riscv64' }), target({ arch: 's390x' })],
        { initramfs: 'off' },
      ),
      want: { ...none, arches: ['s390x'] },
    },
  ])('$name', ({ plan: p, want }) => {
    expect(requirementsOf(p, 'x86_64')).toEqual(want)
  })

  it('orders arches canonically and deduplicates', () => {
    const p = plan([target({ arch: 'riscv64' }), target({ arch: 'x86_64' }), target({ arch: 'riscv64' })])
    expect(requirementsOf(p, 'aarch64').arches).toEqual(['x86_64', 'riscv64'])
  })
})

describe('debianPackagesFor', () => {
  it.each([
    { req: { ...none, arches: ['x86_64'] }, os: 'debian', want: ['qemu-system-x86'] },
    {
      req: { ...none, arches: ['aarch64'], uefi: ['aarch64'] },
      os: 'debian',
      want: ['qemu-system-arm', 'qemu-efi-aarch64'],
    },
    { req: { ...none, arches: ['s390x', 'riscv64'] }, os: 'debian', want: ['qemu-system-misc'] },
    { req: { ...none, arches: ['s390x', 'riscv64'] }, os: 'ubuntu', want: ['qemu-system-s390x', 'qemu-system-misc'] },
    {
      req: { ...none, arches: ['x86_64'], guestAgent: true, uefi: ['x86_64'], initramfs: true, qemuImg: true },
      os: 'debian',
      want: ['qemu-system-x86', 'qemu-guest-agent', 'ovmf', 'busybox-static', 'qemu-utils'],
    },
    { req: { ...none, uefi: ['riscv64', 's390x'] }, os: 'debian', want: [] },
    { req: none, os: 'debian', want: [] },
  ] as { req: Requirements; os: string; want: string[] }[])('$os $req.arches $want', ({ req, os, want }) => {
    expect(debianPackagesFor(req, { id: os })).toEqual(want)
  })
})

describe('apt output parsers', () => {
  it('parses apt-cache policy (installed, candidate, none)', () => {
    const text = [
      'qemu-system-x86:',
      '  Installed: 1:7.2+dfsg-7+deb12u18+b3',
      '  Candidate: 1:7.2+dfsg-7+deb12u18+b3',
      '  Version table:',
      ' *** 1:7.2+dfsg-7+deb12u18+b3 500',
      '        500 http://deb.debian.org/debian bookworm/main amd64 Packages',
      'libslirp0:amd64:',
      '  Installed: (none)',
      '  Candidate: 4.7.0-1',
      'ghost:',
      '  Installed: (none)',
      '  Candidate: (none)',
    ].join('\n')
    const p = parseAptCachePolicy(text)
    expect(p.get('qemu-system-x86')).toEqual({
      installed: '1:7.2+dfsg-7+deb12u18+b3',
      candidate: '1:7.2+dfsg-7+deb12u18+b3',
    })
    expect(p.get('libslirp0')).toEqual({ candidate: '4.7.0-1' })
    expect(p.get('ghost')).toEqual({})
  })

  it('parses apt-cache depends: alternatives, virtual packages and their providers, other relations skipped', () => {
    const text = [
      'libpam-modules',
      '  PreDepends: libc6',
      ' |PreDepends: debconf',
      '  PreDepends: <debconf-2.0>',
      '    cdebconf',
      '    debconf',
      '  Conflicts: <libpam-mkhomedir>',
      '  Replaces: <libpam-umask>',
      '    libpam-modules',
      'usrmerge',
      '  Depends: <perl:any>',
      '    perl',
      '<debconf-2.0>',
      'qemu-system-x86',
      '  Depends: libslirp0',
      '  Recommends: qemu-utils',
    ].join('\n')
    const d = parseAptCacheDepends(text)
    expect(d.get('libpam-modules')).toEqual([
      [{ name: 'libc6', virtual: false, providers: [] }],
      [
        { name: 'debconf', virtual: false, providers: [] },
        { name: 'debconf-2.0', virtual: true, providers: ['cdebconf', 'debconf'] },
      ],
    ])
    expect(d.get('usrmerge')).toEqual([[{ name: 'perl', virtual: true, providers: ['perl'] }]])
    expect(d.get('qemu-system-x86')).toEqual([[{ name: 'libslirp0', virtual: false, providers: [] }]])
    expect(d.has('debconf-2.0')).toBe(false)
  })

  it.each([
    ['E: Unable to locate package qemu-system-x86', true],
    ["E: Package 'ovmf' has no installation candidate", true],
    ["E: Can't find a source to download version '1:7.2' of 'qemu-system-x86:amd64'", true],
    ['E: Failed to fetch http://deb.debian.org/debian/pool/main/q/qemu/x.deb  404  Not Found [IP: 1.2.3.4 80]', true],
    ['E: Could not get lock /var/lib/dpkg/lock-frontend', false],
    ['E: Sub-process /usr/bin/dpkg returned an error code (1)', false],
  ])('aptUpdateMayHelp(%j) = %s', (text, want) => {
    expect(aptUpdateMayHelp(text)).toBe(want)
  })

  it('parses .deb file names with an epoch', () => {
    expect(parseDebFileName('/x/qemu-system-x86_1%3a7.2+dfsg-7+deb12u18+b3_amd64.deb')).toEqual({
      name: 'qemu-system-x86',
      version: '1:7.2+dfsg-7+deb12u18+b3',
      arch: 'amd64',
    })
    expect(parseDebFileName('seabios_1.16.2-1_all.deb')).toEqual({ name: 'seabios', version: '1.16.2-1', arch: 'all' })
    expect(parseDebFileName('notadeb.txt')).toBeUndefined()
  })
})

describe('selectBundlePackages', () => {
  const depends = parseAptCacheDepends(
    [
      'qemu-system-x86',
      '  Depends: libc6',
      '  Depends: libslirp0',
      '  Depends: libglib2.0-0',
      '  Depends: qemu-system-data',
      '  Depends: seabios',
      'qemu-guest-agent',
      '  PreDepends: init-system-helpers',
      '  Depends: liburing2',
      'libslirp0',
      '  Depends: libglib2.0-0',
      '  Depends: libc6',
      'libglib2.0-0',
      '  Depends: libffi8',
      '  Depends: libc6',
      'libffi8',
      '  Depends: libc6',
      'liburing2',
      '  Depends: libc6',
      'init-system-helpers',
      ' |Depends: usrmerge',
      '  Depends: usr-is-merged',
      'qemu-system-data',
      'seabios',
      'libc6',
    ].join('\n'),
  )
  const policy = parseAptCachePolicy(
    [
      ['qemu-system-x86', '(none)', '1:7.2'],
      ['qemu-guest-agent', '(none)', '1:7.2'],
      ['qemu-system-data', '1:7.2', '1:7.2'],
      ['seabios', '(none)', '1.16'],
      ['libc6', '2.36', '2.36'],
      ['libslirp0', '(none)', '4.7.0-1'],
      ['libglib2.0-0', '2.74', '2.74'],
      ['libffi8', '3.4', '3.4'],
      ['liburing2', '(none)', '2.3'],
      ['init-system-helpers', '(none)', '1.65'],
    ]
      .map(([n, i, c]) => `${n}:\n  Installed: ${i}\n  Candidate: ${c}`)
      .join('\n'),
  )

  it('takes requested packages, QEMU-family packages even if installed, and only missing libraries', () => {
    const s = selectBundlePackages({ requested: ['qemu-system-x86', 'qemu-guest-agent'], depends, policy })
    expect(s.unavailable).toEqual([])
    expect(s.packages.map((p) => p.name)).toEqual([
      'qemu-system-x86',
      'libslirp0',
      'qemu-system-data',
      'seabios',
      'qemu-guest-agent',
      'liburing2',
    ])
    expect(s.packages.find((p) => p.name === 'libslirp0')?.version).toBe('4.7.0-1')
  })

  it('treatAsMissing bundles an installed library and follows its dependencies', () => {
    const s = selectBundlePackages({
      requested: ['qemu-system-x86'],
      depends,
      policy,
      treatAsMissing: ['libglib2.0-0'],
    })
    expect(s.packages.map((p) => p.name)).toContain('libglib2.0-0')
    expect(s.packages.map((p) => p.name)).not.toContain('libffi8')
  })

  it('reports packages apt has no version for', () => {
    const s = selectBundlePackages({ requested: ['qemu-system-x86', 'ghost'], depends, policy })
    expect(s.unavailable).toEqual(['ghost'])
  })
})

describe('host facts', () => {
  it('parses os-release and builds a tag safe for semver and cache keys', () => {
    const deb = parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nID=debian\n')
    expect(deb).toEqual({ id: 'debian', versionId: '12', idLike: [] })
    expect(osTag(deb)).toBe('debian12')
    const ubu = parseOsRelease("ID=ubuntu\nID_LIKE=debian\nVERSION_ID='24.04'\n")
    expect(ubu.idLike).toEqual(['debian'])
    expect(osTag(ubu)).toBe('ubuntu24-04')
  })

  it.each([
    ['x64', 'x86_64'],
    ['arm64', 'aarch64'],
    ['s390x', 's390x'],
    ['riscv64', 'riscv64'],
    ['ppc64', undefined],
  ])('hostArch(%s) = %s', (node, want) => {
    expect(hostArch(node)).toBe(want)
  })

  it.each([
    [
      'https://x/images/disk.img.zst',
      'image',
      { fileName: 'disk.img.zst', compression: 'zst', outputName: 'disk.img' },
    ],
    [
      'https://x/disk.qcow2.xz?token=1',
      'image',
      { fileName: 'disk.qcow2.xz', compression: 'xz', outputName: 'disk.qcow2' },
    ],
    ['https://x/disk.raw.gz', 'image', { fileName: 'disk.raw.gz', compression: 'gz', outputName: 'disk.raw' }],
    ['https://x/Image.gz', 'kernel', { fileName: 'Image.gz', compression: undefined, outputName: 'Image.gz' }],
    ['https://x/bzImage.xz', 'kernel', { fileName: 'bzImage.xz', compression: 'xz', outputName: 'bzImage' }],
    ['https://x/', 'kernel', { fileName: 'kernel', compression: undefined, outputName: 'kernel' }],
  ] as const)('artifactNames(%s, %s)', (url, kind, want) => {
    expect(artifactNames(url, kind)).toEqual(want)
  })
})
