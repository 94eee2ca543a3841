// Package goldentest compares what a test produced with a golden file in
// the test's testdata/ folder, and rewrites the file when the tests run
// with -update (go test ./pkg -update), so that a reviewed change of a
// wire format is one command and one diff.
//
// Tests only import it. It imports nothing of ours.
package goldentest
