// The version the CLI reports. Kept in code (not read from package.json at run time) so the
// bundle has no file to find; a unit test checks it equals package.json's.
export const VERSION = '0.1.0'
