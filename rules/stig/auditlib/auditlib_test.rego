package nixsec.rules.stig.auditlib_test

import data.nixsec.rules.stig.auditlib

_mount64 := "-a always,exit -F arch=b64 -S mount -F auid>=1000 -F auid!=unset -k privileged-mount"

test_parse_syscall_rule if {
	p := auditlib.parse(_mount64)
	p.kind == "syscall"
	p.list == {"always", "exit"}
	p.syscalls == {"mount"}
	p.fields == {"arch=b64", "auid>=1000", "auid!=unset"}
	p.keys == {"privileged-mount"}
	p.watch == null
}

test_parse_equivalent_spellings if {
	a := auditlib.parse(_mount64)
	b := auditlib.parse("  -a exit,always -S mount -F auid!=-1 -F key=other -F auid>=1000 -F arch=x86_64 ")
	a.fields == b.fields
	a.syscalls == b.syscalls
	a.list == b.list
	b.keys == {"other"}
}

test_parse_auid_4294967295 if {
	"auid!=unset" in auditlib.parse("-a always,exit -F arch=b32 -S mount -F auid!=4294967295").fields
}

test_parse_several_syscall_flags if {
	auditlib.parse("-a always,exit -F arch=b64 -S rename -S unlink,rmdir").syscalls == {"rename", "unlink", "rmdir"}
}

test_parse_compare_symmetric if {
	a := auditlib.parse("-a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0")
	b := auditlib.parse("-a always,exit -F arch=b64 -S execve -C euid!=uid -F euid=0")
	a.fields == b.fields
	"C:euid!=uid" in a.fields
}

test_parse_exit_errno_by_number if {
	a := auditlib.parse("-a always,exit -F arch=b64 -S open -F exit=-13")
	"exit=-EACCES" in a.fields
	"exit=-EPERM" in auditlib.parse("-a always,exit -F arch=b64 -S open -F exit=-1").fields
}

test_parse_watch if {
	p := auditlib.parse("-w /var/cron/tabs/ -p wa -k services")
	p.kind == "watch"
	p.watch == "/var/cron/tabs"
	p.perms == {"w", "a"}
}

test_parse_control if {
	p := auditlib.parse("--loginuid-immutable")
	p.kind == "control"
	p.flags == {"--loginuid-immutable"}
	auditlib.parse("-b 8192").backlog == 8192
}

test_parse_comment_and_blank_undefined if {
	not auditlib.parse("# -w /etc/passwd -p wa")
	not auditlib.parse("   ")
}

_cov(have, want) if auditlib.covers(auditlib.parse(have), auditlib.parse(want))

test_covers_same if _cov(_mount64, _mount64)

test_covers_broader_without_auid if _cov("-a always,exit -F arch=b64 -S mount", _mount64)

test_covers_superset_of_syscalls if _cov("-a always,exit -F arch=b64 -S mount,umount2 -F auid>=1000 -F auid!=unset", _mount64)

test_covers_all_syscalls if _cov("-a always,exit -F arch=b64 -S all -F auid>=1000", _mount64)

test_not_covers_other_arch if not _cov(replace(_mount64, "b64", "b32"), _mount64)

test_not_covers_without_arch if not _cov("-a always,exit -S mount -F auid>=1000 -F auid!=unset", _mount64)

test_not_covers_narrower if not _cov("-a always,exit -F arch=b64 -S mount -F auid>=1000 -F auid!=unset -F uid=0", _mount64)

test_not_covers_never if not _cov("-a never,exit -F arch=b64 -S mount", _mount64)

test_not_covers_other_syscall if not _cov("-a always,exit -F arch=b64 -S umount2", _mount64)

test_not_covers_task_list if not _cov("-a always,task -F arch=b64 -S mount", _mount64)

_usermod := "-a always,exit -F path=/run/current-system/sw/bin/usermod -F perm=x -F auid>=1000 -F auid!=unset -k privileged-usermod"

