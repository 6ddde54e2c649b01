package evalbridge

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nixsec/nixsec/optpath"
)

// Explanation is what the module system shows of one option path on one
// host: its value, its option's declaration and default, and every
// definition that can still be read (`nixsec why`). Files are as nix
// named them (store paths); File.Rel maps them to the checkout.
type Explanation struct {
	Host string
	Path []string
	// Declared is false when no option covers the path.
	Declared bool
	// Option is the declared option the path belongs to; Rest the part of
	// the path inside its value (a submodule's sub-option, an attribute).
	Option, Rest []string
	Type         string
	Description  string
	Declarations []string
	// DeclarationPositions are where the option is declared, when the
	// module system knows it (NixOS 23.05 and later).
	DeclarationPositions []Position
	HasDefault           bool
	// HighestPrio is the winning priority among the option's definitions
	// (1500: only the default).
	HighestPrio *int
	IsDefined   *bool
	// Present says whether config holds a value at the path; ValueError
	// that reading it failed (a throw).
	Present    bool
	Value      any
	ValueError bool
	// Definitions are the option's definitions that the module system
	// kept, each with what it contributes to the path.
	Definitions []Definition
	// DefinitionsError is set when the definitions could not be listed.
	DefinitionsError bool
	// Aliases are the older names asked about, with their own definitions.
	Aliases []AliasDefinitions
}

// Position is a place in a file.
type Position struct {
	File   string `json:"file"`
	Line   *int   `json:"line"`
	Column *int   `json:"column"`
}

// Definition is one definition of the option (one module's value).
type Definition struct {
	File string
	// OK is false when its value could not be walked (a throw inside).
	OK            bool
	Contributions []Contribution
}

// Contribution is one value a definition gives the path, after the
// module system's wrappers: Prio from mkOverride (mkDefault 1000,
// mkForce 50; 100 without), Holds whether every mkIf around it is true,
// Throws whether one of their conditions failed, Order from mkOrder.
type Contribution struct {
	Prio   int  `json:"prio"`
	Order  *int `json:"order"`
	Holds  bool `json:"holds"`
	Throws bool `json:"throws"`
	Value  any  `json:"value"`
}

// AliasDefinitions are the definitions under an older name of the path.
type AliasDefinitions struct {
	Path        []string
	Declared    bool
	Definitions []Definition
}

type rawDefinitions struct {
	Declared      bool     `json:"declared"`
	Option        string   `json:"option"`
	Rest          []string `json:"rest"`
	DefinitionsOK *bool    `json:"definitionsOk"`
	Definitions   []struct {
		File          string         `json:"file"`
		OK            bool           `json:"ok"`
		Contributions []Contribution `json:"contributions"`
	} `json:"definitions"`
}

type rawExplanation struct {
	Version       int    `json:"version"`
	HostOK        bool   `json:"hostOk"`
	IdentityError string `json:"identityError"`
	Explanation   *struct {
		rawDefinitions
		Type                 *string    `json:"type"`
		Description          *string    `json:"description"`
		Declarations         []string   `json:"declarations"`
		DeclarationPositions []Position `json:"declarationPositions"`
		HasDefault           *bool      `json:"hasDefault"`
		HighestPrio          *int       `json:"highestPrio"`
		IsDefined            *bool      `json:"isDefined"`
		ValueOK              bool       `json:"valueOk"`
		Value                struct {
			Present bool `json:"present"`
			Value   any  `json:"value"`
		} `json:"value"`
		Aliases []struct {
			Path []string `json:"path"`
			rawDefinitions
		} `json:"aliases"`
	} `json:"explanation"`
}

// Explain reads every definition of one option path on one host, and
// those of its older names (aliases). It evaluates with the same loader
// and bounds as Evaluate.
func (r *Runner) Explain(ctx context.Context, f *Flake, host string, path []string, aliases [][]string, maxDepth int) (*Explanation, error) {
	hosts, err := r.Hosts(ctx, f)
	if err != nil {
		return nil, err
	}
	known := false
	for _, h := range hosts {
		known = known || h == host
	}
	if !known {
		return nil, &FlakeError{Err: fmt.Errorf("no host %s in nixosConfigurations of %s; the hosts are: %s",
			optpath.Format([]string{host}), f.Ref, strings.Join(hosts, ", "))}
	}
	if aliases == nil {
		aliases = [][]string{}
	}
	arg, _ := json.Marshal(map[string]any{"path": path, "aliases": aliases})
	if maxDepth <= 0 {
		maxDepth = 12
	}
	expr := fmt.Sprintf("(%s) { requests = [ ]; maxDepth = %d; explain = builtins.fromJSON %s; }",
		extractExpr, maxDepth, nixString(string(arg)))
	res, err := r.run(ctx, evalHostArgs(f, host, expr)...)
	if err != nil {
		return nil, err
	}
	var out rawExplanation
	if err := json.Unmarshal(res.stdout, &out); err != nil {
		return nil, fmt.Errorf("cannot read the evaluation output: %w", err)
	}
	switch {
	case out.IdentityError != "":
		return nil, fmt.Errorf("nixosConfigurations.%s is not what lib.nixosSystem returns: %s; nixsec checks only real NixOS evaluations (docs/security.md)",
			optpath.Format([]string{host}), out.IdentityError)
	case !out.HostOK || out.Explanation == nil:
		return nil, fmt.Errorf("host %s: %s", optpath.Format([]string{host}), r.explainHost(ctx, f, host))
	}
	e := out.Explanation
	x := &Explanation{Host: host, Path: path, Declared: e.Declared, Rest: e.Rest,
		Declarations: e.Declarations, DeclarationPositions: e.DeclarationPositions, HighestPrio: e.HighestPrio, IsDefined: e.IsDefined,
		Present: e.Value.Present, Value: e.Value.Value, ValueError: !e.ValueOK}
	x.Option = optionPath(e.Option)
	x.Definitions, x.DefinitionsError = definitions(e.rawDefinitions)
	if e.Type != nil {
		x.Type = *e.Type
	}
	if e.Description != nil {
		x.Description = *e.Description
	}
	if e.HasDefault != nil {
		x.HasDefault = *e.HasDefault
	}
	for _, a := range e.Aliases {
		defs, _ := definitions(a.rawDefinitions)
		x.Aliases = append(x.Aliases, AliasDefinitions{Path: a.Path, Declared: a.Declared, Definitions: defs})
	}
	return x, nil
}

// optionPath splits extract.nix's "\n"-joined place of an option.
func optionPath(at string) []string {
	if at == "" {
		return nil
	}
	return strings.Split(strings.TrimPrefix(at, "\n"), "\n")
}

func definitions(raw rawDefinitions) ([]Definition, bool) {
	var out []Definition
	for _, d := range raw.Definitions {
		out = append(out, Definition{File: d.File, OK: d.OK, Contributions: d.Contributions})
	}
	return out, raw.DefinitionsOK != nil && !*raw.DefinitionsOK
}
