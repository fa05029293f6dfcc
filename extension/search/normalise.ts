/**
 * One form for every string compared by search: NFKC folds full-width Latin (ＡＣＭＥ) and
 * compatibility CJK forms into the characters a rep types; lower case makes Latin
 * case-insensitive (CJK has no case). NUL never occurs in names or e-mails, and the in-memory
 * index uses it as the separator, so it is dropped from queries.
 */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replaceAll('\u0000', '').trim();
}

/** How well a text matches a query, best first. */
export const MatchRank = { exact: 0, prefix: 1, wordPrefix: 2, substring: 3 } as const;
export type MatchRank = (typeof MatchRank)[keyof typeof MatchRank];

// Where a new word starts in a name, a domain or an address.
const WORD_BREAK = /[\s.@\-_/+,()'"·・]/u;

/** The rank of the best occurrence of `query` in `text` (both normalised), or undefined. */
export function rankMatch(text: string, query: string): MatchRank | undefined {
  if (query.length === 0) return undefined;
  if (text === query) return MatchRank.exact;
  if (text.startsWith(query)) return MatchRank.prefix;
  let at = text.indexOf(query);
  if (at < 0) return undefined;
  while (at >= 0) {
    const before = text[at - 1];
    if (before !== undefined && WORD_BREAK.test(before)) return MatchRank.wordPrefix;
    at = text.indexOf(query, at + 1);
  }
  return MatchRank.substring;
}
