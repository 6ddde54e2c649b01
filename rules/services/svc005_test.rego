package nixsec.rules.services.svc005_test

import data.nixsec.rules.services.svc005

_host(docker) := {"host": "build", "config": {"virtualisation": {"docker": object.union({"enable": true}, docker)}}, "defined": {}}

test_tcp_listen_option_fires if {
	svc005.deny == {{
		"path": "virtualisation.docker.listenOptions",
		"msg": "the Docker API listens on TCP: \"tcp://0.0.0.0:2375\" (root access for whoever reaches it)",
		"fix": {"path": "virtualisation.docker.listenOptions", "value": ["/run/docker.sock"]},
	}} with input as _host({"listenOptions": ["/run/docker.sock", "tcp://0.0.0.0:2375"]})
}

test_address_form_fires_and_fix_keeps_unix if {
	some v in svc005.deny with input as _host({"listenOptions": ["127.0.0.1:2375", ":2376", "unix:///run/docker.sock"]})
	v.msg == "the Docker API listens on TCP: \"127.0.0.1:2375\" \":2376\" (root access for whoever reaches it)"
	v.fix == {"path": "virtualisation.docker.listenOptions", "value": ["unix:///run/docker.sock"]}
}

test_only_tcp_gets_default_socket if {
	some v in svc005.deny with input as _host({"listenOptions": ["tcp://10.0.0.1:2376"]})
	v.fix.value == ["/run/docker.sock"]
}

test_daemon_settings_hosts_fire if {
	inp := _host({"listenOptions": ["/run/docker.sock"], "daemon": {"settings": {"hosts": ["tcp://0.0.0.0:2375"]}}})
	svc005.deny == {{
		"path": "virtualisation.docker.daemon.settings.hosts",
		"msg": "the Docker API listens on TCP: \"tcp://0.0.0.0:2375\" (root access for whoever reaches it)",
	}} with input as inp
}

test_unix_sockets_pass if {
	count(svc005.deny) == 0 with input as _host({"listenOptions": ["/run/docker.sock"]})
	count(svc005.deny) == 0 with input as _host({"listenOptions": ["fd://", "unix:///var/run/docker.sock"]})
	count(svc005.deny) == 0 with input as _host({"listenOptions": []})
}

test_docker_disabled_passes if {
	inp := {"config": {"virtualisation": {"docker": {"enable": false, "listenOptions": ["tcp://0.0.0.0:2375"]}}}, "defined": {}}
	count(svc005.deny) == 0 with input as inp
}

test_module_absent_passes if {
	count(svc005.deny) == 0 with input as {"config": {}, "defined": {}}
}
