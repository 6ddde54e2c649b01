package main

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
)

// TestReleases runs the same host modules on every NixOS release the
// imitation models (testdata/flakes/releases): the rules must read the
// option names each release declares (services.dnscrypt-proxy2 until
// 25.05, services.dnscrypt-proxy after), decide SSH003 from sshd's
// effective PAM stack, and place findings at the user's lines whichever
// name the user wrote.
func TestReleases(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	rep, r := checkJSON(t, "--profile", "paranoid", "--now", "2026-11-01", filepath.Join(ws, "testdata", "flakes", "releases"))
	if r.code != 1 || len(rep.Errors) > 0 {
		t.Fatalf("exit %d, errors %+v\n%s", r.code, rep.Errors, r.stderr)
	}
	watched := map[string]bool{"SSH001": true, "SSH003": true, "DNS001": true, "DNS002": true, "DNS005": true, "MIN002": true, "SVC004": true, "AUD002": true}
	got := map[string][]string{}
	for _, f := range rep.Findings {
		if watched[f.Rule] {
			got[f.Host] = append(got[f.Host], fmt.Sprintf("%s %s %s:%d:%d", f.Rule, f.Option, f.Location.File, f.Location.StartLine, f.Location.StartCol))
		}
	}
	// What every release must report, by host module.
	same := map[string][]string{
		// PasswordAuthentication = false: no pam_unix for sshd, no SSH003.
		"hardened": nil,
		"passwords": {
			"SSH001 services.openssh.settings.PasswordAuthentication hosts/passwords.nix:3:29",
			"SSH003 services.openssh.settings.KbdInteractiveAuthentication hosts/passwords.nix:2:20",
		},
		// Defaults anchored at services.openssh.enable, set through its
		// alias: the alias line.
		"sshd-alias": {
			"SSH001 services.openssh.settings.PasswordAuthentication hosts/sshd-alias.nix:3:17",
			"SSH003 services.openssh.settings.KbdInteractiveAuthentication hosts/sshd-alias.nix:3:17",
		},
		// tftpd's own xinetd "tftp" entry is not a second finding.
		"tftpd": {"SVC004 services.tftpd.enable hosts/tftpd.nix:2:18"},
		// sshd's PAM file is what counts, not unixAuth: written by hand,
		// replaced through environment.etc, or with pam_rootok.
		"pam-text":   {"SSH003 services.openssh.settings.KbdInteractiveAuthentication hosts/hardened.nix:5:5"},
		"pam-etc":    {"SSH003 services.openssh.settings.KbdInteractiveAuthentication hosts/hardened.nix:5:5"},
		"pam-rootok": {"SSH003 services.openssh.settings.KbdInteractiveAuthentication hosts/hardened.nix:5:5"},
		// rsync modules under settings.sections (25.05's format).
		"rsyncd": {"SVC004 services.rsyncd.settings.sections.ftp hosts/rsyncd.nix:5:23"},
	}
	want := map[string][]string{}
	for _, rel := range []string{"2505", "2511", "2605"} {
		for h, fs := range same {
			want[h+"-"+rel] = fs
		}
	}
	// dnscrypt-proxy's settings under the name each release declares.
	for _, rel := range []string{"2505", "2511", "2605"} {
		name := "services.dnscrypt-proxy"
		if rel == "2505" {
			name = "services.dnscrypt-proxy2"
		}
		want["dns-"+rel] = []string{
			"DNS001 services.resolved.enable hosts/dns.nix:8:21",
			"DNS002 networking.nameservers hosts/dns.nix:9:14",
			"DNS005 " + name + ".settings.require_dnssec hosts/dns.nix:6:5",
		}
	}
	// GNOME's option is read under the name each release declares.
	want["gnome-2505"] = []string{"MIN002 services.xserver.desktopManager.gnome.enable hosts/gnome.nix:4:41"}
	want["gnome-2511"] = []string{"MIN002 services.desktopManager.gnome.enable hosts/gnome.nix:4:41"}
	want["gnome-2605"] = want["gnome-2511"]
	// A look-alike of the 25.11 name declared on 25.05 does not hide the
	// real services.dnscrypt-proxy2.
	want["lookalike-2505"] = []string{
		"DNS001 services.resolved.enable hosts/lookalike.nix:16:23",
		"DNS005 services.dnscrypt-proxy2.settings.require_dnssec hosts/lookalike.nix:13:38",
	}
	// Until 25.05 auditd did not turn security.audit.enable on, and
	// audit.nix then disables the kernel's audit; from 25.11 auditd sets
	// it (mkDefault true). security.audit.rules is empty on every release.
	empty := "AUD002 security.audit.rules flake.nix:15:7"
	want["auditd-2505"] = []string{"AUD002 security.audit.enable flake.nix:15:7", empty}
	want["auditd-2511"] = []string{empty}
	want["auditd-2605"] = []string{empty}
	for h := range got {
		sort.Strings(got[h])
	}
	for h, w := range want {
		sort.Strings(w)
		if !reflect.DeepEqual(got[h], w) {
			t.Errorf("%s:\n  got  %s\n  want %s", h, strings.Join(got[h], "\n       "), strings.Join(w, "\n       "))
		}
	}
}
