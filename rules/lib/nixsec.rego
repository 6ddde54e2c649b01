# Helpers shared by the rule packages: reading option values from
# input.config by path components, rendering option paths the way NixOS
# prints them (lib.showOption), rendering values for messages, and deciding
# whether a local DNS resolver is enabled. Not a rule: no METADATA, no deny.
package nixsec.lib

# A value that never occurs in an input document: object.get's default when
# telling "absent" from "present but null".
_absent := {"nixsec_absent": true}

# cfg returns the value of the option at path components comps, or d when the
# path is absent from input.config (module not imported on the host, or no
# value).
cfg(comps, d) := object.get(input.config, comps, d)

# has is true when the path comps is present in input.config, whatever its
# value (null included).
has(comps) if object.get(input.config, comps, _absent) != _absent

# is_true and is_false compare with the boolean exactly: an absent path or a
# null is neither. The built-in rules write a constant path as a reference
# (input.config.boot.isContainer == true, the same test) and cfg as
# object.get(input.config, comps, d): a function call costs several times
# the read, and a host runs a few hundred of them (issue 17).
is_true(comps) if object.get(input.config, comps, null) == true

is_false(comps) if object.get(input.config, comps, null) == false

# non_empty_list is true when the value at comps is a list with an element.
non_empty_list(comps) if {
	v := object.get(input.config, comps, null)
	is_array(v)
	count(v) > 0
}

# path renders path components as an option path, as lib.showOption does: a
# component that is not a Nix identifier is quoted as a Nix string
# (users.users."alice.smith".password). "*" stays a wildcard component.
# In Go (rules/builtins/optionpath, calling optpath, which renders every
# path nixsec prints): every finding's path goes through it, and the Rego
# cost three function bodies per component.
path(comps) := nixsec.option_path(comps)

# defined is true when a definition other than the option's default sets the
# option at the (rendered) path p. Read with object.get: OPA indexes
# input.defined[p] == true by walking input.defined, which converts every
# path it holds (the engine converts a host's document as it is read);
# is_object keeps the reference's reading of a defined that is no object.
defined(p) if {
	is_object(input.defined)
	object.get(input.defined, p, false) == true
}

# default_note is " (NixOS default)" when the option at path p holds its
# default value, "" when something defined it. Append it to a message that
# names the value.
default_note(p) := "" if {
	defined(p)
} else := " (NixOS default)"

# show renders a value for a message, close to Nix syntax: strings quoted,
# lists as [ a b ], other values as JSON (true, false, null, 22).
show(v) := json.marshal(v) if not is_array(v)

show(v) := "[ ]" if {
	is_array(v)
	count(v) == 0
}

show(v) := concat("", ["[ ", concat(" ", [json.marshal(x) | some x in v]), " ]"]) if {
	is_array(v)
	count(v) > 0
}

# Local DNS resolvers, in order of preference for the anchor when several are
# enabled. NixOS 25.05 and older declare dnscrypt-proxy only as
# services.dnscrypt-proxy2; from 25.11 it is services.dnscrypt-proxy, the old
# name a rename of it. The document holds the option under every name the
# host declares as an option of its own (docs/contracts.md), so either name
# being on counts: a module that declares a look-alike services.dnscrypt-proxy
# on 25.05 cannot hide the real one.
_resolvers := [
	{"name": "dnscrypt-proxy", "comps": ["services", "dnscrypt-proxy", "enable"]},
	{"name": "dnscrypt-proxy", "comps": ["services", "dnscrypt-proxy2", "enable"]},
	{"name": "unbound", "comps": ["services", "unbound", "enable"]},
	{"name": "stubby", "comps": ["services", "stubby", "enable"]},
]

_enabled_resolvers := [{"name": r.name, "enable_path": path(r.comps)} |
	some r in _resolvers
	is_true(r.comps)
]

# local_resolver_enabled is true when dnscrypt-proxy, unbound or stubby is on.
local_resolver_enabled if count(_enabled_resolvers) > 0

# local_resolver is the first enabled local resolver:
# {"name": "dnscrypt-proxy", "enable_path": "services.dnscrypt-proxy.enable"}.
local_resolver := _enabled_resolvers[0]

# dnscrypt_proxy is the path components of the dnscrypt-proxy module on this
# host: the name that is on (the current one first), else the name present.
dnscrypt_proxy := ["services", "dnscrypt-proxy"] if {
	is_true(["services", "dnscrypt-proxy", "enable"])
} else := ["services", "dnscrypt-proxy2"] if {
	is_true(["services", "dnscrypt-proxy2", "enable"])
} else := ["services", "dnscrypt-proxy"] if {
	has(["services", "dnscrypt-proxy", "enable"])
} else := ["services", "dnscrypt-proxy2"]

