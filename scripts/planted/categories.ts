/**
 * What kind of activity a parser or an event type is about, in coarse categories, for
 * choosing where a planted parser plainly does not belong (a file parser under
 * `app-login`, an authentication parser under `process-created`).
 *
 * Hand-written and kept apart from `src/library/activity.ts` on purpose: the harness
 * must decide "plainly cannot produce" without the code it tests. A name whose words
 * fall in no category, or in two, has none: only clear cases are planted.
 */
import path from 'node:path'

const categoryWords: Record<string, readonly string[]> = {
  authentication: ['login', 'logon', 'logout', 'logoff', 'authentication', 'auth', 'signin', 'sso', 'kerberos', 'ntlm'],
  file: ['file', 'files', 'folder'],
  process: ['process', 'processes'],
  web: ['web', 'http', 'url', 'proxy'],
  dns: ['dns'],
  email: ['email', 'mail', 'smtp'],
  vpn: ['vpn'],
  alert: ['alert', 'alarm', 'threat', 'malware', 'virus', 'dlp', 'ids', 'ips', 'detection'],
  account: ['account', 'member', 'group', 'password'],
  network: ['network', 'connection', 'firewall', 'netflow'],
  usb: ['usb'],
  database: ['database', 'sql'],
  print: ['print', 'printer']
}

/**
 * Categories one may plausibly produce from the other's records, both ways: a VPN log
 * records logons, an account lockout follows failed logons, web traffic is network
 * traffic. A parser is never planted across these.
 */
const near: ReadonlyArray<readonly [string, string]> = [
  ['authentication', 'vpn'],
  ['authentication', 'account'],
  ['web', 'network'],
  ['vpn', 'network'],
  ['email', 'alert'],
  ['web', 'alert'],
  ['file', 'alert']
]

const byWord = new Map<string, string>()
for (const [category, words] of Object.entries(categoryWords)) for (const word of words) byWord.set(word, category)

function words(name: string): string[] {
  return name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '')
}

/** The one category a name's words fall in, or null (none, or several). */
export function categoryOf(...names: string[]): string | null {
  const found = new Set<string>()
  for (const name of names) for (const word of words(name)) {
    const category = byWord.get(word)
    if (category) found.add(category)
  }
  return found.size === 1 ? [...found][0]! : null
}

/** Whether a parser of category `from` plainly cannot produce an event type of category `to`. */
export function plainlyApart(from: string, to: string): boolean {
  if (from === to || to === 'alert') return false
  return !near.some(([a, b]) => (a === from && b === to) || (a === to && b === from))
}

/** `Name = x` and `DataType = "y"` of a parser page's text (empty when absent). */
export function parserIdentity(text: string): {name: string; dataType: string} {
  const name = /^[ \t]*\{?[ \t]*Name[ \t]*=[ \t]*"?([^"\r\n]*?)"?[ \t]*$/m.exec(text)?.[1] ?? ''
  const dataType = /^[ \t]*DataType[ \t]*=[ \t]*"([^"\r\n]*)"/m.exec(text)?.[1] ?? ''
  return {name, dataType}
}

/** The category of a parser page: from its Name and DataType, else its file name. */
export function parserCategory(file: string, text: string): string | null {
  const {name, dataType} = parserIdentity(text)
  return categoryOf(name || path.posix.basename(file, '.md').replace(/^pC_/, ''), dataType)
}
