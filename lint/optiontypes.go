package lint

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/nixsec/nixsec/optpath"
)

// OptionTypes are the JSON types of the options the built-in rules read,
// as an evaluation writes them (docs/input.md, "Option types"): NixOS's
// declared types (as the imitation in examples/lib/nixpkgs-modules.nix
// declares them, each from its nixpkgs module file) after sanitizing (a path becomes a
// string, a package an object or its store path). A --from-json document
// is checked against them: a rule that reads `"yes"` where NixOS only
// allows a boolean would silently decide "not true" and pass the gate.
//
// A type is alternatives joined by " or ": bool, int, str, null, attrs,
// list, "list of T" (every element of type T), any (freeform settings,
// whose values NixOS does not type). Paths under an option's value (a
// settings key) are checked too, and so are older names (aliases): on a
// release that declares only the old name the value is there.
var OptionTypes = map[string]string{ // #nosec G101 -- option names, not credentials
	"boot.initrd.luks.devices":                                              "attrs",
	"boot.initrd.luks.devices.*.allowDiscards":                              "bool",
	"boot.initrd.luks.devices.*.tryEmptyPassphrase":                         "bool",
	"boot.isContainer":                                                      "bool",
	"boot.kernel.sysctl":                                                    "attrs",
	`boot.kernel.sysctl."kernel.dmesg_restrict"`:                            "null or bool or int or str",
	`boot.kernel.sysctl."kernel.kptr_restrict"`:                             "null or bool or int or str",
	`boot.kernel.sysctl."kernel.randomize_va_space"`:                        "null or bool or int or str",
	`boot.kernel.sysctl."net.ipv4.tcp_syncookies"`:                          "null or bool or int or str",
	"boot.kernelParams":                                                     "list of str",
	"boot.lanzaboote.enable":                                                "bool",
	"boot.lanzaboote.settings.editor":                                       "any",
	"boot.loader.grub.enable":                                               "bool",
	"boot.loader.limine.enable":                                             "bool",
	"boot.loader.limine.secureBoot.enable":                                  "bool",
	"boot.loader.systemd-boot.editor":                                       "bool",
	"boot.loader.systemd-boot.enable":                                       "bool",
	"environment.defaultPackages":                                           "list",
	`environment.etc."audit/auditd.conf".enable`:                            "bool",
	`environment.etc."audit/auditd.conf".text`:                              "null or str",
	`environment.etc."default/useradd".enable`:                              "bool",
	`environment.etc."default/useradd".source`:                              "str or attrs",
	`environment.etc."default/useradd".text`:                                "null or str",
	`environment.etc."issue.net".text`:                                      "null or str",
	`environment.etc."login.defs".enable`:                                   "bool",
	`environment.etc."login.defs".source`:                                   "str or attrs",
	`environment.etc."login.defs".text`:                                     "null or str",
	`environment.etc."pam_pkcs11/pam_pkcs11.conf".enable`:                   "bool",
	`environment.etc."pam_pkcs11/pam_pkcs11.conf".source`:                   "str or attrs",
	`environment.etc."pam_pkcs11/pam_pkcs11.conf".text`:                     "null or str",
	`environment.etc."security/pwquality.conf".enable`:                      "bool",
	`environment.etc."security/pwquality.conf".source`:                      "str or attrs",
	`environment.etc."security/pwquality.conf".text`:                        "null or str",
	`environment.etc."sssd/pki/sssd_auth_ca_db.pem".enable`:                 "bool",
	`environment.etc."sssd/pki/sssd_auth_ca_db.pem".source`:                 "str or attrs",
	`environment.etc."sssd/pki/sssd_auth_ca_db.pem".text`:                   "null or str",
	"environment.etc.*.enable":                                              "bool",
	"environment.etc.*.gid":                                                 "int",
	"environment.etc.*.group":                                               "str",
	"environment.etc.*.mode":                                                "str",
	"environment.etc.*.target":                                              "str",
	"environment.etc.*.uid":                                                 "int",
	"environment.etc.*.user":                                                "str",
	"environment.systemPackages":                                            "list",
	"fileSystems.*.device":                                                  "null or str",
	"fileSystems.*.fsType":                                                  "str",
	"hardware.bluetooth.enable":                                             "bool",
	"networking.dhcpcd.enable":                                              "bool",
	"networking.dhcpcd.extraConfig":                                         "str",
	"networking.firewall.allowedTCPPortRanges":                              "list of attrs",
	"networking.firewall.allowedTCPPorts":                                   "list of int",
	"networking.firewall.allowedUDPPortRanges":                              "list of attrs",
	"networking.firewall.allowedUDPPorts":                                   "list of int",
	"networking.firewall.checkReversePath":                                  "bool or str",
	"networking.firewall.enable":                                            "bool",
	"networking.firewall.extraCommands":                                     "str",
	"networking.firewall.extraInputRules":                                   "str",
	"networking.firewall.interfaces.*.allowedTCPPortRanges":                 "list of attrs",
	"networking.firewall.interfaces.*.allowedTCPPorts":                      "list of int",
	"networking.firewall.interfaces.*.allowedUDPPortRanges":                 "list of attrs",
	"networking.firewall.interfaces.*.allowedUDPPorts":                      "list of int",
	"networking.firewall.trustedInterfaces":                                 "list of str",
	"networking.nameservers":                                                "list of str",
	"networking.networkmanager.dns":                                         "str",
	"networking.networkmanager.enable":                                      "bool",
	"networking.networkmanager.ensureProfiles.profiles.*.wifi-security.psk": "any",
	"networking.nftables.enable":                                            "bool",
	"networking.nftables.ruleset":                                           "str",
	"networking.timeServers":                                                "list of str",
	"networking.wireless.enable":                                            "bool",
	"networking.wireless.networks.*.psk":                                    "null or str",
	"networking.wireless.networks.*.pskRaw":                                 "null or str",
	"nix.gc.automatic":                                                      "bool",
	"nix.settings.allowed-users":                                            "list of str",
	"nix.settings.require-sigs":                                             "bool",
	"nix.settings.sandbox":                                                  "bool or str",
	"nix.settings.trusted-users":                                            "list of str",
	"programs.firefox.enable":                                               "bool",
	"programs.firefox.policies.Preferences":                                 "attrs",
	"programs.firefox.policies.Proxy":                                       "attrs",
	"programs.firefox.preferences":                                          "attrs",
	"programs.hyprland.enable":                                              "bool",
	"programs.labwc.enable":                                                 "bool",
	"programs.niri.enable":                                                  "bool",
	"programs.river-classic.enable":                                         "bool",
	"programs.sway.enable":                                                  "bool",
	"programs.wayfire.enable":                                               "bool",
	"security.apparmor.enable":                                              "bool",
	"security.apparmor.killUnconfinedConfinables":                           "bool",
	"security.audit.backlogLimit":                                           "int",
	"security.audit.enable":                                                 "bool or str",
	"security.audit.rules":                                                  "list of str",
	"security.auditd.enable":                                                "bool",
	"security.auditd.settings.admin_space_left":                             "int or str",
	"security.auditd.settings.admin_space_left_action":                      "any",
	"security.auditd.settings.disk_error_action":                            "any",
	"security.auditd.settings.disk_full_action":                             "any",
	"security.auditd.settings.log_group":                                    "any",
	"security.auditd.settings.space_left":                                   "int or str",
	"security.auditd.settings.space_left_action":                            "any",
	"security.lockKernelModules":                                            "bool",
	"security.loginDefs.settings.ENCRYPT_METHOD":                            "str",
	"security.loginDefs.settings.FAIL_DELAY":                                "any",
	"security.loginDefs.settings.PASS_MAX_DAYS":                             "any",
	"security.loginDefs.settings.PASS_MIN_DAYS":                             "any",
	"security.loginDefs.settings.UMASK":                                     "str",
	"security.pam.loginLimits":                                              "list of attrs",
	"security.pam.p11.enable":                                               "bool",
	"security.pam.services.chpasswd.text":                                   "null or str",
	"security.pam.services.login.failDelay.delay":                           "int",
	"security.pam.services.login.failDelay.enable":                          "bool",
	"security.pam.services.login.limits":                                    "list of attrs",
	"security.pam.services.login.text":                                      "null or str",
	"security.pam.services.passwd.text":                                     "null or str",
	"security.pam.services.sshd.googleAuthenticator.enable":                 "bool",
	"security.pam.services.sshd.p11Auth":                                    "bool",
	"security.pam.services.sshd.u2fAuth":                                    "bool",
	"security.pam.services.sudo.text":                                       "null or str",
	"security.protectKernelImage":                                           "bool",
	"security.sudo-rs.configFile":                                           "str",
	"security.sudo-rs.enable":                                               "bool",
	"security.sudo-rs.execWheelOnly":                                        "bool",
	"security.sudo-rs.extraConfig":                                          "str",
	"security.sudo-rs.wheelNeedsPassword":                                   "bool",
	"security.sudo.configFile":                                              "str",
	"security.sudo.enable":                                                  "bool",
	"security.sudo.execWheelOnly":                                           "bool",
	"security.sudo.extraConfig":                                             "str",
	"security.sudo.wheelNeedsPassword":                                      "bool",
	"services.atftpd.enable":                                                "bool",
	"services.avahi.enable":                                                 "bool",
	"services.avahi.openFirewall":                                           "bool",
	"services.avahi.publish.enable":                                         "bool",
	"services.cage.enable":                                                  "bool",
	"services.desktopManager.gnome.enable":                                  "bool",
	"services.desktopManager.plasma6.enable":                                "bool",
	"services.displayManager.autoLogin.enable":                              "bool",
	"services.displayManager.autoLogin.user":                                "null or str",
	"services.displayManager.enable":                                        "bool",
	"services.displayManager.gdm.banner":                                    "null or str",
	"services.displayManager.gdm.enable":                                    "bool",
	"services.dnscrypt-proxy.enable":                                        "bool",
	"services.dnscrypt-proxy.settings":                                      "attrs",
	"services.getty.autologinUser":                                          "null or str",
	"services.getty.helpLine":                                               "str",
	"services.gitea.database.password":                                      "str",
	"services.graphical-desktop.enable":                                     "bool",
	"services.grafana.settings.database.password":                           "any",
	"services.grafana.settings.security.admin_password":                     "any",
	"services.journald.audit":                                               "null or bool or str",
	"services.journald.upload.enable":                                       "bool",
	"services.journald.upload.settings.Upload.TrustedCertificateFile":       "null or str",
	"services.journald.upload.settings.Upload.URL":                          "str",
	"services.logind.extraConfig":                                           "str",
	"services.logind.settings.Login.IdleAction":                             "any",
	"services.logind.settings.Login.IdleActionSec":                          "any",
	"services.matrix-synapse.settings.registration_shared_secret":           "any",
	"services.openssh.banner":                                               "null or str",
	"services.openssh.enable":                                               "bool",
	"services.openssh.enableRecommendedAlgorithms":                          "bool",
	"services.openssh.extraConfig":                                          "str",
	"services.openssh.openFirewall":                                         "bool",
	"services.openssh.ports":                                                "list of int",
	"services.openssh.settings.*":                                           "any",
	"services.openssh.settings.AllowGroups":                                 "null or list of str",
	"services.openssh.settings.AllowUsers":                                  "null or list of str",
	"services.openssh.settings.AuthenticationMethods":                       "any",
	"services.openssh.settings.Banner":                                      "null or str",
	"services.openssh.settings.Ciphers":                                     "null or list of str",
	"services.openssh.settings.ClientAliveCountMax":                         "any",
	"services.openssh.settings.ClientAliveInterval":                         "any",
	"services.openssh.settings.KbdInteractiveAuthentication":                "null or bool",
	"services.openssh.settings.KexAlgorithms":                               "null or list of str",
	"services.openssh.settings.LogLevel":                                    "null or str",
	"services.openssh.settings.Macs":                                        "null or list of str",
	"services.openssh.settings.PasswordAuthentication":                      "null or bool",
	"services.openssh.settings.PermitRootLogin":                             "null or str",
	"services.openssh.settings.X11Forwarding":                               "null or bool",
	"services.printing.enable":                                              "bool",
	"services.redis.servers.*.requirePass":                                  "null or str",
	"services.resolved.enable":                                              "bool",
	"services.rsyncd.enable":                                                "bool",
	"services.rsyncd.settings":                                              "attrs",
	"services.samba.enable":                                                 "bool",
	"services.samba.openFirewall":                                           "bool",
	"services.sssd.config":                                                  "str",
	"services.stubby.enable":                                                "bool",
	"services.syncthing.settings.gui.password":                              "any",
	"services.tftpd.enable":                                                 "bool",
	"services.timesyncd.enable":                                             "bool",
	"services.timesyncd.extraConfig":                                        "str",
	"services.timesyncd.servers":                                            "null or list of str",
	"services.timesyncd.settings.Time.PollIntervalMaxSec":                   "any",
	"services.tor.client.enable":                                            "bool",
	"services.tor.enable":                                                   "bool",
	"services.tor.torsocks.allowInbound":                                    "bool",
	"services.tor.torsocks.enable":                                          "bool",
	"services.transmission.settings.rpc-password":                           "any",
	"services.unbound.enable":                                               "bool",
	"services.usbguard.enable":                                              "bool",
	"services.usbguard.implicitPolicyTarget":                                "str",
	"services.usbguard.rules":                                               "null or str",
	"services.vsftpd.anonymousUser":                                         "bool",
	"services.vsftpd.enable":                                                "bool",
	"services.xinetd.enable":                                                "bool",
	"services.xinetd.services":                                              "list of attrs",
	"services.xserver.enable":                                               "bool",
	"system.autoUpgrade.enable":                                             "bool",
	"system.nixos.release":                                                  "str",
	"systemd.services.*.enable":                                             "bool",
	"systemd.services.*.script":                                             "str",
	"systemd.services.*.serviceConfig":                                      "attrs",
	// unitOption: bool, int, str, path or a list of them.
	"systemd.services.*.serviceConfig.ExecStart":       "bool or int or str or list",
	"systemd.services.aide":                            "attrs",
	"systemd.services.aide.enable":                     "bool",
	"users.mutableUsers":                               "bool",
	"users.users.*.hashedPassword":                     "null or str",
	"users.users.*.initialHashedPassword":              "null or str",
	"users.users.*.initialPassword":                    "null or str",
	"users.users.*.isNormalUser":                       "bool",
	"users.users.*.isSystemUser":                       "bool",
	"users.users.*.openssh.authorizedKeys.keys":        "list of str",
	"users.users.*.password":                           "null or str",
	"users.users.*.uid":                                "null or int",
	"users.users.root.hashedPassword":                  "null or str",
	"users.users.root.hashedPasswordFile":              "null or str",
	"users.users.root.initialHashedPassword":           "null or str",
	"users.users.root.initialPassword":                 "null or str",
	"users.users.root.openssh.authorizedKeys.keyFiles": "list of str",
	"users.users.root.openssh.authorizedKeys.keys":     "list of str",
	"users.users.root.password":                        "null or str",
	"virtualisation.docker.daemon.settings.hosts":      "list of str",
	"virtualisation.docker.enable":                     "bool",
	"virtualisation.docker.listenOptions":              "list of str",
	"security.pam.dp9ik.enable":                        "bool",
	"security.pam.krb5.enable":                         "bool",
	"security.pam.services.sshd.mysqlAuth":             "bool",
	"security.pam.services.sshd.otpwAuth":              "bool",
	"security.pam.services.sshd.enable":                "bool",
	"security.pam.services.sshd.text":                  "null or str",
	`environment.etc."pam.d/sshd".enable`:              "bool",
	`environment.etc."pam.d/sshd".text`:                "null or str",
	// a path (a string) or a package (a derivation, sanitized to an object)
	`environment.etc."pam.d/sshd".source`: "str or attrs",
	"security.pam.services.sshd.unixAuth": "bool",
	"services.homed.enable":               "bool",
	"services.kanidm.enablePam":           "bool",
	"services.openssh.settings.UsePAM":    "null or bool",
	"services.sssd.enable":                "bool",
	"users.ldap.enable":                   "bool",
	"users.ldap.loginPam":                 "bool",
	// Older names: a host whose nixpkgs declares only the old name has the
	// value there (the bridge reads the first declared name), with the
	// current name's type.
	"nix.allowedUsers":                                 "list of str",
	"nix.requireSignedBinaryCaches":                    "bool",
	"nix.trustedUsers":                                 "list of str",
	"nix.useSandbox":                                   "bool or str",
	"programs.river.enable":                            "bool",
	"services.dnscrypt-proxy2.enable":                  "bool",
	"services.dnscrypt-proxy2.settings":                "attrs",
	"services.openssh.challengeResponseAuthentication": "null or bool",
	"services.openssh.ciphers":                         "null or list of str",
	"services.openssh.forwardX11":                      "null or bool",
	"services.openssh.kbdInteractiveAuthentication":    "null or bool",
	"services.openssh.kexAlgorithms":                   "null or list of str",
	"services.openssh.logLevel":                        "null or str",
	"services.openssh.macs":                            "null or list of str",
	"services.openssh.passwordAuthentication":          "null or bool",
	"services.openssh.permitRootLogin":                 "null or str",
	"services.sshd.enable":                             "bool",
	"services.usbguard.implictPolicyTarget":            "str",
	"services.xserver.desktopManager.gnome.enable":     "bool",
	"services.xserver.displayManager.autoLogin.enable": "bool",
	"services.xserver.displayManager.autoLogin.user":   "null or str",
	"services.xserver.displayManager.gdm.banner":       "null or str",
	"services.xserver.displayManager.gdm.enable":       "bool",
}