# dnscrypt_proxies is the set of dnscrypt-proxy path prefixes that are on:
# rules that read its settings check each, so that a look-alike under one
# name cannot stand in for the real module under the other.
dnscrypt_proxies contains comps if {
	some comps in [["services", "dnscrypt-proxy"], ["services", "dnscrypt-proxy2"]]
	is_true(array.concat(comps, ["enable"]))
}

# dnscrypt_proxy_enabled is true when dnscrypt-proxy is on, under either name.
dnscrypt_proxy_enabled if is_true(array.concat(dnscrypt_proxy, ["enable"]))

# firefox_pref is the Firefox preference name as the host sets it:
# {"value": v, "path": p}. A value in programs.firefox.preferences wins (NixOS
# copies it into policies.Preferences as {Value, Status}); otherwise the
# policy's Value (or a bare value, the older policy format). Undefined when
# the host sets neither.
firefox_pref(name) := {
	"value": cfg(["programs", "firefox", "preferences", name], null),
	"path": path(["programs", "firefox", "preferences", name]),
} if {
	has(["programs", "firefox", "preferences", name])
} else := {
	"value": _policy_value(cfg(["programs", "firefox", "policies", "Preferences", name], null)),
	"path": path(["programs", "firefox", "policies", "Preferences", name]),
} if {
	has(["programs", "firefox", "policies", "Preferences", name])
}

_policy_value(p) := object.get(p, "Value", null) if is_object(p)

_policy_value(p) := p if not is_object(p)

# firefox_pref_fix is the fix that sets Firefox preference name to value
# where the host sets it: a plain value in programs.firefox.preferences, a
# locked {Value, Status} in policies.Preferences.
firefox_pref_fix(name, value) := {"path": pref.path, "value": {"Value": value, "Status": "locked"}} if {
	pref := firefox_pref(name)
	startswith(pref.path, "programs.firefox.policies.")
} else := {"path": path(["programs", "firefox", "preferences", name]), "value": value}

# firefox_socks is where Firefox (programs.firefox.enable) is sent through a
# SOCKS proxy: {"path": p, "via": "preference" | "policy"}, from the
# network.proxy.socks preference or a manual Proxy policy with SOCKSProxy.
# Undefined when Firefox uses no SOCKS proxy.
firefox_socks := {"path": pref.path, "via": "preference"} if {
	is_true(["programs", "firefox", "enable"])
	pref := firefox_pref("network.proxy.socks")
	_non_empty_string(pref.value)
} else := {"path": path(["programs", "firefox", "policies", "Proxy", "SOCKSProxy"]), "via": "policy"} if {
	is_true(["programs", "firefox", "enable"])
	proxy := cfg(["programs", "firefox", "policies", "Proxy"], null)
	is_object(proxy)
	object.get(proxy, "Mode", null) == "manual"
	_non_empty_string(object.get(proxy, "SOCKSProxy", null))
}

_non_empty_string(s) if {
	is_string(s)
	trim_space(s) != ""
}

# users_by_option is users.users turned around, {option: {user: value}}:
# each user (an object) under each option it sets. A rule reading one
# option of every user walks only the users that set it, not the forty or
# more of a NixOS host. Computed once per host (nixsec.transpose).
users_by_option := nixsec.transpose(cfg(["users", "users"], {}))

# own_services is the units of systemd.services defined in the flake's own
# files, by name, each with its name as rendered in an option path: input.files
# (which holds only the flake's own files) has an entry for its
# serviceConfig.ExecStart or its script. A service that only nixpkgs modules
# define is not the user's to harden. A rule using it lists
# systemd.services.*.serviceConfig.ExecStart and systemd.services.*.script
# in custom.options, so that the bridge collects their files. Computed once
# per host for every rule that walks the user's units (a NixOS host has a
# hundred or more of nixpkgs'), in Go (rules/builtins/systemd): a non-empty
# list at input.files["systemd.services.<component>.serviceConfig.ExecStart"]
# or [...".script"].
own_services := nixsec.systemd_own_services(cfg(["systemd", "services"], {}), object.get(input, "files", {}))

