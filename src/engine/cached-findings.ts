/**
 * What a run reads from and gives to the on-disk cache besides hashes: findings turned
 * into cache entries and back into messages, and the cache-backed parts of an index
 * (stored facts, library-wide values, recorded link names).
 */
import fs from 'node:fs'
import type {VFile} from 'vfile'
import type {ContentLintSettings} from '../core/settings.js'
import {type CachedMessage, factsStore, type RunCache, statKey} from '../facts/cache.js'
import type {CorpusIndex} from '../library/corpus-index.js'

/** Give a file the messages the cache holds for it. */
export function restoreMessages(file: VFile, messages: CachedMessage[]): void {
  // A VFileMessage is an Error: V8 records a stack trace for each, which vfile-message
  // then drops (its `stack` is ''). 27k findings of a warm run paid 0.15 s for them.
  const stackTraceLimit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    for (const cached of messages) {
      const message = file.message(cached.reason, {place: cached.place as never, ruleId: cached.ruleId ?? undefined, source: cached.source ?? undefined})
      message.fatal = cached.fatal ?? undefined
      if (cached.actual !== undefined) message.actual = cached.actual
      if (cached.expected !== undefined) message.expected = cached.expected
      if (cached.note !== undefined) message.note = cached.note
      if (cached.url !== undefined) message.url = cached.url
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit
  }
}

/** A file's messages as the cache keeps them. */
export function cachedMessages(file: VFile): CachedMessage[] {
  return file.messages.map((m) => ({
    reason: m.reason,
    place: m.place,
    ruleId: m.ruleId,
    source: m.source,
    fatal: m.fatal,
    actual: m.actual,
    expected: m.expected,
    note: m.note,
    url: m.url
  }))
}

/** Give an index what it reads from the cache: stored facts, library-wide values, recorded link names. */
export function useCache(index: CorpusIndex, cache: RunCache, settings: ContentLintSettings, version: string): NonNullable<CorpusIndex['store']> {
  const store = (index.store ??= factsStore(cache, settings, version))
  if (index.aggregates) return store
  // Keyed by the tool's version and the root: a value tells itself which pages it
  // was built from (library-stats.ts checks each product's listing against the
  // state of the pages it read), so a change to a few pages leaves the rest usable.
  const prefix = `${index.root}\0`
  index.aggregates = {read: (name: string) => cache.readAggregate(prefix + name, version), write: (name: string, value: unknown) => cache.writeAggregate(prefix + name, version, value)}
  // The stat is taken when asked (`--dependents` asks before or after a run).
  index.linkNames = (absolute: string) => {
    const stat = index.statOf ? index.statOf(absolute) : fs.statSync(absolute, {throwIfNoEntry: false})
    return stat ? cache.knownLinks(absolute, statKey(stat)) : undefined
  }
  return store
}