test_covers_path_rule_with_s_all if _cov("-a always,exit -S all -F path=/run/current-system/sw/bin/usermod -F perm=x -F auid>=1000 -F auid!=-1 -k x", _usermod)

test_covers_path_rule_by_watch if _cov("-w /run/current-system/sw/bin/usermod -p x", _usermod)

test_not_covers_path_rule_other_path if not _cov(replace(_usermod, "usermod", "useradd"), _usermod)

test_not_covers_path_rule_without_x if not _cov(replace(_usermod, "perm=x", "perm=w"), _usermod)

test_not_covers_path_rule_only_open if not _cov("-a always,exit -S open -F path=/run/current-system/sw/bin/usermod -F perm=x", _usermod)

test_covers_watch if _cov("-w /var/cron/tabs -p rwa -k cron", "-w /var/cron/tabs/ -p wa -k services")

test_not_covers_watch_without_a if not _cov("-w /etc/passwd -p w", "-w /etc/passwd -p wa -k identity")

test_covers_watch_by_syscall_form if _cov("-a always,exit -F path=/etc/passwd -F perm=wa -k identity", "-w /etc/passwd -p wa -k identity")

test_covers_dir_watch_by_syscall_form if _cov("-a exit,always -F dir=/var/cron/tabs/ -F perm=wa", "-w /var/cron/tabs/ -p wa -k services")

test_not_covers_watch_by_narrow_syscall_form if not _cov("-a always,exit -F path=/etc/passwd -F perm=wa -F auid>=1000", "-w /etc/passwd -p wa -k identity")

test_covers_control if _cov("--loginuid-immutable", "--loginuid-immutable")

test_not_covers_control_by_other if not _cov("-e 2", "--loginuid-immutable")

_host(rules) := {"config": {"security": {"audit": {"rules": rules}}}, "defined": {}}

test_missing_lists_uncovered_in_order if {
	auditlib.missing(["-w /etc/passwd -p wa", "-w /etc/group -p wa", "-w /etc/shadow -p wa"]) == ["-w /etc/passwd -p wa", "-w /etc/shadow -p wa"] with input as _host(["-w /etc/group -p wa -k identity"])
}

test_missing_rules_absent if {
	auditlib.missing(["--loginuid-immutable"]) == ["--loginuid-immutable"] with input as {"config": {}, "defined": {}}
}

test_comment_line_covers_nothing if {
	auditlib.missing(["-w /etc/passwd -p wa"]) == ["-w /etc/passwd -p wa"] with input as _host(["#-w /etc/passwd -p wa"])
}

test_rules_violation_fix_appends if {
	v := auditlib.rules_violation(["-w /etc/passwd -p wa", "-w /etc/group -p wa"], "x") with input as _host(["-w /etc/group -p wa"])
	v.path == "security.audit.rules"
	v.fix.value == ["-w /etc/group -p wa", "-w /etc/passwd -p wa"]
}

# --- auditd.conf ---

_etc(text) := {"config": {"environment": {"etc": {"audit/auditd.conf": {"enable": true, "text": text}}}}, "defined": {}}

test_conf_text_last_line_wins if {
	c := auditlib.auditd_conf with input as _etc("space_left = 75\n# space_left = 1%\nspace_left_action=SYSLOG\nspace_left = 25%\n")
	c == {"space_left": "25%", "space_left_action": "SYSLOG"}
}

test_conf_disabled_file_reads_settings if {
	inp := {"config": {
		"environment": {"etc": {"audit/auditd.conf": {"enable": false, "text": "space_left = 25%"}}},
		"security": {"auditd": {"settings": {"space_left": 75, "admin_space_left": null, "x": true}}},
	}}
	c := auditlib.auditd_conf with input as inp
	c == {"space_left": "75", "x": "yes"}
}

test_conf_path_settings_or_text if {
	auditlib.conf_path("space_left") == "security.auditd.settings.space_left" with input as {"config": {"security": {"auditd": {"settings": {}}}}}
	auditlib.conf_path("space_left") == "environment.etc.\"audit/auditd.conf\".text" with input as _etc("")
}
