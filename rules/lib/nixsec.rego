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
# enabled. dnscrypt-proxy is read at its current name; services.dnscrypt-proxy2
# (its name before the rename, and the real option on older nixpkgs) is read
# only when the current name is absent from the document.
_resolvers := [
	{"name": "dnscrypt-proxy", "comps": ["services", "dnscrypt-proxy", "enable"]},
	{"name": "dnscrypt-proxy", "comps": ["services", "dnscrypt-proxy2", "enable"]},
	{"name": "unbound", "comps": ["services", "unbound", "enable"]},
	{"name": "stubby", "comps": ["services", "stubby", "enable"]},
]

_resolver_on(r) if {
	r.comps != ["services", "dnscrypt-proxy2", "enable"]
	is_true(r.comps)
}

_resolver_on(r) if {
	r.comps == ["services", "dnscrypt-proxy2", "enable"]
	not has(["services", "dnscrypt-proxy", "enable"])
	is_true(r.comps)
}

_enabled_resolvers := [{"name": r.name, "enable_path": path(r.comps)} |
	some r in _resolvers
	_resolver_on(r)
]

# local_resolver_enabled is true when dnscrypt-proxy, unbound or stubby is on.
local_resolver_enabled if count(_enabled_resolvers) > 0

# local_resolver is the first enabled local resolver:
# {"name": "dnscrypt-proxy", "enable_path": "services.dnscrypt-proxy.enable"}.
local_resolver := _enabled_resolvers[0]

# dnscrypt_proxy is the path components of the dnscrypt-proxy module on this
# host: services.dnscrypt-proxy, or services.dnscrypt-proxy2 when only the old
# name is in the document (older nixpkgs).
dnscrypt_proxy := ["services", "dnscrypt-proxy"] if {
	has(["services", "dnscrypt-proxy", "enable"])
} else := ["services", "dnscrypt-proxy2"]

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

# systemd_value is the value of a unit setting as systemd reads it: the last
# assignment of a list (a setting written several times), else the value.
systemd_value(v) := v[count(v) - 1] if {
	is_array(v)
	count(v) > 0
} else := v if not is_array(v)

# systemd_true and systemd_false read a unit boolean as systemd's
# parse_boolean does: true, "yes", "on", "1"…; false, "no", "off", "0"….
# Any other value (absent, null, "strict") is neither.
systemd_true(v) if _systemd_bool(systemd_value(v)) == true

systemd_false(v) if _systemd_bool(systemd_value(v)) == false

# systemd_bool is the boolean a single unit value (not a list of
# assignments) reads as, like systemd_true and systemd_false without
# taking the last assignment; undefined when it is no boolean.
systemd_bool(v) := _systemd_bool(v)

_systemd_bool(v) := v if is_boolean(v)

_systemd_bool(v) := _bool_words[lower(trim_space(v))] if is_string(v)

_systemd_bool(v) := _bool_words[format_int(v, 10)] if {
	is_number(v)
	v in {0, 1}
}

_bool_words := {
	"1": true, "yes": true, "y": true, "true": true, "t": true, "on": true,
	"0": false, "no": false, "n": false, "false": false, "f": false, "off": false,
}

# runs_as_root is true when a service with serviceConfig sc runs as root, as
# systemd decides: User= is root ("root" or "0"), or User= is unset and
# DynamicUser= is not on.
runs_as_root(sc) if _root_user(systemd_value(object.get(sc, "User", null)))

runs_as_root(sc) if {
	_no_user(systemd_value(object.get(sc, "User", null)))
	not systemd_true(object.get(sc, "DynamicUser", null))
}

_root_user(u) if u in {"root", "0", 0}

_no_user(u) if u == null

_no_user(u) if u == ""
