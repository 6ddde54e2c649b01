# rules/services/svc008.rego as it was before issue 17 moved its walk over the units into Go:
# the reference identity_test.go compares the bundle with. Not embedded.

# METADATA
# title: A [Unit] or [Install] setting is written into serviceConfig
# description: |
#   systemd.services.<name>.serviceConfig becomes the [Service] section of
#   the unit file. Ordering, dependency and install settings (After, Wants,
#   Requires, BindsTo, WantedBy, Description…) belong to [Unit] or
#   [Install]: in [Service] systemd logs "Unknown key name" and ignores them,
#   so the ordering or dependency the author relied on does not exist, and a
#   service may start before the network, the resolver or the secret it needs
#   (the paranoid NixOS guide's own dnscrypt-proxy2 example puts after and
#   wants there). NixOS has options for them on the service itself:
#   systemd.services.<name>.after, .wants, .wantedBy, or unitConfig.
# custom:
#   id: SVC008
#   severity: medium
#   options:
#     - systemd.services.*.serviceConfig
#   remediation: |
#     systemd.services.dnscrypt-proxy2 = {
#       after = [ "network-online.target" ];   # not serviceConfig.after
#       wants = [ "network-online.target" ];
#     };
#   references:
#     - https://www.freedesktop.org/software/systemd/man/latest/systemd.unit.html
#     - https://search.nixos.org/options?query=systemd.services.%3Cname%3E.after
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
package nixsec.rules.services.svc008

import data.nixsec.lib

# [Unit] and [Install] keys (lower case) and the NixOS option that writes
# them; the rest go through unitConfig.
_options := {
	"description": "description",
	"documentation": "documentation",
	"after": "after",
	"before": "before",
	"wants": "wants",
	"requires": "requires",
	"requisite": "requisite",
	"bindsto": "bindsTo",
	"partof": "partOf",
	"upholds": "upholds",
	"conflicts": "conflicts",
	"onfailure": "onFailure",
	"onsuccess": "onSuccess",
	"wantedby": "wantedBy",
	"requiredby": "requiredBy",
	"upheldby": "upheldBy",
	"alias": "aliases",
}

_unit_config := {
	"propagatesreloadto", "reloadpropagatedfrom", "propagatesstopto", "stoppropagatedfrom",
	"joinsnamespaceof", "requiresmountsfor", "wantsmountsfor", "defaultdependencies",
	"stopwhenunneeded", "refusemanualstart", "refusemanualstop", "allowisolate",
	"ignoreonisolate", "collectmode", "also", "defaultinstance",
}

deny contains v if {
	some name, service in lib.cfg(["systemd", "services"], {})
	is_object(service)
	config := object.get(service, "serviceConfig", null)
	is_object(config)
	_suspect(config)
	some key, _ in config
	where := _where(lower(key), key)
	v := {
		"path": lib.path(["systemd", "services", name, "serviceConfig", key]),
		"msg": sprintf("serviceConfig.%s of systemd.services.%s is not a [Service] setting: systemd ignores it; use %s", [key, lib.path([name]), lib.path(array.concat(["systemd", "services", name], where))]),
	}
}

# _where is the components, under systemd.services.<name>, of the option
# where key (lk lowercased) belongs; undefined for a [Service] setting.
_where(lk, _) := [_options[lk]]

_where(lk, key) := ["unitConfig", key] if {
	_unit_config[lk]
}

# Condition…= and Assert…= checks.
_where(lk, key) := ["unitConfig", key] if {
	some prefix in ["condition", "assert"]
	startswith(lk, prefix)
	count(key) > count(prefix)
}

# _suspect is true when a key of config may belong elsewhere: one regular
# expression over all its keys, lowercased, one per line. Most services
# have none, and key by key each costs far more. A key with a newline in
# it can only make a service suspect, never hide one.
_suspect(config) if regex.match(_suspect_pattern, lower(concat("\n", object.keys(config))))

_suspect_pattern := concat("", ["(?m)^(", concat("|", object.keys(_options) | _unit_config), "|condition.+|assert.+)$"])
