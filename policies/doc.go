// Package policies decides every lookup of the exchange with OPA: it holds
// the decision contract (Input and Decision), the embedded baseline Rego
// policy and the demo owner modules, the Engine that compiles, tests and
// prepares a policy set and swaps it atomically, the steward workflow over
// versioned policy sets (draft, approve, activate, roll back) with the
// Watcher that makes every replica converge, impact analysis of a proposed
// set, and the decision log with the DecisionWriter that keeps its rows off
// the response path.
//
// An uncached decision is one OPA evaluation, and OPA's evaluator costs
// microseconds per rule, loop turn and expression. So the baseline Rego is
// written to evaluate a handful of rules for an allowed lookup (the
// reasons of a refusal only for a refused one), each compiled policy
// remembers the input values of the agencies, purposes, datasets and
// grants it decides on
// (datasetvalues.go), and an evaluation runs without OPA's metrics,
// without a goroutine watching its context (eval.go) and with a flat
// rule-value cache instead of OPA's tree of maps (virtualcache.go). What the policy
// decides is all in Rego; Go only guards top secret and joins the layers.
//
// CONTRACT.md beside this file documents the input and the result that
// every policy module must honour.
//
// NOTE: policies imports catalog (types only) and OPA's v1 packages, never
// gateway, connectors or a database driver. Storage sits behind the small
// interfaces in store.go; policies/sqlstore implements them on
// internal/sqldb.
package policies