# own_units is the own_services that run: each that is an object, is not
# disabled (enable is anything but false) and has an object serviceConfig
# (absent is {}), by name, with what SVC006 and SVC007 read of it, computed
# once per host in Go: {"component" (as own_services), "path" (the option
# path of its serviceConfig, systemd.services.<component>.serviceConfig,
# where SVC006 and SVC007 put their findings), "serviceConfig", "user"
# (nixsec.systemd_user's reading: {"name", "dynamic", "root"}), "tenths"
# (nixsec.systemd_exposure's), "exposure" (tenths as systemd-analyze prints
# them: "9.6"), "worst" (the settings that cost the most points, most first,
# then by name: at most 8) and "weak" (worst joined by ", ")}.
own_units := nixsec.systemd_own_units(cfg(["systemd", "services"], {}), object.get(input, "files", {}))

# own_service is true when systemd.services.<name> is one of own_services.
own_service(name) if own_services[name]

# A service's systemd settings are read in Go (rules/builtins/systemd), as
# systemd reads the unit NixOS writes: the reading SVC007's exposure score
# uses, so that no rule reads a setting otherwise. Each element of a list is
# an assignment, an empty one resets, an invalid one is ignored.

# systemd_true and systemd_false read a boolean setting's value v: its last
# valid assignment (true, "yes", "on", 1…; false, "no", "off", 0…). A value
# with none (absent, null, "strict", []) is neither.
systemd_true(v) if nixsec.systemd_bool(v) == true

systemd_false(v) if nixsec.systemd_bool(v) == false

# systemd_bool is that boolean; undefined when there is none.
systemd_bool(v) := b if {
	b := nixsec.systemd_bool(v)
	b != null
}

# runs_as_root is true when a service with serviceConfig sc runs as root, as
# systemd decides: User= is root ("root" or "0"), or User= is unset and
# DynamicUser= is not on. nixsec.systemd_user(sc) also gives the user.
runs_as_root(sc) if nixsec.systemd_user(sc).root

# ---------------------------------------------------------------------------
# sshd_config as NixOS writes it (nixos/modules/services/networking/ssh/
# sshd.nix): services.openssh.settings, then services.openssh.extraConfig
# through the build's shell here-document, read as sshd reads it
# (sshd_config(5), servconf.c). The reading is Go, nixsec.sshd_config
# (rules/builtins/sshd, which says how NixOS writes the file and sshd
# reads it), called once per host; these helpers look into its result. A
# rule using them lists services.openssh.settings.* (every setting, the
# names it does not know too) and services.openssh.extraConfig in
# custom.options.

_sshd := nixsec.sshd_config(cfg(["services", "openssh"], {}))

# sshd_extra is the lines of sshd_config other than the setting's own line
# (services.openssh.settings.<name>) that give the keyword name (or an older
# name of it: ChallengeResponseAuthentication and SkeyAuthentication for
# KbdInteractiveAuthentication) a value sshd can use: every line inside a
# Match block (the first in a matching block wins; lines after "Match all"
# count at startup too), and a line outside any block when it is the first
# such line, since for each keyword sshd uses the first value it reads
# (services.openssh.settings.<name> null leaves its line out; a settings
# value with a newline writes lines of its own). Each is {"path" (the
# option that writes it), "text", "args", "value" (the first argument, ""
# without one), "match" (the block's condition, null outside any), "where"
# (for a message)}. The builtin gives each line as [own, path, text, args,
# value, match, where], own the settings name whose line it is: made an
# object here only for the lines returned.
sshd_extra(name) := {{"path": d[1], "text": d[2], "args": d[3], "value": d[4], "match": d[5], "where": d[6]} |
	some d in object.get(_sshd.extra, lower(name), [])
	d[0] != name
}

# sshd_setting_match is the Match block the line of services.openssh.
# settings.<name> falls in, {"condition", "path"} (the option that writes
# the Match line), when it is not "Match all": the setting then covers only
# the connections that block matches, and every other connection gets the
# first global line or OpenSSH's default. (Settings are written in sorted
# order: a setting named "Match" opens a block around the names after it.)
sshd_setting_match(name) := _sshd.setting_match[name]

# sshd_extra_unreadable is what keeps nixsec from reading the sshd_config
# the build writes: {"path", "why"}. An Include line (the included file is
# not in the document); shell syntax the build expands in extraConfig (an
# unescaped $ before a character, or `); a line "EOL" in extraConfig, which
# ends the here-document, so that the lines after it run as shell commands.
sshd_extra_unreadable contains u if some u in _sshd.unreadable
