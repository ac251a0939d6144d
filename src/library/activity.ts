/**
 * What an event type, a parser's DataType or a parser's name says about the activity:
 * which action (create, delete, log on, log off, read, write, …), which outcome
 * (failed or successful) and which direction (in or out), read from its words.
 *
 * `event-type-parser` compares these between a parser and the event type it is listed
 * under: a parser whose words say `failed` under an event type that does not, or one
 * that says `delete` under an event type that says `create`, cannot produce it.
 *
 * The word lists are hand-written English (antonyms of the library's own vocabulary),
 * not learnt from any page: they hold for any vendor. Windows Security event IDs are
 * read as the words Microsoft's documentation gives them (4726 "A user account was
 * deleted"), because parsers of Windows events are named after their IDs.
 */

/** Mutually exclusive actions: a parser and an event type naming two different ones conflict. */
const actions: Record<string, readonly string[]> = {
  create: ['create', 'created', 'creation', 'add', 'added', 'insert', 'inserted', 'install', 'installed', 'new'],
  delete: ['delete', 'deleted', 'deletion', 'remove', 'removed', 'uninstall', 'uninstalled'],
  enable: ['enable', 'enabled'],
  disable: ['disable', 'disabled'],
  lock: ['lock', 'locked', 'lockout'],
  unlock: ['unlock', 'unlocked'],
  start: ['start', 'started', 'login', 'logon', 'signin', 'begin', 'connect', 'connected'],
  end: ['end', 'ended', 'stop', 'stopped', 'logout', 'logoff', 'signout', 'disconnect', 'disconnected'],
  read: ['read'],
  write: ['write', 'modify', 'modified', 'change', 'changed'],
  download: ['download'],
  upload: ['upload'],
  query: ['query', 'request'],
  response: ['response', 'reply']
}

const directions: Record<string, readonly string[]> = {
  in: ['in', 'inbound', 'incoming', 'receive', 'received'],
  out: ['out', 'outbound', 'outgoing', 'send', 'sent']
}

const failureWords = ['failed', 'failure', 'fail', 'fails', 'denied', 'deny', 'blocked', 'block', 'drop', 'dropped', 'reject', 'rejected', 'unsuccessful', 'invalid']
const successWords = ['success', 'successful', 'succeeded', 'allowed', 'allow', 'accept', 'accepted', 'permit', 'permitted']
/** Outcome words also found glued to another word (`authsuccess`, `loginfailed`). */
const gluedOutcome = ['success', 'successful', 'failed', 'failure', 'denied']

/**
 * Windows Security audit events, in the words of Microsoft's event descriptions
 * ("4726: A user account was deleted"). Only the words that tell the activity apart.
 * The three-digit IDs are the Windows Server 2003 events the 4xxx ones replaced
 * ("630: User Account Deleted"). Where the description says little ("4662: An
 * operation was performed on an object") the words are those of the event's audit
 * category or subcategory: Kerberos and NTLM events are "Account Logon" events,
 * hence `logon`; 4662 is "Directory Service Access", hence `ds access`.
 */
const windowsEvents: Record<string, string> = {
  '517': 'audit log clear',
  '528': 'logon success',
  '529': 'logon failed',
  '538': 'logoff',
  '540': 'logon success',
  '552': 'logon',
  '560': 'object access',
  '567': 'object access',
  '612': 'audit policy change',
  '624': 'account created',
  '626': 'account enabled',
  '627': 'password change',
  '628': 'password reset',
  '629': 'account disabled',
  '630': 'account deleted',
  '644': 'account locked',
  '672': 'kerberos logon',
  '673': 'kerberos service ticket',
  '675': 'kerberos failed',
  '680': 'logon',
  '1102': 'audit log clear',
  '4624': 'logon success',
  '4625': 'logon failed',
  '4634': 'logoff',
  '4647': 'logoff',
  '4648': 'logon',
  '4662': 'ds access',
  '4663': 'object access',
  '4688': 'process created',
  '4689': 'process end',
  '4697': 'service installed',
  '4698': 'task created',
  '4699': 'task deleted',
  '4700': 'task enabled',
  '4701': 'task disabled',
  '4719': 'audit policy change',
  '4720': 'account created',
  '4722': 'account enabled',
  '4723': 'password change',
  '4724': 'password reset',
  '4725': 'account disabled',
  '4726': 'account deleted',
  '4727': 'group created',
  '4728': 'member added',
  '4729': 'member removed',
  '4730': 'group deleted',
  '4731': 'group created',
  '4732': 'member added',
  '4733': 'member removed',
  '4734': 'group deleted',
  '4738': 'account changed',
  '4740': 'account locked',
  '4754': 'group created',
  '4756': 'member added',
  '4757': 'member removed',
  '4758': 'group deleted',
  '4767': 'account unlocked',
  '4768': 'kerberos logon',
  '4769': 'kerberos service ticket',
  '4771': 'kerberos failed',
  '4776': 'credential validation logon',
  '4778': 'session reconnect',
  '4779': 'session disconnect',
  '4800': 'workstation locked',
  '4801': 'workstation unlocked',
  '5140': 'share access',
  '5145': 'share access',
  '5156': 'connection allowed',
  '5157': 'connection blocked',
  '7045': 'service installed'
}

