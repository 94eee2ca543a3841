package certs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// writeFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so readers see the old file or the new one, never a
// half-written one. Missing parent directories are created with mode 0700.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	return writeAtomic(path, data, perm, os.Rename)
}

// writeFileNew is writeFileAtomic that refuses, with ErrExists, to replace a
// file already at path.
func writeFileNew(path string, data []byte, perm fs.FileMode) error {
	return writeAtomic(path, data, perm, linkNew)
}

// writeAtomic fills a temporary file and hands it to commit to put in place.
func writeAtomic(path string, data []byte, perm fs.FileMode, commit func(tmp, path string) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create directory %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	// After a rename this finds nothing; after a link it drops the temp name.
	defer os.Remove(tmp)
	if err := fill(f, data, perm); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := commit(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// fill sets the mode of f, writes data, flushes it to disk and closes f.
func fill(f *os.File, data []byte, perm fs.FileMode) error {
	err := f.Chmod(perm)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// linkNew puts tmp at path unless a file is already there. A hard link fails
// atomically when path exists; on file systems without hard links it falls
// back to a check and a rename.
func linkNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return ErrExists
	}
	if _, statErr := os.Lstat(path); statErr == nil {
		return ErrExists
	}
	return os.Rename(tmp, path)
}

// syncDir flushes a directory entry change; failures are not fatal because
// the file contents are already synced.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
