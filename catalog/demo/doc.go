// Package demo holds the catalog that `gdx demo` seeds: the demo agencies,
// purposes, datasets of every classification and the grants between them,
// and the deterministic record keys the registry simulators serve.
package demo
