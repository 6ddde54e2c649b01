# rules/lib/nixsec.rego as it was before issue 17 (without its sshd_config
# part): the reference users_identity_test.go compares the bundle with.

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
# null is neither.
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
path(comps) := concat(".", [_component(c) | some c in comps])

_component(c) := c if {
	c == "*"
} else := c if {
	_identifier(c)
} else := quote(c)

# _identifier is c matching [a-zA-Z_][a-zA-Z0-9_'-]*, tested with string
# builtins: every rendered path goes through it, and regex.match costs
# several times more.
_identifier(c) if {
	c != ""
	trim_left(c, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'-") == ""
	not substring(c, 0, 1) in {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "'", "-"}
}

# quote renders s as a Nix string literal: lib.strings.escapeNixString, i.e.
# builtins.toJSON with every "$" escaped.
quote(s) := concat("", ["\"", _escape(s), "\""])

_escape(s) := strings.replace_n(
	{
		"\\": "\\\\",
		"\"": "\\\"",
		"\n": "\\n",
		"\r": "\\r",
		"\t": "\\t",
		"$": "\\$",
	},
	s,
)

# defined is true when a definition other than the option's default sets the
# option at the (rendered) path p.
defined(p) if input.defined[p] == true

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

# own_services is the units of systemd.services defined in the flake's own
# files, by name, each with its name as rendered in an option path: input.files
# (which holds only the flake's own files) has an entry for its
# serviceConfig.ExecStart or its script. A service that only nixpkgs modules
# define is not the user's to harden. A rule using it lists
# systemd.services.*.serviceConfig.ExecStart and systemd.services.*.script
# in custom.options, so that the bridge collects their files. Computed once
# per host for every rule that walks the user's units (a NixOS host has a
# hundred or more of nixpkgs').
own_services := {name: component |
	files := object.get(input, "files", {})
	some name, _ in cfg(["systemd", "services"], {})
	component := path([name]) # rendered once; the other components are identifiers
	some suffix in [".serviceConfig.ExecStart", ".script"]
	paths := object.get(files, concat("", ["systemd.services.", component, suffix]), [])
	is_array(paths)
	count(paths) > 0
}

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
