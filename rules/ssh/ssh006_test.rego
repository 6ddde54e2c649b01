package nixsec.rules.ssh.ssh006_test

import data.nixsec.rules.ssh.ssh006

_rsa1024 := "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDHuwa5pB8dFhwB4Vg8qiM6s+S9RvBLBRzBC7Sp4Oj8Ohtoj65IvEowRHcHA/TwTI7gmruKpNX64ZwAqfVsv2h2VVon87ggOJQomPqsLIeV3gVjIvC8eM0YI6PzPcgmKdcUp1QS+LH0U3Ce00kAmWg/8HIXfPX08qIHkxeDCue8pw== test-rsa-1024"

_rsa2048 := "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDVjAAb+OSnMK0Hfr56YYeoGmgu9l4jFsSHYWUZgoULY3rRBrmXDtns4hkE+snp2wK85qihFtN6dLzuZ7jabGqknhIKNmfHo2kQ+B4pPg8ZgMiRWSk6o8bzFelkLXY4OvWGxv/o1XNNXsaCQR/qyel/jDweYTSXuTdKIbu2RpNWv1tyENICqRz8rs7DgQmEpl8cNZtTQFGau0sWEvW0fhOMKfx4sXFPPIk7cgmSWaL5UdNeryfl6GxOdFuabFn4o19IRxSVebU1ON+oaQKzC+Rv8czBdFGOvZrP1Sm3C6xqNdmg9XEy5EwDBmb2KIWPJCShd0TTifmM2aGzaPYRCQYB test-rsa-2048"

_rsa3072 := "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCKWWjqrVroa2gj7zQb0Woqk/CeAtOy2h2PgdXlvXzCSVM2eLCrPhzgeRgkx7K9c1e1apF1fyrXa18AzOWRe1jKE7Gm1p4+0+8gD9NnJpt2rB5zgUfSeQUib1/N3SM9XKqDo5KYh7yfJ/qi5Vd5Uipcs/OkQN35XfNbvdn++lSo8GPjm67ExMBNIIeEKwzZTFXeziZbR+1wfemu0lHCt2UzJy1u+P1Fz6rN9iHwN3qsZEmBsTLcK0rc2IBTZZ2IjfPgSni9nGDfCtpBdaBZfBiScRq6w60RRW6hb6PzbIkNrhH2mMl/1kpsWdoj6OysC8lhYElYGS9djuHCKP91uOcGIVJClg8sbA03I2JmmqJexqcMIVAAk22sYwb1uqLVqo5WTW8MTcutb+KJ/BJbOgJ1VooVElgd7BlcSW2VtJwwSH1h5J1Djc4gEa1bFiEVsyM3fBeHVJnHsDHntymiemiyJGVrHcQSdEhY+oGLKOsQViH+qI6XqNkNBJo0HPOrw8U= test-rsa-3072"

_rsa4096 := "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQDPZsjDq9zgO/hVVN8jabWbhhPMhJUVfjlo7gmacrTrBX0o1IoTt5wiSo8f+Vek6e2q51418QzjNlg77mw+Te159qUpAO1ndawjkkpCUtfCf1w7xu2uoBoRAl6BEnkFOfiiNi7BJx9TKJznTbSXZxpZve+PrbJZ7lK3cT6zMWp71/QS+U5Z7wQHZwzCiZZ32UUVfWuObkn+uoJthn7XeAH+f9+sLrbVY1f2Pe7cgD14ln6xo3Ri+Ku5WIkkWdXs5e25Lwu6bbwG3Ba1vFlipLXNJzaVkIUPDLN5pogBbmO7LVkIWCFnojEbtiTEZL7zOUBUUOJnVCcHOr+u6H+6y9m5sq2TKokGjAC0CHHUeAenHtVcIV/RbCC9TJPRYzJve9l29Vzmp6y2cRXaCf8oJ5vacdA6beb3u+VK5M3o1Yqx1dOZP2QIc4mwRpUpDlnXJT0+38A5XajZkamvPBGftLeOmidvvLGW8Wv37qTrkSIu8zKdRZJQYLjpD8C7tftWkYGQj1JIms52yRNHxCYbWB4ELZqTmTUx6IkJNZJFmyhqQjG6ZzrEEQN+OTm4LxXARf+tc6gjbb1W55bJJ2QBR8KIziHdvE/kGmsrTb82KgRLE0WlUuPr0sx0nfNJ9oGz3BMDVKywg2IKFe0IGGmHp++Qa82xkySAmGl/jYaeN/EXvQ== test-rsa-4096"

_ed25519 := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ+zmzLGHRYpYFRPgL+d/QQHwRE5xnKqPiUByL/cG4RL test-ed25519"

_ecdsa256 := "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBHKKL29hWHzsncLWhtGorSwEeKJ6Jv6/ItSmQcAkI/blUAqjcVwMU8t/cJvXSrcr2LxMNjPyLyIxg8GplbxbOt0= test-ecdsa-256"

_ecdsa521 := "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAADCySsBwIXokDzlkxDNZuqycoXyqPOa5zsr3op/Zuaf5xk3R4nOhh5Txvj8Y0FK3wh4qu+qNW8eqK+B6L/uhJDGAC5304Ho1blijmjkc12kEmGWvr/A91mQ2QtOtHtL5RgvofVdhrZ+LpxGdxG86uJ9veQhLRDPNExAf6gsFAU2fGNDQ== test-ecdsa-521"

