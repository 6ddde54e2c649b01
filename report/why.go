package report

// Explanation is `nixsec why`: how the module system arrived at one
// option's value on one host (docs/why.md).
type Explanation struct {
	Host string `json:"host"`
	// Option is the path asked about; AliasOf the option it is an older
	// name of, when it is one.
	Option  string `json:"option"`
	AliasOf string `json:"aliasOf,omitempty"`
	// Declared is false when no option covers the path.
	Declared bool `json:"declared"`
	// DeclaredAs is the declared option the path belongs to: the path
	// itself, or an enclosing submodule or attribute-set option.
	DeclaredAs string `json:"declaredAs,omitempty"`
	Type       string `json:"type,omitempty"`
	// Present is false when the path has no value (unset, no default).
	Present bool `json:"present"`
	Value   any  `json:"value,omitempty"`
	// ValueError is set when reading the value failed (a throw).
	ValueError bool `json:"valueError,omitempty"`
	// Default is where the default is declared, when the value comes from it.
	Default *Definition `json:"default,omitempty"`
	// Merge says how the value was made: "single", "merged" (several
	// definitions of one priority, concatenated or merged by the type),
	// "default" or "unset".
	Merge string `json:"merge"`
	// Definitions are all definitions known: evaluated ones (kept by the
	// module system) and, in the checkout, assignments of the path that
	// were not taken. Winners first, in the order the module system lists
	// them.
	Definitions []Definition `json:"definitions"`
	// Notes say what could not be known.
	Notes []string `json:"notes,omitempty"`
}

// Definition is one definition of an option path.
type Definition struct {
	// Location is in the checkout, or for another source (nixpkgs, an
	// input) File names it and the line is 0.
	Location Location `json:"location"`
	// InFlake is set when the file is in the checkout.
	InFlake bool `json:"inFlake"`
	// Name is the option name this definition sets (the path, or an
	// older name of it).
	Name string `json:"name"`
	// Value is what the definition gives, when evaluated.
	Value any `json:"value,omitempty"`
	// Source is the value as written, for a definition found in the
	// source only (cut at 200 characters).
	Source string `json:"source,omitempty"`
	// Priority is its override priority (plain 100, mkDefault 1000,
	// mkForce 50, mkOptionDefault 1500); Wrapper names how it was set.
	Priority int    `json:"priority"`
	Wrapper  string `json:"wrapper,omitempty"`
	Order    int    `json:"order,omitempty"`
	// Status: "wins", "merged" (one of several winners), "overridden"
	// (a lower priority), "condition-false" (an mkIf that does not hold),
	// "condition-error", "default", "forwarded" (a rename's copy of an
	// older name's definition), "not-evaluated" (in one of the host's
	// modules, not among its definitions, for a reason the source does not
	// show) or "elsewhere" (in a file the host is not known to import).
	Status string `json:"status"`
	// Evaluated is set for definitions the evaluation returned; the
	// others were found in the source only.
	Evaluated bool   `json:"evaluated"`
	Note      string `json:"note,omitempty"`
}
