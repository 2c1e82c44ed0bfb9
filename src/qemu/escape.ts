// QEMU's option syntax (`key=value,key=value`) reads `,,` as a literal comma. Paths are
// user-controlled (config directory, mounts, images), so a comma in one must not end the value
// and start a new option (upstream passes them raw).

/** Escape a value for a QEMU `key=value,...` option string. */
export function optValue(value: string): string {
  return value.replaceAll(',', ',,')
}
