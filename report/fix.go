package report

// FixResult is what `nixsec fix` did (docs/why.md).
type FixResult struct {
	// Before is the check the edits come from; After the check once they
	// are written (nil for a dry run, or when they were rolled back).
	Before, After *Report
	// Files are the checkout's files the edits change, with their text
	// before and after.
	Files []FileChange
	// Applied are the findings an edit was planned for; Refused those
	// with a fix nixsec will not write, with why; Manual those whose fix
	// needs a person (no single option value fixes them).
	Applied, Refused, Manual []FixItem
	// Gone, Remain and New compare Before and After: findings fixed, left,
	// and introduced.
	Gone, Remain, New []Finding
	// RolledBack says why the edits were undone: After had an evaluation
	// error. The checkout is as it was.
	RolledBack string
}

// FixItem is one finding and what fix makes of it.
type FixItem struct {
	Finding Finding
	Edit    *Edit
	Reason  string
}

// FileChange is one file the edits change, relative to the flake.
type FileChange struct {
	File          string
	Before, After string
}