function index(groups: Record<string, readonly string[]>): Map<string, string> {
  const map = new Map<string, string>()
  for (const [key, words] of Object.entries(groups)) for (const word of words) map.set(word, key)
  return map
}
const actionOf = index(actions)
const directionOf = index(directions)
const failure = new Set(failureWords)
const success = new Set(successWords)

/** Lower-case words of a name: `cef-Microsoft_failed.app-login` → cef, microsoft, failed, app, login. */
export function words(name: string): string[] {
  return name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '')
}

/** The words, with Windows event IDs read as their description. */
export function activityWords(name: string): string[] {
  const out = words(name)
  for (const word of [...out]) {
    const described = windowsEvents[word]
    if (described) out.push(...described.split(' '))
  }
  return out
}

export type Outcome = 'failed' | 'successful'

/** What a name says about the activity; a part is null when the words say nothing or both. */
export interface Activity {
  action: string | null
  outcome: Outcome | null
  direction: string | null
}

function single(found: Set<string>): string | null {
  return found.size === 1 ? [...found][0]! : null
}

export function activityOf(list: readonly string[]): Activity {
  const acts = new Set<string>()
  const dirs = new Set<string>()
  let failed = false
  let succeeded = false
  for (const word of list) {
    const act = actionOf.get(word)
    if (act) acts.add(act)
    const dir = directionOf.get(word)
    if (dir) dirs.add(dir)
    if (failure.has(word)) failed = true
    else if (success.has(word)) succeeded = true
    else if (!word.startsWith('un')) {
      const glued = gluedOutcome.find((w) => word.length > w.length && (word.endsWith(w) || word.startsWith(w)))
      if (glued) (failure.has(glued) ? (failed = true) : (succeeded = true))
    }
  }
  return {
    action: single(acts),
    outcome: failed === succeeded ? null : failed ? 'failed' : 'successful',
    direction: single(dirs)
  }
}

/**
 * How a parser's activity contradicts an event type's, in words for a message; empty
 * when it does not. A failed parser cannot produce an event type that does not say
 * failed, a successful one cannot produce a failed event type; a parser that says
 * nothing of the outcome may produce either (event builders split by outcome).
 */
export function contradictions(parser: Activity, eventType: Activity): string[] {
  const out: string[] = []
  if (parser.action && eventType.action && parser.action !== eventType.action) out.push(`${parser.action}, not ${eventType.action}`)
  if (parser.outcome === 'failed' && eventType.outcome !== 'failed') out.push('failed')
  if (parser.outcome === 'successful' && eventType.outcome === 'failed') out.push('successful, not failed')
  if (parser.direction && eventType.direction && parser.direction !== eventType.direction) out.push(`${parser.direction}, not ${eventType.direction}`)
  return out
}

/** Whether the words of `part` occur, in order and together, in `whole` (`alert` in `security-alert`). */
export function containsWords(whole: string, part: string): boolean {
  const w = words(whole)
  const p = words(part)
  if (p.length === 0 || p.length > w.length) return false
  for (let i = 0; i + p.length <= w.length; i++) if (p.every((x, j) => w[i + j] === x)) return true
  return false
}

/**
 * The event types (from `vocabulary`) a parser's name spells out, as whole words of at
 * least two parts: `cef-microsoft-app-login-2` names `app-login`. Longest first, not
 * overlapping.
 */
export function namedEventTypes(parserName: string, vocabulary: ReadonlySet<string>): string[] {
  const w = words(parserName)
  const out: string[] = []
  for (let i = 0; i < w.length; i++) {
    for (let j = w.length; j >= i + 2; j--) {
      const candidate = w.slice(i, j).join('-')
      if (vocabulary.has(candidate)) {
        if (!out.includes(candidate)) out.push(candidate)
        // `failed-app-login` is named, not also the `app-login` inside it.
        i = j - 1
        break
      }
    }
  }
  return out
}

/**
 * Words that make a name an alert or detection rather than a record of activity
 * (`security-alert`, `dlp-alert`, a `…-threat` or `…-ids` parser). Hand-written English
 * like the lists above: an alert event type is what a product emits when it detects
 * something, so a parser of plain activity (a logon, a file read, a web request)
 * cannot produce one; detecting is the SIEM's rules' job, not the parser's.
 */
const detectionWords = new Set(['alert', 'alerts', 'alarm', 'threat', 'malware', 'virus', 'ids', 'ips', 'detection', 'incident', 'intrusion', 'anomaly', 'violation'])

/** Whether the name's words say alert or detection (`security-alert`, `cef-acme-ids`). */
export function saysDetection(name: string): boolean {
  return words(name).some((w) => detectionWords.has(w))
}

/** Whether a word says an outcome (`failed`, `denied`, `success`, `allowed`…). */
export function isOutcomeWord(word: string): boolean {
  return failure.has(word) || success.has(word)
}

/** The words of a name without its outcome words: `failed-app-login` → app, login. */
export function withoutOutcome(name: string): string[] {
  return words(name).filter((w) => !isOutcomeWord(w))
}