_dsa := "ssh-dss AAAAB3NzaC1kc3MAAACBAKmFn3FI6t2yphwsrrx1tPK0Na2QFPCmxFigG/JwD9LgyZomc8u7nJ1xgo0Ho6rQ7d9qPTDdcND6wepcII0Gf5yiFIub7LcdWtDPJpnQ2nwA8YHcA9Ax7GxkeM/6d2RBYY222Rr1RsyKtRTlkohj2ep/KQYYXgh3kM3zFK/pV9uPAAAAFQCpD4Ak2wi6f6kLiXGnX2eu1UsBXQAAAIAFdzPvzqjjnIoyVqyjhTS8s2VeOgfOKq6q8kViEm6k4VYJFoVIefVQ/CDMCfezkBOpHHDAe6iCJLTafgJIxJkZGtqUk53DRs/f6v//8lscCqRqqXw4AUTQHigTUq2h01i7nE5kvIGLU1d2c/QOLlngruaglOkEAQcuEa9/67XQTQAAAIALkYw0CDaHiwcxSSEJhVFoFOr9mCiHcFh0aiR91gdlmclz6NHeAtCpa64Rar8pIicu9nQzCadwVZM7ggV4ncO7/JI2pKQK+FAPVMpRhcAg3SbHMqT12oKrly7SAZE71LjNFrdhHVh4fIeOMUHcRO4oECAq1IJ08dXNFQ+skITHXQ== test-dsa"

_host(users) := {
	"host": "web",
	"config": {
		"services": {"openssh": {"enable": true}},
		"users": {"users": {name: {"openssh": {"authorizedKeys": {"keys": keys}}} | some name, keys in users}},
	},
	"defined": {},
}

test_rsa_2048_fires if {
	ssh006.deny == {{
		"path": "users.users.alice.openssh.authorizedKeys.keys",
		"msg": "authorized key 1 of alice is ssh-rsa with 2048 bits (\"test-rsa-2048\"): RSA under 3072 bits; use an Ed25519 key",
	}} with input as _host({"alice": [_rsa2048]})
}

test_dsa_fires if {
	ssh006.deny == {{
		"path": "users.users.alice.openssh.authorizedKeys.keys",
		"msg": "authorized key 2 of alice is ssh-dss with 1024 bits (\"test-dsa\"): DSA keys are refused by OpenSSH since 7.0; use an Ed25519 key",
	}} with input as _host({"alice": [_ed25519, _dsa]})
}

test_rsa_3072_and_4096_pass if {
	count(ssh006.deny) == 0 with input as _host({"alice": [_rsa3072, _rsa4096]})
}

test_ed25519_and_ecdsa_pass if {
	count(ssh006.deny) == 0 with input as _host({"alice": [_ed25519, _ecdsa256, _ecdsa521]})
}

test_several_users if {
	inp := _host({
		"root": [_rsa1024],
		"alice": [_ed25519, _rsa2048, _rsa4096],
		"bob": [_ecdsa256],
		"alice.smith": [_dsa],
	})
	msgs := {v.msg | some v in ssh006.deny} with input as inp
	msgs == {
		"authorized key 1 of root is ssh-rsa with 1024 bits (\"test-rsa-1024\"): RSA under 3072 bits; use an Ed25519 key",
		"authorized key 2 of alice is ssh-rsa with 2048 bits (\"test-rsa-2048\"): RSA under 3072 bits; use an Ed25519 key",
		"authorized key 1 of alice.smith is ssh-dss with 1024 bits (\"test-dsa\"): DSA keys are refused by OpenSSH since 7.0; use an Ed25519 key",
	}
	paths := {v.path | some v in ssh006.deny} with input as inp
	paths == {
		"users.users.root.openssh.authorizedKeys.keys",
		"users.users.alice.openssh.authorizedKeys.keys",
		"users.users.\"alice.smith\".openssh.authorizedKeys.keys",
	}
}

test_same_weak_key_twice_is_two_findings if {
	count(ssh006.deny) == 2 with input as _host({"alice": [_rsa2048, _rsa2048]})
}

test_key_without_comment if {
	line := concat(" ", array.slice(split(_rsa2048, " "), 0, 2))
	some v in ssh006.deny with input as _host({"alice": [line]})
	v.msg == "authorized key 1 of alice is ssh-rsa with 2048 bits (no comment): RSA under 3072 bits; use an Ed25519 key"
}

test_key_with_options if {
	line := concat("", ["from=\"10.0.0.0/8\",no-pty ", _rsa2048])
	count(ssh006.deny) == 1 with input as _host({"alice": [line]})
}

# A line the builtin cannot decode is not a finding: nixsec cannot tell.
test_garbage_lines_pass if {
	garbage := [
		"",
		"not a key",
		"ssh-rsa",
		"ssh-rsa !!!not-base64!!! x",
		"ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIJ+zmzLGHRYpYFRPgL+d/QQHwRE5xnKqPiUByL/cG4RL mismatched-type",
		"ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB truncated",
		"# a comment",
	]
	count(ssh006.deny) == 0 with input as _host({"alice": garbage})
}

test_non_string_and_null_entries_pass if {
	count(ssh006.deny) == 0 with input as _host({"alice": [null, 42, {"k": _rsa2048}]})
	count(ssh006.deny) == 0 with input as _host({"alice": null})
	count(ssh006.deny) == 0 with input as _host({"alice": []})
}

test_sshd_disabled_passes if {
	inp := json.patch(_host({"alice": [_dsa]}), [{"op": "replace", "path": "/config/services/openssh/enable", "value": false}])
	count(ssh006.deny) == 0 with input as inp
}

test_module_absent_passes if {
	count(ssh006.deny) == 0 with input as {"host": "web", "config": {}, "defined": {}}
	count(ssh006.deny) == 0 with input as {"config": {"services": {"openssh": {"enable": true}}}, "defined": {}}
}

test_user_without_openssh_passes if {
	inp := {"config": {"services": {"openssh": {"enable": true}}, "users": {"users": {"alice": {}, "bob": null}}}, "defined": {}}
	count(ssh006.deny) == 0 with input as inp
}
