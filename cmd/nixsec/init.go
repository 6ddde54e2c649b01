package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// initConfig is the commented .nixsec.toml `nixsec init` writes: every
// setting at its default, so that the file documents what can change.
const initConfig = `# nixsec's configuration (docs/integrations.md). Every setting below is
# at its default; uncomment to change it. Under --untrusted, nixsec reads
# no configuration from the repository unless named with --config.

# Which profile-gated rules run: server, workstation or paranoid.
profile = "server"

# The lowest severity that fails the run: critical, high, medium or low.
fail-on = "low"

# Directories of your own Rego rules (docs/writing-policies.md).
# policies = ["policies"]

[rules]
# Run rules their profile leaves out, or never run some.
# enable = ["MIN002"]
# disable = ["UPD001"]

# Re-rate a rule for this repository.
# [rules.severity]
# FW006 = "low"

# An accepted finding, with a reason and an expiry date.
# [[exceptions]]
# rule = "SSH004"
# hosts = ["bastion"]
# reason = "key-only logins, restricted by the jump host's firewall"
# expires = "2027-06-30"
`

// initPreCommit runs the hook of this repository's .pre-commit-hooks.yaml.
const initPreCommit = `# pre-commit (https://pre-commit.com): nixsec checks the flake when a .nix
# file or flake.lock changes. Pin rev to a release.
repos:
  - repo: https://github.com/nixsec/nixsec
    rev: %s
    hooks:
      - id: nixsec
`

// initWorkflow uses the action at the repository root (action.yml).
const initWorkflow = `# nixsec on every pull request: annotations, code scanning (SARIF) and a
# job summary. A pull request's flake is evaluated --untrusted.
name: nixsec
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
  security-events: write
jobs:
  nixsec:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: { persist-credentials: false }
      - uses: cachix/install-nix-action@v31
      - uses: actions/setup-go@v5 # the action builds nixsec
        with: { go-version: stable }
      - uses: nixsec/nixsec@%s
        with:
          flake: .
          fail-on: low
          untrusted: ${{ github.event_name == 'pull_request' }}
`

func runInit(args []string, stdout io.Writer) error {
	flags := newFlagSet("init", "[DIR]")
	preCommit := flags.Bool("pre-commit", false, "also write .pre-commit-config.yaml with nixsec's hook")
	github := flags.Bool("github", false, "also write .github/workflows/nixsec.yml with nixsec's GitHub Action")
	force := flags.Bool("force", false, "overwrite files that exist")
	if err := flags.Parse(args); err != nil {
		return err
	}
	dir := "."
	switch flags.NArg() {
	case 0:
	case 1:
		dir = flags.Arg(0)
	default:
		return fmt.Errorf("one directory expected, got %q", flags.Args())
	}
	if fi, err := os.Stat(filepath.Join(dir, "flake.nix")); err != nil || !fi.Mode().IsRegular() {
		return fmt.Errorf("%s has no flake.nix: run nixsec init in a flake's directory", dir)
	}
	ref := "main"
	if v := versionString(); v != "dev" {
		ref = v
	}
	files := []struct {
		path, text string
		want       bool
	}{
		{".nixsec.toml", initConfig, true},
		{".pre-commit-config.yaml", fmt.Sprintf(initPreCommit, ref), *preCommit},
		{filepath.Join(".github", "workflows", "nixsec.yml"), fmt.Sprintf(initWorkflow, ref), *github},
	}
	// Everything through os.Root: a symlinked .github (or any name) cannot
	// lead the files out of the directory.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer func() { _ = root.Close() }()
	// Refuse before writing anything: init writes all or nothing.
	for _, f := range files {
		if _, err := root.Lstat(f.path); f.want && err == nil && !*force {
			return fmt.Errorf("%s exists; --force overwrites it", filepath.Join(dir, f.path))
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w", filepath.Join(dir, f.path), err)
		}
		if d := filepath.Dir(f.path); f.want && d != "." {
			if _, err := root.Stat(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("%s: %w", filepath.Join(dir, d), err)
			}
		}
	}
	for _, f := range files {
		if !f.want {
			continue
		}
		if err := root.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(dir, filepath.Dir(f.path)), err)
		}
		// A new file, not whatever an existing name (a symlink) points to.
		if err := root.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := root.WriteFile(f.path, []byte(f.text), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(dir, f.path))
	}
	return nil
}
