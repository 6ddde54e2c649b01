package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunDebug(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "host.nix")
	os.WriteFile(good, []byte("{ lib, ... }:\n{\n  services.openssh.settings.PasswordAuthentication = false;\n  imports = [ (lib.mkIf true { services.openssh.settings = { PasswordAuthentication = true; }; }) ];\n  fileSystems.\"/\".device = \"x\";\n}\n"), 0o644)
	bad := filepath.Join(dir, "bad.nix")
	os.WriteFile(bad, []byte("{\n  a = 1\n}\n"), 0o644)

	var out, errb bytes.Buffer
	if code := runDebug([]string{"parse", good}, &out, &errb); code != 0 {
		t.Fatalf("parse: %d %s", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "({ lib, ... }: { fileSystems = { \"/\" = { device = \"x\"; }; };") {
		t.Errorf("parse output %q", out.String())
	}

	out.Reset()
	errb.Reset()
	if code := runDebug([]string{"parse", bad}, &out, &errb); code != 2 {
		t.Fatalf("bad parse: exit %d", code)
	}
	if got := errb.String(); got != bad+":3:1: unexpected '}', expected ';'\n" {
		t.Errorf("stderr %q", got)
	}

	out.Reset()
	if code := runDebug([]string{"locate", good, "services.openssh.settings.PasswordAuthentication"}, &out, &errb); code != 0 {
		t.Fatal(code)
	}
	if got := out.String(); got != "3:29-3:51\n4:62-4:84\n" {
		t.Errorf("locate %q", got)
	}
	out.Reset()
	runDebug([]string{"locate", good, `fileSystems."/".device`}, &out, &errb)
	if got := out.String(); got != "5:19-5:25\n" {
		t.Errorf("locate quoted %q", got)
	}
	if code := runDebug([]string{"nope"}, &out, &errb); code != 2 {
		t.Error("unknown subcommand")
	}
	if code := runDebug(nil, &out, &errb); code != 2 {
		t.Error("no args")
	}
}
