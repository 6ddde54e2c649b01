package nixsec.rules.kernel.krn001_test

import data.nixsec.rules.kernel.krn001

_host(image, sysctl, defined) := {
	"host": "web",
	"config": {"security": {"protectKernelImage": image}, "boot": {"kernel": {"sysctl": sysctl}}},
	"defined": defined,
}

# NixOS: kptr_restrict = mkDefault 1, dmesg_restrict unset.
_nixos := {"kernel.kptr_restrict": 1, "kernel.yama.ptrace_scope": 0}

_hardened := {"kernel.kptr_restrict": 2, "kernel.dmesg_restrict": 1}

test_nixos_defaults_fire if {
	krn001.deny == {
		{
			"path": "security.protectKernelImage",
			"msg": "security.protectKernelImage is false (NixOS default): kexec and hibernation can replace or dump the running kernel",
			"fix": {"path": "security.protectKernelImage", "value": true},
		},
		{
			"path": `boot.kernel.sysctl."kernel.dmesg_restrict"`,
			"msg": "kernel.dmesg_restrict is not set (kernel default): every user can read the kernel log",
			"fix": {"path": `boot.kernel.sysctl."kernel.dmesg_restrict"`, "value": 1},
		},
	} with input as _host(false, _nixos, {})
}

test_hardened_passes if {
	count(krn001.deny) == 0 with input as _host(true, _hardened, {"security.protectKernelImage": true})
}

test_kptr_zero_fires if {
	sysctl := {"kernel.kptr_restrict": 0, "kernel.dmesg_restrict": 1}
	krn001.deny == {{
		"path": `boot.kernel.sysctl."kernel.kptr_restrict"`,
		"msg": "kernel.kptr_restrict is 0: kernel pointers are shown to unprivileged users",
		"fix": {"path": `boot.kernel.sysctl."kernel.kptr_restrict"`, "value": 2},
	}} with input as _host(true, sysctl, {})
}

test_value_forms if {
	count(krn001.deny) == 0 with input as _host(true, {"kernel.kptr_restrict": "2", "kernel.dmesg_restrict": true}, {})
	count(krn001.deny) == 0 with input as _host(true, {"kernel.kptr_restrict": " 1", "kernel.dmesg_restrict": "1"}, {})
	count(krn001.deny) == 2 with input as _host(true, {"kernel.kptr_restrict": false, "kernel.dmesg_restrict": "0"}, {})
	count(krn001.deny) == 2 with input as _host(true, {"kernel.kptr_restrict": null, "kernel.dmesg_restrict": "yes"}, {})
}

test_module_absent_passes if {
	count(krn001.deny) == 0 with input as {"config": {}, "defined": {}}
}
