package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/nixsec/nixsec/format"
	"github.com/nixsec/nixsec/lint"
)

func runWhy(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("why", "[FLAKE] --host HOST OPTION")
	var ef evalFlags
	ef.register(fs)
	formatName := fs.String("format", "text", "output format: text or json")
	if err := ef.parse(fs, args); err != nil {
		return err
	}
	var flake, option string
	switch fs.NArg() {
	case 1:
		flake, option = ".", fs.Arg(0)
		// An option path holds "/" or ":" only inside quotes (fileSystems."/").
		if option == "." || (!strings.Contains(option, `"`) && strings.ContainsAny(option, "/:")) {
			return fmt.Errorf("no OPTION: want [FLAKE] OPTION, e.g. nixsec why %s --host HOST services.openssh.settings.PasswordAuthentication", option)
		}
	case 2:
		flake, option = fs.Arg(0), fs.Arg(1)
	default:
		return fmt.Errorf("want [FLAKE] OPTION, e.g. nixsec why . --host web services.openssh.settings.PasswordAuthentication")
	}
	if len(ef.hosts) != 1 {
		return fmt.Errorf("--host: name the one host to explain")
	}
	if *formatName != "text" && *formatName != "json" {
		return fmt.Errorf("--format %q: want text or json", *formatName)
	}
	cfg, err := ef.config(flake)
	if err != nil {
		return err
	}
	e, err := lint.Why(ctx, cfg, ef.hosts[0], option)
	if err != nil {
		return err
	}
	if *formatName == "json" {
		return format.WhyJSON(stdout, e)
	}
	return format.WhyText(stdout, e)
}
