package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// dataDir is the layout of a gdx data directory (DESIGN.md's demo
// contract): the CA, the gateway's server credential, the agencies'
// credentials, the embedded database and demo.json.
type dataDir string

func (d dataDir) path(parts ...string) string {
	return filepath.Join(append([]string{string(d)}, parts...)...)
}

func (d dataDir) caCert() string     { return d.path("ca.crt") }
func (d dataDir) serverCert() string { return d.path("server.crt") }
func (d dataDir) serverKey() string  { return d.path("server.key") }
func (d dataDir) demoJSON() string   { return d.path("demo.json") }
func (d dataDir) databaseURL() string {
	return "sqlite:" + d.path("gdx.db")
}
func (d dataDir) agency(code string) string { return d.path("agencies", code) }

// Names of the files in an agency's credential directory.
const (
	clientCertFile = "client.crt"
	clientKeyFile  = "client.key"
	signingKeyFile = "signing.jwk"
)

// exists reports whether the directory exists, and fails on anything other
// than "does not exist" (a file in its place, no permission).
func (d dataDir) exists() (bool, error) {
	fi, err := os.Stat(string(d))
	switch {
	case os.IsNotExist(err):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("cannot read data directory %s: %w", d, err)
	case !fi.IsDir():
		return false, fmt.Errorf("data directory %s is a file, not a directory: choose another with --data", d)
	}
	return true, nil
}

// requireFiles checks that the files a command needs are present and
// readable, naming the first that is not and what to do.
func (d dataDir) requireFiles(hint string, files ...string) error {
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			if os.IsNotExist(err) {
				return fmt.Errorf("%s is missing: %s", f, hint)
			}
			return fmt.Errorf("cannot read %s: %w", f, err)
		}
		fh.Close()
	}
	return nil
}

// parentOf returns the directory that holds dir, creating it if needed.
func parentOf(dir dataDir) string {
	parent := filepath.Dir(filepath.Clean(string(dir)))
	_ = os.MkdirAll(parent, 0o755)
	return parent
}

// emptyOrAbsent reports whether the directory is yet to be filled: it does
// not exist, or exists with nothing in it.
func (d dataDir) emptyOrAbsent() (bool, error) {
	ok, err := d.exists()
	if err != nil || !ok {
		return !ok, err
	}
	entries, err := os.ReadDir(string(d))
	if err != nil {
		return false, fmt.Errorf("cannot read data directory %s: %w", d, err)
	}
	return len(entries) == 0, nil
}
