// QEMU's view of an arch (program, board, TCG cpu, console, disk device): the per-arch table
// in platform/, under the name the argv builder uses.
export { archFacts as archSpec, hostArch, type ArchFacts as ArchSpec } from '../platform/arch.js'
