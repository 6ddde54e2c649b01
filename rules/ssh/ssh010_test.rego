package nixsec.rules.ssh.ssh010_test

import data.nixsec.rules.ssh.ssh010

_host(enable, settings, pam) := {
	"host": "laptop",
	"config": {
		"services": {"openssh": {"enable": enable, "settings": settings}},
		"security": {"pam": {"services": {"sshd": pam}}},
	},
	"defined": {},
}

_no_pam := {"googleAuthenticator": {"enable": false}, "u2fAuth": false, "p11Auth": false}

test_single_factor_fires if {
	ssh010.deny == {{
		"path": "services.openssh.enable",
		"msg": "sshd accepts a single factor: no googleAuthenticator, u2fAuth or p11Auth for PAM service sshd, no AuthenticationMethods with two methods",
	}} with input as _host(true, {}, _no_pam)
}

test_google_authenticator_passes if {
	pam := object.union(_no_pam, {"googleAuthenticator": {"enable": true}})
	count(ssh010.deny) == 0 with input as _host(true, {}, pam)
}

test_u2f_and_p11_pass if {
	count(ssh010.deny) == 0 with input as _host(true, {}, object.union(_no_pam, {"u2fAuth": true}))
	count(ssh010.deny) == 0 with input as _host(true, {}, object.union(_no_pam, {"p11Auth": true}))
}

test_authentication_methods_chained_passes if {
	count(ssh010.deny) == 0 with input as _host(true, {"AuthenticationMethods": "publickey,password"}, _no_pam)
}

# One of the alternatives is a single method: that one is enough to log in.
test_authentication_methods_with_single_alternative_fires if {
	inp := _host(true, {"AuthenticationMethods": "publickey,password publickey"}, _no_pam)
	count(ssh010.deny) == 1 with input as inp
}

test_null_methods_fire if {
	count(ssh010.deny) == 1 with input as _host(true, {"AuthenticationMethods": null}, {})
}

test_sshd_disabled_passes if {
	count(ssh010.deny) == 0 with input as _host(false, {}, _no_pam)
}

test_module_absent_passes if {
	count(ssh010.deny) == 0 with input as {"config": {}, "defined": {}}
}
