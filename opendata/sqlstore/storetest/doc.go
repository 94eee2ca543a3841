// Package storetest is the conformance suite of opendata.Store: every
// implementation runs Run unchanged on every engine, the way
// catalog/catalogtest checks catalog.Store.
//
// NOTE: storetest imports opendata and catalog only; it must not import a
// store or a driver.
package storetest
