/**
 * FNV-1a over UTF-16 code units (`hash = Math.imul(hash ^ unit, FNV_PRIME)` from FNV_OFFSET): the token
 * hashes of the gazetteer trie and the word hashes of the capitalized-word kinds.
 */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;
