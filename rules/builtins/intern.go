package builtins

import "github.com/open-policy-agent/opa/v1/ast"

// The engine converts a host's document to OPA's values as rules read it,
// and lists an object's keys as terms when a rule or builtin walks it:
// each key is then a fresh string term (two allocations), unless OPA has
// it interned. The keys of a host's document are the components of the
// option paths the rules read, and the settings below them (a user's
// options, a unit's serviceConfig): interned once here, converting and
// walking them allocates nothing for the keys (issue 17). Interning only
// shares the term: the values are the same. OPA allows it at
// initialization only, which this is.
func init() {
	ast.InternStringTerm(optionComponents...)
	ast.InternStringTerm(documentKeys...)
}

// optionComponents are the components of the built-in rules' option paths
// (custom.options, aliases too) but "*". intern_perf_test.go checks that
// the rules that run by default add none.
var optionComponents = []string{
	"AllowGroups", "AllowUsers", "AuthenticationMethods", "Ciphers", "ExecStart", "KbdInteractiveAuthentication",
	"KexAlgorithms", "LogLevel", "Macs", "PasswordAuthentication", "PermitRootLogin", "Preferences", "Proxy",
	"UsePAM", "X11Forwarding", "admin_password", "allowDiscards", "allowInbound", "allowed-users",
	"allowedTCPPortRanges", "allowedTCPPorts", "allowedUDPPortRanges", "allowedUDPPorts", "allowedUsers",
	"anonymousUser", "apparmor", "atftpd", "audit", "auditd", "authorizedKeys", "autoUpgrade", "automatic",
	"avahi", "boot", "challengeResponseAuthentication", "checkReversePath", "ciphers", "client", "daemon",
	"database", "defaultPackages", "desktopManager", "device", "devices", "dhcpcd", "dns", "dnscrypt-proxy",
	"dnscrypt-proxy2", "docker", "dp9ik", "editor", "enable", "enablePam", "enableRecommendedAlgorithms",
	"ensureProfiles", "environment", "etc", "execWheelOnly", "extraConfig", "fileSystems", "firefox", "firewall",
	"forwardX11", "fsType", "gc", "gitea", "gnome", "googleAuthenticator", "grafana", "grub", "gui",
	"hashedPassword", "homed", "hosts", "implicitPolicyTarget", "implictPolicyTarget", "initialHashedPassword",
	"initialPassword", "initrd", "interfaces", "isContainer", "kanidm", "kbdInteractiveAuthentication", "kernel",
	"kernel.dmesg_restrict", "kernel.kptr_restrict", "kexAlgorithms", "keyFiles", "keys",
	"killUnconfinedConfinables", "krb5", "lanzaboote", "ldap", "limine", "listenOptions", "loader",
	"lockKernelModules", "logLevel", "loginPam", "luks", "macs", "matrix-synapse", "mutableUsers", "mysqlAuth",
	"nameservers", "networking", "networkmanager", "networks", "nix", "nixos", "openFirewall", "openssh",
	"otpwAuth", "p11Auth", "pam", "pam.d/sshd", "password", "passwordAuthentication", "permitRootLogin",
	"plasma6", "policies", "ports", "preferences", "printing", "profiles", "programs", "protectKernelImage",
	"psk", "pskRaw", "publish", "redis", "registration_shared_secret", "release", "require-sigs",
	"requirePass", "requireSignedBinaryCaches", "resolved", "root", "rpc-password", "rsyncd", "rules", "samba",
	"sandbox", "script", "secureBoot", "security", "servers", "serviceConfig", "services", "settings", "source",
	"sshd", "sssd", "stubby", "sudo", "sudo-rs", "syncthing", "sysctl", "system", "systemd", "systemd-boot",
	"text", "tftpd", "tor", "torsocks", "transmission", "trusted-users", "trustedInterfaces", "trustedUsers",
	"tryEmptyPassphrase", "u2fAuth", "unbound", "unixAuth", "usbguard", "useSandbox", "users", "virtualisation",
	"vsftpd", "wheelNeedsPassword", "wifi-security", "wireless", "xinetd", "xserver",
}

// documentKeys are other keys host documents hold many times: what the
// framework rules read of every user and /etc file, the derivations of
// package lists, and the serviceConfig settings most units set (the
// systemd package interns those its exposure score reads).
var documentKeys = []string{
	"uid", "gid", "group", "user", "mode", "target", "isNormalUser", "isSystemUser", "extraGroups", "home",
	"shell", "description", "hashedPasswordFile", "_derivation",
	"Type", "Restart", "RestartSec", "Group", "WorkingDirectory", "Environment", "EnvironmentFile",
	"StateDirectory", "RuntimeDirectory", "ExecStartPre", "ExecStartPost", "ExecReload", "ExecStop",
}
