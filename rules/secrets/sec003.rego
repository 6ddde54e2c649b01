# METADATA
# title: A secret-bearing option holds a literal secret
# description: |
#   Options such as a Wi-Fi pre-shared key or a service's database or admin
#   password end up in files the NixOS module writes to the Nix store, which
#   every local user can read and every binary cache or backup of the
#   closure keeps, and they sit in clear text in the flake's source. Each of
#   these options has a way to read the secret from a file at run time
#   (secretsFile, environmentFiles, passwordFile, $__file{} …), which a
#   secret manager (sops-nix, agenix) can provide. A value that already
#   refers to such a file or variable is not reported; neither is a value
#   only the option's default sets. Wi-Fi: since NixOS 24.11 a network's
#   psk is the passphrase itself, written quoted into the generated
#   wpa_supplicant configuration, so every psk is reported, "@VAR@" and
#   "ext:name" included (also on NixOS 24.05 and older, whose module still
#   replaced a "@VAR@" psk from environmentFile). The reference form is
#   pskRaw = "ext:name", read from networking.wireless.secretsFile; a pskRaw
#   of 64 hex digits is the raw key and is reported too.
# custom:
#   id: SEC003
#   severity: high
#   options:
#     - networking.wireless.networks.*.psk
#     - networking.wireless.networks.*.pskRaw
#     - networking.networkmanager.ensureProfiles.profiles.*.wifi-security.psk
#     - services.grafana.settings.security.admin_password
#     - services.grafana.settings.database.password
#     - services.redis.servers.*.requirePass
#     - services.transmission.settings.rpc-password
#     - services.gitea.database.password
#     - services.matrix-synapse.settings.registration_shared_secret
#     - services.syncthing.settings.gui.password
#   remediation: |
#     # Wi-Fi: keep the key in a secret file ("psk_home=...")
#     networking.wireless.secretsFile = config.sops.secrets.wireless.path;
#     networking.wireless.networks.home.pskRaw = "ext:psk_home";
#     # services: the file variant of the option, e.g.
#     services.redis.servers.cache.requirePassFile = config.sops.secrets.redis.path;
#   references:
#     - https://wiki.nixos.org/wiki/Comparison_of_secret_managing_schemes
#     - https://search.nixos.org/options?query=networking.wireless.secretsFile
#     - https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/#variable-expansion
package nixsec.rules.secrets.sec003

import data.nixsec.lib

# Each option, the forms that refer to a secret instead of holding it, and
# where the secret should come from. An option under attribute names
# (networking.wireless.networks.*.psk) is given as the prefix before the
# "*" and the suffix after it, the others as their comps: each is read
# with one object.get, not found by searching for the "*" (issue 17).
_options := [
	{
		# Since 24.11 the module writes psk quoted, as the passphrase: no psk
		# value refers to a secret elsewhere.
		"prefix": ["networking", "wireless", "networks"], "suffix": ["psk"],
		"refs": [],
		"instead": "networking.wireless.secretsFile with pskRaw = \"ext:…\"",
	},
	{
		# ext: since 24.11; "@VAR@" before (environmentFile, substituted at
		# start-up), which the 24.11 type rejects. 64 hex digits are the key.
		"prefix": ["networking", "wireless", "networks"], "suffix": ["pskRaw"],
		"refs": [`^@[A-Za-z0-9_]+@$`, `^ext:`],
		"instead": "networking.wireless.secretsFile with pskRaw = \"ext:…\"",
	},
	{
		"prefix": ["networking", "networkmanager", "ensureProfiles", "profiles"], "suffix": ["wifi-security", "psk"],
		"refs": [`^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$`],
		"instead": "networking.networkmanager.ensureProfiles.environmentFiles and \"$VARIABLE\"",
	},
	{
		"comps": ["services", "grafana", "settings", "security", "admin_password"],
		"refs": [`^\$__(file|env|vault)\{`],
		"instead": "\"$__file{/run/secrets/…}\"",
	},
	{
		"comps": ["services", "grafana", "settings", "database", "password"],
		"refs": [`^\$__(file|env|vault)\{`],
		"instead": "\"$__file{/run/secrets/…}\"",
	},
	{
		"prefix": ["services", "redis", "servers"], "suffix": ["requirePass"],
		"refs": [],
		"instead": "requirePassFile",
	},
	{
		"comps": ["services", "transmission", "settings", "rpc-password"],
		# transmission's own salted hash
		"refs": [`^\{`],
		"instead": "services.transmission.credentialsFile",
	},
	{
		"comps": ["services", "gitea", "database", "password"],
		"refs": [],
		"instead": "services.gitea.database.passwordFile",
	},
	{
		"comps": ["services", "matrix-synapse", "settings", "registration_shared_secret"],
		"refs": [],
		"instead": "registration_shared_secret_path or extraConfigFiles",
	},
	{
		"comps": ["services", "syncthing", "settings", "gui", "password"],
		# a bcrypt hash
		"refs": [`^\$2[aby]?\$`],
		"instead": "services.syncthing.guiPasswordFile",
	},
]

deny contains v if {
	some o in _options
	value := object.get(input.config, o.comps, null)
	is_string(value)
	value != ""
	not _reference(o.refs, value)
	p := lib.path(o.comps)
	lib.defined(p)
	v := _violation(p, o.instead)
}

deny contains v if {
	some o in _options
	some name, item in object.get(input.config, o.prefix, {})
	is_object(item)
	value := object.get(item, o.suffix, null)
	is_string(value)
	value != ""
	not _reference(o.refs, value)
	p := lib.path(array.concat(array.concat(o.prefix, [name]), o.suffix))
	lib.defined(p)
	v := _violation(p, o.instead)
}

_violation(p, instead) := {
	"path": p,
	"msg": sprintf("%s holds a literal secret: it is copied to the world-readable Nix store; use %s", [p, instead]),
}

_reference(refs, value) if {
	some re in refs
	regex.match(re, value)
}
