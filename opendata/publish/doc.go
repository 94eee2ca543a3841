// Package publish pushes gdx's open-data packages to an external CKAN (a
// national portal such as data.go.th) through CKAN's write API: it creates
// or updates the organisations, datasets and resources, changes only what
// differs from what the remote already holds (a second run writes nothing),
// retries transient failures, and reports what it did.
//
// Client speaks CKAN's action API over HTTP with a CKAN 2.10+ API token;
// Publish decides what to write and reads the remote only through the
// Caller interface, so tests can count calls. The strict imitation of
// CKAN's write API used by the tests is opendata/publish/ckantest.
//
// cmd/gdx wires `gdx opendata publish --ckan URL --token T [--org NAME]`
// as:
//
//	c, err := publish.NewClient(publish.ClientConfig{URL: ckanURL, Token: token})
//	pkgs, err := store.ListPackages(ctx) // deleted ones are deleted remotely
//	r, err := publish.Publish(ctx, c, pkgs, publish.Options{Org: org}, onProgress)
//	r.WriteTable(os.Stdout) // or r.WriteJSON; print it even when err != nil
//	if err != nil { return err } // the run stopped: CKAN's own message
//	return r.Err()               // non-nil when some object failed
//
// NOTE: publish imports opendata (the package model) and the standard
// library only. It must never import gateway, cmd, a store or gin; cmd/gdx
// reads the packages from opendata's store and hands them over.
package publish
