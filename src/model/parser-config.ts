/**
 * The lists of a parser's configuration (the HOCON-like code block of a parser page):
 * `Conditions = [ … ]`, the strings a log line must hold for the parser to read it,
 * and `Fields = [ … ]`, the patterns whose captures name the event's fields.
 *
 * Read by hand rather than with a HOCON library: the blocks are not valid HOCON (a
 * parser's settings and its template's sit side by side, braces do not always
 * balance, pages cut blocks short), and only the strings of two lists are wanted. A
 * string is `"""…"""` (ending at the last `"""` of a run of quotes, as HOCON reads
 * `""""a""""` as `"a"`) or `"…"` with backslash escapes.
 */

/** The strings of every `<key> = [ … ]` list in `code`, in order. */
function listStrings(code: string, key: string): string[] {
  const out: string[] = []
  const opening = new RegExp(`(?:^|[\\s{,])${key}\\s*=\\s*\\[`, 'g')
  for (let m = opening.exec(code); m; m = opening.exec(code)) {
    const end = readList(code, m.index + m[0].length, out)
    opening.lastIndex = Math.max(end, m.index + m[0].length)
  }
  return out
}

/** Read the strings of a list from `at` (just after its `[`) to its `]`; returns where it ended. */
function readList(code: string, at: number, into: string[]): number {
  let i = at
  while (i < code.length) {
    const c = code[i]!
    if (c === ']') return i + 1
    if (code.startsWith('"""', i)) {
      const close = tripleQuoteEnd(code, i + 3)
      if (close < 0) return code.length
      into.push(code.slice(i + 3, close))
      i = close + 3
    } else if (c === '"') {
      const [text, next] = quoted(code, i + 1)
      into.push(text)
      i = next
    } else {
      i++
    }
  }
  return i
}

/** Where the closing `"""` of a triple-quoted string starting at `from` begins (extra quotes before it belong to the string), or -1. */
function tripleQuoteEnd(code: string, from: number): number {
  const at = code.indexOf('"""', from)
  if (at < 0) return -1
  let end = at
  while (code[end + 3] === '"') end++
  return end
}

/** A `"…"` string's text from `from` (just after its quote) and where it ends; a line break ends an unclosed one. */
function quoted(code: string, from: number): [string, number] {
  let text = ''
  for (let i = from; i < code.length; i++) {
    const c = code[i]!
    if (c === '\\' && i + 1 < code.length) text += code[++i]
    else if (c === '"') return [text, i + 1]
    else if (c === '\n') return [text, i]
    else text += c
  }
  return [text, code.length]
}

/** `Conditions = [ … ]`: the strings, each as written between its quotes. */
export function parserConditions(code: string): string[] {
  return listStrings(code, 'Conditions')
}

/** Field names the `Fields` patterns capture: `({src_ip}…)` and `exa_field_name=src_ip`, each once. */
export function parserFields(code: string): string[] {
  const fields = new Set<string>()
  for (const pattern of listStrings(code, 'Fields')) {
    for (const m of pattern.matchAll(/\{([A-Za-z_]\w*)\}|exa_field_name=([A-Za-z_]\w*)/g)) fields.add(m[1] ?? m[2]!)
  }
  return [...fields]
}
