package main

import (
	"os"
	"path/filepath"

	"github.com/nixsec/nixsec/flakeref"
	"github.com/nixsec/nixsec/lint"
)

// readFileConfig reads --config, or the first config file found in the
// current directory or the flake's (when the flake is a local directory).
// Under --untrusted only --config is read: the checkout's own config file
// belongs to the pull request, which must not configure its own gate.
func readFileConfig(given, flake string, untrusted bool) (*lint.FileConfig, error) {
	if untrusted {
		if given == "" {
			return nil, nil
		}
		c, err := lint.ReadConfig(given)
		if err != nil {
			return nil, err
		}
		return c, c.Confine()
	}
	dirs := []string{"."}
	if flakeref.IsPath(flake) {
		if fi, err := os.Stat(flake); err == nil && fi.IsDir() {
			if abs, err := filepath.Abs(flake); err == nil {
				if cwd, _ := os.Getwd(); cwd != abs {
					dirs = append(dirs, abs)
				}
			}
		}
	}
	file := lint.FindConfig(given, dirs...)
	if file == "" {
		return nil, nil
	}
	return lint.ReadConfig(file)
}
