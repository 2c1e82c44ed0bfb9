// The resolved, validated description of what to run. Produced by src/config (vmtest.toml or
// one-liner) and src/action/inputs (action inputs); consumed by the QEMU argv builder, the
// engine and `--plan`. Every path here is absolute.

export const ARCHES = ['x86_64', 'aarch64', 's390x', 'riscv64'] as const
export type Arch = (typeof ARCHES)[number]

// The allowed values of the run-wide choices, once: the CLI flags, the action inputs, `vmtest
// --help` and a test against action.yml's descriptions all read these lists.
export const ACCEL_MODES = ['auto', 'kvm', 'tcg'] as const
export type AccelMode = (typeof ACCEL_MODES)[number]
export type Accel = 'kvm' | 'tcg'
/** Whether a kernel target boots through our generated initramfs (stock distro kernels). */
export const INITRAMFS_MODES = ['auto', 'on', 'off'] as const
export type InitramfsMode = (typeof INITRAMFS_MODES)[number]
/** How the command's output is parsed for the summary. */
export const TEST_OUTPUTS = ['none', 'tap', 'test_progs', 'auto'] as const
export type TestOutput = (typeof TEST_OUTPUTS)[number]
/** Where the test results are read: the command's output, the kernel console (KUnit's KTAP
 *  at boot), or auto (the console when it carries a KTAP header and the output has none). */
export const TEST_OUTPUT_SOURCES = ['auto', 'output', 'console'] as const
export type TestOutputSource = (typeof TEST_OUTPUT_SOURCES)[number]
/** How runner setup gets QEMU and its helpers (action input `install`). */
export const INSTALL_MODES = ['auto', 'apt', 'tool-cache', 'none'] as const
export type InstallMode = (typeof INSTALL_MODES)[number]
/** The /mnt/vmtest share: read-write (upstream), read-only, or not shared at all. */
export const WORKSPACE_MOUNTS = ['rw', 'ro', 'off'] as const
export type WorkspaceMount = (typeof WORKSPACE_MOUNTS)[number]
/** `vm.network`: no NIC (upstream), or a virtio-net NIC on QEMU's user networking. */
export const NETWORKS = ['none', 'user'] as const
export type Network = (typeof NETWORKS)[number]
/** `vm.shared_fs`: how the root and the shares reach a kernel target's guest: 9p (upstream),
 *  or virtiofs (a virtiofsd per share; much faster on file-heavy work). */
export const SHARED_FSES = ['9p', 'virtiofs'] as const
export type SharedFs = (typeof SHARED_FSES)[number]

export interface Mount {
  /** Path inside the guest (the key of `vm.mounts`). */
  guestPath: string
  hostPath: string
  writable: boolean
}

/** A 9p share as the guest mounts it: the tag QEMU exports, where it goes, read-only or not
 *  (the guest mount script's TAG PATH READONLY triples). */
export interface GuestShare {
  tag: string
  path: string
  readonly: boolean
}

export interface VmConfig {
  numCpus: number
  memory: string
  mounts: Mount[]
  bios?: string
  extraArgs: string[]
  /** Absent: 'none'. */
  network?: Network
  /** Absent: '9p'. */
  sharedFs?: SharedFs
}

/** Where a target came from, for error messages and annotations. */
export interface Origin {
  /** Absolute path of vmtest.toml, absent for one-liner / action-input targets. */
  file?: string
  /** 1-based line of the `[[target]]` header in `file`. */
  line?: number
  /** Index of the target in the config file (0-based), as upstream counts. */
  index: number
}

export interface Target {
  name: string
  kind: 'kernel' | 'image'
  arch: Arch
  /** Absolute kernel path (kernel targets). */
  kernel?: string
  /** Absolute image path (image targets). */
  image?: string
  uefi: boolean
  /** Extra kernel command line, verbatim (split on whitespace when building the cmdline). */
  kernelArgs?: string
  /** Absolute rootfs directory exported as the guest root (kernel targets); default '/'. */
  rootfs: string
  /** Absolute `kernel_modules` folder (kernel targets): the kernel's `make modules_install
   *  INSTALL_MOD_PATH=` tree (or its lib/modules/<release>), seen by the guest at
   *  /lib/modules/<release> and where the initramfs takes virtio/9p from. */
  kernelModules?: string
  /** QEMU program: name looked up in PATH or an absolute path. */
  qemuCommand: string
  /** Run in the guest with `bash -c`; verbatim. */
  command: string
  /** vmtest.toml `fail_on_test_failure` / `test_output_source`; the run-wide flag or input
   *  (RunOptions), when given, wins. */
  failOnTestFailure?: boolean
  testOutputSource?: TestOutputSource
  /** `-cpu` value used with KVM. */
  kvmCpuArgs: string
  vm: VmConfig
  /** Host directory shared at /mnt/vmtest: the config's directory (one-liner: cwd). */
  sharedDir: string
  origin: Origin
  /** Remote sources (action inputs `kernel_url` / `image_url`): setup downloads them and
   *  fills `kernel` / `image` before the engine runs. */
  source?: RemoteSource
}

export interface RemoteSource {
  kernelUrl?: string
  kernelSha256?: string
  imageUrl?: string
  imageSha256?: string
}

/** Options that apply to the whole run (flags / action inputs), not per target. */
export interface RunOptions {
  accel: AccelMode
  /** Boot deadline in seconds; undefined = 80 with KVM, 120 without. */
  bootTimeout?: number
  /** Per-command timeout in seconds; undefined = none. */
  commandTimeout?: number
  initramfs: InitramfsMode
  /** Boot image targets writing through to the image file (upstream behaviour). */
  writeImage: boolean
  /** Environment variable names never passed to the guest, on top of the default secrets. */
  envWithhold: string[]
  /** Environment variable names passed even though they are withheld by default. */
  envPass: string[]
  /** How many targets run at once; 'auto' = bounded by host cores and memory. */
  jobs: number | 'auto'
  /** Kernel splats (panic, Oops, KASAN, …) in the console make the target fail. */
  failOnSplat: boolean
  /** Parse the command output as TAP/KTAP or test_progs ('auto' detects it). */
  testOutput: TestOutput
  /** Failing parsed tests fail the target; undefined = the target's key, else true. */
  failOnTestFailure?: boolean
  /** Where test results are read; undefined = the target's key, else 'auto'. */
  testOutputSource?: TestOutputSource
  /** Directory where per-target console and command logs are written. */
  logsDir?: string
  /** The /mnt/vmtest share (sharedDir); undefined = 'rw'. */
  workspaceMount?: WorkspaceMount
  /** Cap of each per-target log file in bytes; undefined = DEFAULT_MAX_LOG_BYTES. */
  maxLogBytes?: number
}

/** Default cap of a per-target console.log / command.log: generous, yet a guest cannot fill
 *  the runner's disk. Past the cap the log says where it was cut. */
export const DEFAULT_MAX_LOG_BYTES = 1024 ** 3

export interface Plan {
  targets: Target[]
  options: RunOptions
  warnings: Diagnostic[]
}

/** A warning or error that points into a file (for messages and annotations). */
export interface Diagnostic {
  message: string
  file?: string
  line?: number
  column?: number
}
