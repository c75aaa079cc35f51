import type { MomentKind, MomentsRules } from './moments-plan';

export interface Classification {
  kind: MomentKind;
  /** Where the kind came from: the library item the post was shared from, the corp's rules, or a manager. */
  source: 'library' | 'rules' | 'manager';
  /** The distinct product names the text mentions (the library item's own product counts once). */
  products: string[];
  /** The ad signals found in the text. */
  adSignals: string[];
  readsLikeAd: boolean;
}

const found = (text: string, words: readonly string[]) =>
  [...new Set(words)].filter((w) => text.toLowerCase().includes(w.toLowerCase()));

/**
 * Classifies a post (DESIGN.md §2): its kind from the library item it was shared from, else brand if it has a
 * brand keyword, product if it names a product, life otherwise (a post about nothing we sell is life content);
 * its products by name; an ad by its signals. A manager's correction (`corrected`) sets the kind and whether it
 * reads like an ad, and stands through later syncs: the sync re-runs this with the stored correction.
 */
export function classifyPost(
  post: {
    text: string;
    library?: { kind: MomentKind; productName: string | null } | null;
    corrected?: { kind: MomentKind; readsLikeAd: boolean } | null;
  },
  rules: MomentsRules,
  libraryProductNames: readonly string[] = [],
): Classification {
  const text = post.text;
  const products = found(text, [...rules.productNames, ...libraryProductNames]);
  const own = post.library?.productName;
  if (own && !products.some((p) => p.toLowerCase() === own.toLowerCase())) products.unshift(own);
  const adSignals = found(text, rules.adSignals);
  const readsLikeAd = adSignals.length >= rules.adSignalsToFlag;
  if (post.corrected) {
    return { ...post.corrected, source: 'manager', products, adSignals };
  }
  if (post.library) return { kind: post.library.kind, source: 'library', products, adSignals, readsLikeAd };
  const kind: MomentKind =
    found(text, rules.brandKeywords).length > 0 ? 'brand' : products.length > 0 ? 'product' : 'life';
  return { kind, source: 'rules', products, adSignals, readsLikeAd };
}