// typeNames say what a JSON value is, in the words of the type table.
func typeName(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case string:
		return "str"
	case json.Number:
		if strings.ContainsAny(string(x), ".eE") {
			return "float"
		}
		return "int"
	case float64:
		if x == float64(int64(x)) {
			return "int"
		}
		return "float"
	case int, int64:
		return "int"
	case map[string]any:
		return "attrs"
	case []any:
		return "list"
	}
	return fmt.Sprintf("%T", v)
}

// hasType reports whether v is of the type t (OptionTypes' syntax).
func hasType(v any, t string) bool {
	for _, alt := range strings.Split(t, " or ") {
		if alt == "any" {
			return true
		}
		if elem, ok := strings.CutPrefix(alt, "list of "); ok {
			list, isList := v.([]any)
			if !isList {
				continue
			}
			all := true
			for _, x := range list {
				if !hasType(x, elem) {
					all = false
					break
				}
			}
			if all {
				return true
			}
			continue
		}
		if typeName(v) == alt {
			return true
		}
	}
	return false
}

// checkOptionTypes checks a host's config against OptionTypes: every value
// at a path the table lists, and every set it is nested in. It returns
// one message per value of the wrong type (at most a few), in path order.
func checkOptionTypes(config map[string]any) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range optionPatterns() {
		walkPattern(config, p.pat, nil, func(concrete []string, v any, leaf bool) {
			want := "attrs"
			if leaf {
				want = p.typ
			}
			if hasType(v, want) {
				return
			}
			where := optpath.Format(concrete)
			if seen[where] {
				return
			}
			seen[where] = true
			out = append(out, fmt.Sprintf("option %s is %s, but its type is %s", where, describe(v, want), want))
		})
	}
	sort.Strings(out)
	return out
}

