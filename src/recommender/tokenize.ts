// Text features of a product: the words of its category, gender, color, material and size.
// natural is imported by submodule: require('natural') takes ~1 s and loads database drivers.
import { AggressiveTokenizer } from 'natural/lib/natural/tokenizers';
import type { ProductRecord } from './types';

export const CONTENT_FIELDS = ['category', 'gender', 'color', 'material', 'size'] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

const tokenizer = new AggressiveTokenizer();
const HAS_ALNUM = /[a-z0-9]/;

/** Lower-case, accents stripped ("Crème" -> "creme"), surrounding blanks removed. */
export function normalizeValue(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/**
 * Tokens of one product, namespaced by field ("color:navy", "color:blue", "category:running", ...):
 * a multi-word value yields several tokens, and size "S" never collides with a category word "s".
 * The aggressive tokenizer keeps "t-shirts", "men's" and "m/l" whole.
 * `cache` maps field + raw value to its tokens: catalogues repeat a handful of values.
 */
export function productTokens(product: ProductRecord, cache: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const field of CONTENT_FIELDS) {
    const value = product[field];
    if (value === null || value === undefined) continue;
    const key = `${field}\u0000${value}`;
    let tokens = cache.get(key);
    if (tokens === undefined) {
      tokens = tokenizer
        .tokenize(normalizeValue(String(value)))
        .filter((word) => HAS_ALNUM.test(word))
        .map((word) => `${field}:${word}`);
      cache.set(key, tokens);
    }
    for (const token of tokens) out.push(token);
  }
  return out;
}
