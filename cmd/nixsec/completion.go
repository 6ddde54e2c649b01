package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/nixsec/nixsec/compliance"
	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/rule"
)

// command is one command as shell completion and the manual page show it.
// Its flags and arguments are not listed here: they are read from the
// command itself (flagsOf), so that the three cannot disagree.
type command struct {
	name, summary string
}

// commands are the documented commands (debug is for developers).
var commands = []command{
	{"check", "evaluate every host of the flake and report violations"},
	{"eval", "write the evaluated input documents as JSON"},
	{"rules", "list the rules"},
	{"explain", "show a rule's description, remediation and references"},
	{"why", "how the module system arrived at an option's value: every definition, its priority, which won"},
	{"fix", "write the findings' fixes into the Nix source, check again, roll back on an evaluation error"},
	{"init", "write a commented .nixsec.toml, and on request a pre-commit config and a GitHub workflow"},
	{"baseline", "write today's findings as a baseline for check --baseline"},
	{"report", "each host's compliance checklist (--framework stig): table, json, html or STIG Viewer ckl"},
	{"merge", "combine the JSON reports of sharded checks"},
	{"cache", "empty or describe the evaluation cache (clean, info)"},
	{"policy test", "run the Rego tests of your policies"},
	{"policy check", "load, validate and compile your policies"},
	{"policy new", "write a rule and its test to start from"},
	{"completion", "print shell completion for bash, zsh or fish"},
	{"man", "print the manual page (roff)"},
	{"version", "print the version"},
}

// described receives each flag set as its command is about to parse
// "--help", in place of printing its usage (newFlagSet): flagsOf runs a
// command that far to read its flags. Set only by flagsOf, which runs
// alone (completion and man are commands of their own).
var described func(args string, fs *pflag.FlagSet)

// flagsOf runs a command with --help to read its flag set and argument
// synopsis; nil for a command without flags.
func flagsOf(c command) (string, *pflag.FlagSet) {
	var args string
	var got *pflag.FlagSet
	described = func(a string, fs *pflag.FlagSet) { args, got = a, fs }
	defer func() { described = nil }()
	run(context.Background(), append(strings.Fields(c.name), "--help"), io.Discard, io.Discard)
	return args, got
}

// flagList is a flag set's flags in definition order, without hidden ones.
func flagList(fs *pflag.FlagSet) []*pflag.Flag {
	var out []*pflag.Flag
	if fs == nil {
		return out
	}
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			out = append(out, f)
		}
	})
	return out
}

// flagValues are the values a flag takes, when they are a known list.
func flagValues(cmd string, f *pflag.Flag, ruleIDs []string) []string {
	switch f.Name {
	case "rule", "skip-rule":
		return ruleIDs
	case "profile":
		return rule.Profiles
	case "framework":
		return compliance.Names()
	case "fail-on":
		return []string{"critical", "high", "medium", "low"}
	case "format":
		if cmd == "check" || cmd == "merge" {
			var names []string
			for _, r := range reportFormats {
				names = append(names, r.name)
			}
			return names
		}
		if cmd == "report" {
			return []string{"table", "json", "html", "ckl"}
		}
		return []string{"text", "json"}
	}
	return nil
}

// takesValue says whether a flag is given a value (not a switch).
func takesValue(f *pflag.Flag) bool { return f.Value.Type() != "bool" }

// summaryOf is the first clause of a flag's usage, for one-line lists.
func summaryOf(f *pflag.Flag) string {
	_, usage := pflag.UnquoteUsage(f)
	if i := strings.Index(usage, "; "); i > 0 {
		usage = usage[:i]
	}
	if i := strings.Index(usage, " ("); i > 0 {
		usage = usage[:i]
	}
	return usage
}

