package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// roff escapes text for the manual page: backslashes, hyphens (so that
// they stay ASCII when copied), and a leading dot or quote.
func roff(s string) string {
	s = strings.NewReplacer(`\`, `\e`, `-`, `\-`).Replace(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// runMan prints the manual page, made from the commands' own flag sets.
func runMan(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("man takes no arguments: nixsec man > nixsec.1")
	}
	var b strings.Builder
	b.WriteString(`.TH NIXSEC 1 "" "nixsec" "User Commands"
.SH NAME
nixsec \- check NixOS hosts against hardening practice before they are deployed
.SH SYNOPSIS
.B nixsec
.I command
.RI [ flags ]
.RI [ arguments ]
.SH DESCRIPTION
nixsec evaluates the hosts of a flake's nixosConfigurations with the real
.BR "nix eval" ,
runs Rego rules on the options it read, and reports every violation at the
file, line and column of the Nix code at fault.
.SH COMMANDS
`)
	for _, c := range commands {
		args, fs := flagsOf(c)
		fmt.Fprintf(&b, ".SS \"nixsec %s %s\"\n%s.\n", roff(c.name), roff(args), roff(c.summary))
		for _, f := range flagList(fs) {
			name, usage := pflag.UnquoteUsage(f)
			head := `\-\-` + roff(f.Name)
			if f.Shorthand != "" {
				head = `\-` + f.Shorthand + ", " + head
			}
			if name != "" {
				head += " " + `\fI` + roff(name) + `\fR`
			}
			fmt.Fprintf(&b, ".TP\n.B %s\n%s", head, roff(usage))
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" && f.DefValue != "0" {
				fmt.Fprintf(&b, " (default: %s)", roff(f.DefValue))
			}
			b.WriteString("\n")
		}
	}
	b.WriteString(`.SH EXIT STATUS
.TP
.B 0
no finding at or above \-\-fail\-on
.TP
.B 1
findings at or above \-\-fail\-on
.TP
.B 2
a usage, policy or evaluation error: a gate never passes when it could not check
.SH FILES
.TP
.I .nixsec.toml
the configuration, in the current or the flake's directory (none is read under \-\-untrusted)
.SH SEE ALSO
.BR nix (1),
https://github.com/nixsec/nixsec
`)
	_, err := io.WriteString(stdout, b.String())
	return err
}