// optionPattern is an entry of OptionTypes, its path parsed.
type optionPattern struct {
	pat []string
	typ string
}

// optionPatterns are OptionTypes' entries in path order, parsed once for
// every host a run checks.
var optionPatterns = sync.OnceValue(func() []optionPattern {
	paths := slices.Sorted(maps.Keys(OptionTypes))
	out := make([]optionPattern, len(paths))
	for i, p := range paths {
		out[i] = optionPattern{optpath.MustParse(p), OptionTypes[p]}
	}
	return out
})

// walkPattern calls f on the value at every concrete path of pat that is
// present in v (leaf true), or on the first value on the way that is not
// a set and so cannot hold it (leaf false).
func walkPattern(v any, pat, at []string, f func(concrete []string, v any, leaf bool)) {
	if len(pat) == 0 {
		f(at, v, true)
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		if len(at) > 0 { // config itself is checked by the decoder
			f(at, v, false)
		}
		return
	}
	if pat[0] != optpath.Star {
		if x, ok := m[pat[0]]; ok {
			walkPattern(x, pat[1:], append(at[:len(at):len(at)], pat[0]), f)
		}
		return
	}
	// In any order: each concrete path is met once per pattern, and the
	// caller sorts what it reports.
	for k, x := range m {
		walkPattern(x, pat[1:], append(at[:len(at):len(at)], k), f)
	}
}

// describe names a value's type, with the value itself when short; for a
// list of the wrong elements, the first wrong one.
func describe(v any, want string) string {
	article := map[string]string{"null": "null", "bool": "a bool", "str": "a string", "int": "an int", "float": "a float",
		"attrs": "an attribute set", "list": "a list"}
	name := typeName(v)
	d := article[name]
	if d == "" {
		d = name
	}
	switch x := v.(type) {
	case string:
		if len(x) <= 40 {
			d += fmt.Sprintf(" (%q)", x)
		}
	case bool, json.Number:
		d += fmt.Sprintf(" (%v)", x)
	case []any:
		for _, alt := range strings.Split(want, " or ") {
			elem, ok := strings.CutPrefix(alt, "list of ")
			if !ok {
				continue
			}
			for i, e := range x {
				if !hasType(e, elem) {
					return fmt.Sprintf("a list whose element %d is %s", i, describe(e, elem))
				}
			}
		}
	}
	return d
}