func runCompletion(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) != 1 || (args[0] != "bash" && args[0] != "zsh" && args[0] != "fish") {
		return fmt.Errorf("want nixsec completion bash|zsh|fish")
	}
	rules, err := lint.RuleList(ctx, nil)
	if err != nil {
		return err
	}
	var ids []string
	for _, m := range rules {
		ids = append(ids, m.ID)
	}
	sort.Strings(ids)
	switch args[0] {
	case "bash":
		return bashCompletion(stdout, ids)
	case "zsh":
		return zshCompletion(stdout, ids)
	}
	return fishCompletion(stdout, ids)
}

// topCommands are the commands by their first word, in order, once each
// (policy's three as one).
func topCommands() []command {
	var out []command
	seen := map[string]bool{}
	for _, c := range commands {
		n := strings.Fields(c.name)[0]
		if seen[n] {
			continue
		}
		seen[n] = true
		if n == "policy" {
			c.summary = "test, check or write Rego policies"
		}
		out = append(out, command{n, c.summary})
	}
	return out
}

// topNames are topCommands' names.
func topNames() []string {
	var out []string
	for _, c := range topCommands() {
		out = append(out, c.name)
	}
	return out
}

func bashCompletion(w io.Writer, ids []string) error {
	var b strings.Builder
	b.WriteString("# bash completion for nixsec (nixsec completion bash)\n_nixsec() {\n")
	b.WriteString("  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n")
	fmt.Fprintf(&b, "  local rules=%q\n", strings.Join(ids, " "))
	fmt.Fprintf(&b, "  if [ \"$COMP_CWORD\" -eq 1 ]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); return; fi\n", strings.Join(topNames(), " "))
	b.WriteString("  local cmd=\"${COMP_WORDS[1]}\" flags=\"\"\n")
	b.WriteString("  case \"$cmd\" in\n")
	b.WriteString("    policy|cache)\n      if [ \"$COMP_CWORD\" -eq 2 ]; then\n")
	b.WriteString("        [ \"$cmd\" = policy ] && COMPREPLY=($(compgen -W \"test check new\" -- \"$cur\")) || COMPREPLY=($(compgen -W \"clean info\" -- \"$cur\"))\n        return\n      fi\n")
	b.WriteString("      cmd=\"$cmd ${COMP_WORDS[2]}\";;\n")
	b.WriteString("    completion) COMPREPLY=($(compgen -W \"bash zsh fish\" -- \"$cur\")); return;;\n")
	b.WriteString("    explain) COMPREPLY=($(compgen -W \"$rules\" -- \"$cur\")); return;;\n")
	b.WriteString("  esac\n  case \"$cmd\" in\n")
	for _, c := range commands {
		_, fs := flagsOf(c)
		var names []string
		var values []string
		for _, f := range flagList(fs) {
			names = append(names, "--"+f.Name)
			if vs := flagValues(c.name, f, ids); vs != nil {
				v := strings.Join(vs, " ")
				if f.Name == "rule" || f.Name == "skip-rule" {
					v = "$rules"
				}
				values = append(values, fmt.Sprintf("      [ \"$prev\" = --%s ] && { COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return; }\n", f.Name, v))
			}
		}
		if len(names) == 0 {
			continue
		}
		fmt.Fprintf(&b, "    %q)\n%s      flags=%q;;\n", c.name, strings.Join(values, ""), strings.Join(names, " "))
	}
	b.WriteString("  esac\n")
	b.WriteString("  if [[ \"$cur\" == -* ]]; then COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\")); else COMPREPLY=($(compgen -f -- \"$cur\")); fi\n}\n")
	b.WriteString("complete -o default -F _nixsec nixsec\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// zshQuote escapes text for a single-quoted zsh word inside an
// _arguments spec ([, ], : and \ have meanings there).
func zshQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `'\''`, `[`, `\[`, `]`, `\]`, `:`, `\:`)
	return r.Replace(s)
}

