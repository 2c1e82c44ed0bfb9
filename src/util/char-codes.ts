// The ASCII codes that the byte and UTF-16 scanners compare against (the JSON framer on the
// QMP / guest-agent sockets, the text cleaner), named once. They are the same in both units.
export const CHAR = {
  tab: 0x09,
  lf: 0x0a,
  cr: 0x0d,
  space: 0x20,
  quote: 0x22,
  openBracket: 0x5b,
  backslash: 0x5c,
  closeBracket: 0x5d,
  openBrace: 0x7b,
  closeBrace: 0x7d,
} as const
