// What QEMU is started with for one target: a kernel target's init (and initramfs when one
// is needed) written where the guest sees it, an image target's format and firmware found,
// and the argv built by the pure builder in qemu/. Never starts anything.
import type { Accel } from '../plan/types.js'
import type { EngineEvent } from '../plan/events.js'
import { buildQemuArgv, guestShares, virtiofsShares } from '../qemu/argv.js'
import { archSpec } from '../qemu/arch.js'
import { resolveUefiFirmware } from '../qemu/firmware.js'
import { detectImageFormat } from '../qemu/image-format.js'
import { imageBootProblem } from '../qemu/image-boot.js'
import { NETWORK_MODULES, prepareBootPath } from '../initramfs/index.js'
import { guestDebug, HANDOVER_FILE, initCompanions, initPath, renderHandover, renderInit } from '../guest/templates.js'
import { findGuestBusybox } from '../guest/busybox.js'
import { isInteractive } from '../plan/interactive.js'
import { systemHostSetup } from '../platform/host-tools.js'
import type { WorkDir } from './workdir.js'
import type { TargetContext } from './lifecycle.js'
import { TargetError } from './target-error.js'
import { guestEnvironment } from './guest-env.js'
import type { HostSetup } from '../plan/host-setup.js'
import { virtiofsdProblem, virtiofsSocketPath, type VirtiofsPlan } from './virtiofsd.js'

/** QEMU's program and argv for the target, with its files written: for a kernel target the
 *  init and what it runs, ending its reports on the output port with `marker`. */
export function prepareArgv(
  ctx: TargetContext,
  accel: Accel,
  work: WorkDir,
  emit: (e: EngineEvent) => void,
  marker: string,
): { program: string; args: string[]; virtiofs?: VirtiofsPlan } {
  const { target, options } = ctx
  // Setup's findings when there was a setup step, else the system's: looked up once, here.
  const setup = ctx.setup ?? systemHostSetup([target.arch])
  const note = (line: string): void => emit({ type: 'setup', target, line })
  let initGuestPath: string | undefined
  let initramfs: string | undefined
  let firmware: string | undefined
  let imageFormat: ReturnType<typeof detectImageFormat> | undefined
  if (target.kind === 'kernel') {
    const hostRoot = target.rootfs === '/'
    const path = initPath(hostRoot ? process.env.PATH : undefined)
    const busybox = findGuestBusybox(target.rootfs, path)
    // The interactive shell starts where a command would run: the config's folder when the
    // guest shares the host root.
    const screen = ctx.terminal?.output as { rows?: number; columns?: number } | undefined
    const shell = isInteractive(target)
      ? { dir: hostRoot ? target.sharedDir : '/', rows: screen?.rows, columns: screen?.columns }
      : undefined
    const network = target.vm.network === 'user'
    const init = renderInit({
      path,
      busybox,
      shares: guestShares(target, options.workspaceMount),
      interactiveShell: shell,
      debug: guestDebug(process.env),
      network,
      sharedFs: target.vm.sharedFs,
    })
    // The command starts where upstream's agent would start it: the config's folder when the
    // guest shares the host root, else the init's (/); with exactly the host's environment.
    const command = shell
      ? undefined
      : {
          text: target.command,
          cwd: hostRoot ? target.sharedDir : '',
          env: guestEnvironment(process.env, { withhold: options.envWithhold, pass: options.envPass }),
        }
    initGuestPath = work.writeInit(target.rootfs, init, {
      ...initCompanions(),
      [HANDOVER_FILE]: renderHandover({ marker, command }),
    })
    const boot = prepareBootPath({
      kernel: target.kernel!,
      rootfs: target.rootfs,
      mode: options.initramfs,
      arch: target.arch,
      dir: work.dir,
      fallbackBusybox: setup.busybox,
      extraModules: network ? NETWORK_MODULES : [],
      kernelModules: target.kernelModules,
      sharedFs: target.vm.sharedFs,
    })
    note(`boot path: ${boot.initrd ? 'generated initramfs' : `direct ${target.vm.sharedFs ?? '9p'} root`}`)
    for (const line of boot.log) note(line)
    initramfs = boot.initrd
  } else {
    const noFirmware = imageBootProblem(target)
    if (noFirmware) throw new TargetError(noFirmware)
    imageFormat = detectImageFormat(target.image!)
    if (target.uefi) firmware = resolveUefiFirmware(target, setup.uefiFirmware[target.arch])
    note(
      `image: ${target.image} (${imageFormat}, ${options.writeImage ? 'written through: write_image is on' : 'not modified: changes go to a throw-away snapshot'})`,
    )
  }
  const virtiofs = virtiofsPlan(ctx, setup, work)
  const built = buildQemuArgv(target, {
    accel,
    sockets: work.sockets,
    initGuestPath,
    initramfs,
    firmware,
    imageFormat,
    writeImage: options.writeImage,
    workspaceMount: options.workspaceMount,
    virtiofsSockets: virtiofs?.sockets,
  })
  const setupPath = setup.qemuPaths[target.arch]
  const program = setupPath && target.qemuCommand === archSpec(target.arch).program ? setupPath : built.program
  const args = setup.qemuDataDir ? ['-L', setup.qemuDataDir, ...built.args] : built.args
  note(`qemu: ${program}`)
  return { program, args, virtiofs }
}

/** `shared_fs = "virtiofs"`: the daemon, its shares and their sockets, refused here (before
 *  anything starts) when the host cannot serve them as asked. */
function virtiofsPlan(ctx: TargetContext, setup: HostSetup, work: WorkDir): VirtiofsPlan | undefined {
  if (ctx.target.vm.sharedFs !== 'virtiofs') return undefined
  const shares = virtiofsShares(ctx.target, ctx.options.workspaceMount)
  const problem = virtiofsdProblem(setup.virtiofsd, shares)
  if (problem) throw new TargetError(problem)
  return { daemon: setup.virtiofsd!, shares, sockets: shares.map((_, i) => virtiofsSocketPath(work.dir, i)) }
}
