// TF-IDF over product tokens, stored once per distinct vector ("signature").
//
//   tf(t, p)  = occurrences of token t in product p
//   df(t)     = number of products containing t;  N = number of products
//   idf(t)    = ln((1 + N) / (1 + df(t))) + 1      smoothed (as scikit-learn's default): never zero,
//                                                   so a token every product shares still counts
//   v(p)      = (tf * idf) / ||tf * idf||2          cosine(a, b) = v(a) . v(b)
//
// Catalogue attributes have few distinct values, so many products share the same token multiset
// and therefore the same vector: 100,000 products typically collapse to ~10-20,000 signatures.
// Similarity work is done between signatures, never between all pairs of products.

/** Row-compressed sparse vectors: row r has terms[offsets[r] .. offsets[r+1]), ascending. */
export interface SparseRows {
  offsets: Int32Array;
  terms: Int32Array;
  weights: Float64Array;
}

export interface TfidfIndex {
  numTerms: number;
  /** Signature id of every product. */
  signatureOf: Int32Array;
  /** One L2-normalised vector per signature (empty when the product has no tokens). */
  vectors: SparseRows;
  /** Inverted index: term -> the signatures containing it (ascending). */
  postingOffsets: Int32Array;
  postings: Int32Array;
}

export function buildTfidf(numProducts: number, tokensOf: (product: number) => readonly string[]): TfidfIndex {
  const termIds = new Map<string, number>();
  const signatureIds = new Map<string, number>();
  const signatureOf = new Int32Array(numProducts);
  const sigTerms: number[] = [];
  const sigTf: number[] = [];
  const sigOffsets: number[] = [0];
  const sigCount: number[] = [];

  const ids: number[] = [];
  for (let p = 0; p < numProducts; p++) {
    ids.length = 0;
    for (const token of tokensOf(p)) {
      let id = termIds.get(token);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(token, id);
      }
      ids.push(id);
    }
    ids.sort((a, b) => a - b);
    let key = '';
    for (let i = 0; i < ids.length; i++) key += `${ids[i]},`;
    let sig = signatureIds.get(key);
    if (sig === undefined) {
      sig = signatureIds.size;
      signatureIds.set(key, sig);
      for (let i = 0; i < ids.length; ) {
        let j = i;
        while (j < ids.length && ids[j] === ids[i]) j++;
        sigTerms.push(ids[i]);
        sigTf.push(j - i);
        i = j;
      }
      sigOffsets.push(sigTerms.length);
      sigCount.push(0);
    }
    sigCount[sig]++;
    signatureOf[p] = sig;
  }

  const numTerms = termIds.size;
  const numSigs = sigCount.length;
  const offsets = Int32Array.from(sigOffsets);
  const terms = Int32Array.from(sigTerms);

  const df = new Float64Array(numTerms);
  const postingOffsets = new Int32Array(numTerms + 1);
  for (let s = 0; s < numSigs; s++) {
    for (let i = offsets[s]; i < offsets[s + 1]; i++) {
      df[terms[i]] += sigCount[s];
      postingOffsets[terms[i] + 1]++;
    }
  }
  for (let t = 0; t < numTerms; t++) postingOffsets[t + 1] += postingOffsets[t];
  const postings = new Int32Array(terms.length);
  const fill = postingOffsets.slice(0, numTerms);
  for (let s = 0; s < numSigs; s++) {
    for (let i = offsets[s]; i < offsets[s + 1]; i++) postings[fill[terms[i]]++] = s;
  }

  const weights = new Float64Array(terms.length);
  for (let s = 0; s < numSigs; s++) {
    let norm = 0;
    for (let i = offsets[s]; i < offsets[s + 1]; i++) {
      const w = sigTf[i] * (Math.log((1 + numProducts) / (1 + df[terms[i]])) + 1);
      weights[i] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    for (let i = offsets[s]; i < offsets[s + 1]; i++) weights[i] /= norm;
  }

  return { numTerms, signatureOf, vectors: { offsets, terms, weights }, postingOffsets, postings };
}

/** Dot product of rows a and b (cosine, the rows being unit vectors) by merging sorted terms. */
export function dot(rows: SparseRows, a: number, b: number): number {
  const { offsets, terms, weights } = rows;
  let i = offsets[a];
  const iEnd = offsets[a + 1];
  let j = offsets[b];
  const jEnd = offsets[b + 1];
  let sum = 0;
  while (i < iEnd && j < jEnd) {
    const ti = terms[i];
    const tj = terms[j];
    if (ti === tj) {
      sum += weights[i++] * weights[j++];
    } else if (ti < tj) {
      i++;
    } else {
      j++;
    }
  }
  return sum;
}