func zshCompletion(w io.Writer, ids []string) error {
	var b strings.Builder
	b.WriteString("#compdef nixsec\n# zsh completion for nixsec (nixsec completion zsh)\n_nixsec() {\n")
	b.WriteString("  local -a commands\n  commands=(\n")
	for _, c := range topCommands() {
		fmt.Fprintf(&b, "    '%s:%s'\n", c.name, zshQuote(c.summary))
	}
	b.WriteString("  )\n  if (( CURRENT == 2 )); then _describe 'command' commands; return; fi\n")
	fmt.Fprintf(&b, "  local -a rules\n  rules=(%s)\n", strings.Join(ids, " "))
	b.WriteString("  local cmd=$words[2]\n")
	b.WriteString("  if [[ $cmd == policy || $cmd == cache ]]; then\n")
	b.WriteString("    if (( CURRENT == 3 )); then\n      [[ $cmd == policy ]] && compadd test check new || compadd clean info\n      return\n    fi\n")
	b.WriteString("    cmd=\"$cmd $words[3]\"; shift words; (( CURRENT-- ))\n  fi\n")
	b.WriteString("  shift words; (( CURRENT-- ))\n  case $cmd in\n")
	b.WriteString("    completion) _arguments '1:shell:(bash zsh fish)' ;;\n")
	b.WriteString("    explain) _arguments '1:rule:($rules)' ;;\n")
	for _, c := range commands {
		_, fs := flagsOf(c)
		fl := flagList(fs)
		if len(fl) == 0 {
			continue
		}
		fmt.Fprintf(&b, "    %q) _arguments -s \\\n", c.name)
		for _, f := range fl {
			spec := "--" + f.Name + "[" + zshQuote(summaryOf(f)) + "]"
			if strings.Contains(f.Value.Type(), "Array") || strings.Contains(f.Value.Type(), "Slice") {
				spec = "*" + spec
			}
			if takesValue(f) {
				action := " "
				if vs := flagValues(c.name, f, ids); vs != nil {
					action = "(" + strings.Join(vs, " ") + ")"
					if f.Name == "rule" || f.Name == "skip-rule" {
						action = "($rules)"
					}
				} else if strings.Contains(summaryOf(f), "file") || strings.Contains(summaryOf(f), "directory") {
					action = "_files"
				}
				spec += ":" + f.Name + ":" + action
			}
			fmt.Fprintf(&b, "      '%s' \\\n", spec)
		}
		b.WriteString("      '*:argument:_files' ;;\n")
	}
	b.WriteString("  esac\n}\n_nixsec \"$@\"\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// fishQuote single-quotes a word for fish.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func fishCompletion(w io.Writer, ids []string) error {
	var b strings.Builder
	b.WriteString("# fish completion for nixsec (nixsec completion fish)\ncomplete -c nixsec -f\n")
	for _, c := range topCommands() {
		fmt.Fprintf(&b, "complete -c nixsec -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
	}
	b.WriteString("complete -c nixsec -n '__fish_seen_subcommand_from policy' -a 'test check new'\n")
	b.WriteString("complete -c nixsec -n '__fish_seen_subcommand_from cache' -a 'clean info'\n")
	b.WriteString("complete -c nixsec -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n")
	fmt.Fprintf(&b, "complete -c nixsec -n '__fish_seen_subcommand_from explain' -a %s\n", fishQuote(strings.Join(ids, " ")))
	for _, c := range commands {
		_, fs := flagsOf(c)
		words := strings.Fields(c.name)
		cond := "__fish_seen_subcommand_from " + words[len(words)-1]
		for _, f := range flagList(fs) {
			line := fmt.Sprintf("complete -c nixsec -n %s -l %s -d %s", fishQuote(cond), f.Name, fishQuote(summaryOf(f)))
			if takesValue(f) {
				if vs := flagValues(c.name, f, ids); vs != nil {
					line += " -x -a " + fishQuote(strings.Join(vs, " "))
				} else {
					line += " -r -F"
				}
			}
			b.WriteString(line + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
