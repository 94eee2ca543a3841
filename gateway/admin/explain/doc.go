// Package explain answers a steward's question "what would this agency
// get from this dataset for this purpose, and why?": it evaluates the
// active policy version on a lookup built from the catalog, as the
// gateway would, and renders the decision in Thai and English with every
// field returned, masked or withheld and the reason for each. It only
// reads, so `gdx policy explain` runs beside a live exchange.
//
// NOTE: explain imports catalog and policies only.
package explain
