# METADATA
# title: The Docker API listens on a TCP socket
# description: |
#   The Docker API is root on the host: whoever can talk to it starts a
#   privileged container with the host's file system mounted. On the default
#   Unix socket only root and the docker group reach it; on a TCP socket
#   (tcp://0.0.0.0:2375, or an address form such as 127.0.0.1:2375) every
#   process on the host, and every machine that reaches the port, does,
#   without authentication unless TLS client certificates are enforced.
#   Exposed Docker APIs are scanned for and taken over within minutes. Use the
#   Unix socket, or SSH (docker -H ssh://host) for remote access.
# custom:
#   id: SVC005
#   severity: high
#   options:
#     - virtualisation.docker.enable
#     - virtualisation.docker.listenOptions
#     - virtualisation.docker.daemon.settings.hosts
#   remediation: |
#     virtualisation.docker.listenOptions = [ "/run/docker.sock" ];
#     # remote access: DOCKER_HOST=ssh://admin@host
#   references:
#     - https://docs.docker.com/engine/security/protect-access/
#     - https://search.nixos.org/options?query=virtualisation.docker.listenOptions
#     - https://www.cisecurity.org/benchmark/docker
package nixsec.rules.services.svc005

import data.nixsec.lib

_lists := [
	["virtualisation", "docker", "listenOptions"],
	["virtualisation", "docker", "daemon", "settings", "hosts"],
]

deny contains v if {
	input.config.virtualisation.docker.enable == true
	some comps in _lists
	sockets := object.get(input.config, comps, null)
	is_array(sockets)
	tcp := [s | some s in sockets; _tcp(s)]
	count(tcp) > 0
	kept := [s | some s in sockets; not _tcp(s)]
	p := lib.path(comps)
	v := object.union(
		{
			"path": p,
			"msg": sprintf("the Docker API listens on TCP: %s (root access for whoever reaches it)", [concat(" ", [lib.show(s) | some s in tcp])]),
		},
		_fix(comps, p, kept),
	)
}

# tcp://…, or an address without scheme (":2375", "0.0.0.0:2375"); Unix
# sockets are paths, unix:// or fd:// (systemd socket activation).
_tcp(s) if {
	is_string(s)
	startswith(lower(s), "tcp://")
}

_tcp(s) if {
	is_string(s)
	not startswith(s, "/")
	not contains(s, "://")
}

_fix(comps, p, kept) := {"fix": {"path": p, "value": kept}} if {
	count(kept) > 0
} else := {"fix": {"path": p, "value": ["/run/docker.sock"]}} if {
	comps == ["virtualisation", "docker", "listenOptions"]
} else := {}
