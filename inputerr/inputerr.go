// Package inputerr is the one error type for a bad input file (a
// document, a baseline, a data file, a config file): which file, where in
// it, and why. Every reader reports positions the same way, so a user
// reads "FILE:LINE:COLUMN: why" whatever the file was.
package inputerr

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Error is a bad input file. Line and Col are 1-based; 0 when unknown.
type Error struct {
	File      string
	Line, Col int
	Err       error
}

// Error is "FILE:LINE:COLUMN: cause", the form editors and CI problem
// matchers read, as nixsec's findings are printed.
func (e *Error) Error() string {
	where := e.File
	switch {
	case e.Line > 0 && e.Col > 0:
		where += fmt.Sprintf(":%d:%d", e.Line, e.Col)
	case e.Line > 0:
		where += fmt.Sprintf(":%d", e.Line)
	}
	return where + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// New is an error about the whole file.
func New(file string, err error) *Error { return &Error{File: file, Err: err} }

// Errorf is New with a formatted cause.
func Errorf(file, format string, args ...any) *Error {
	return &Error{File: file, Err: fmt.Errorf(format, args...)}
}

// At is an error at byte offset off of the file's content b.
func At(file string, b []byte, off int64, err error) *Error {
	line, col := Position(b, off)
	return &Error{File: file, Line: line, Col: col, Err: err}
}

// Position is the 1-based line and column (in bytes) of offset off in b.
func Position(b []byte, off int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < off && i < int64(len(b)); i++ {
		if b[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// JSON places an encoding/json decoding error of content b: the offset of
// a syntax or type error, the end for a truncated document, and plain
// words for an empty one.
func JSON(file string, b []byte, err error) *Error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return New(file, errors.New("the file is empty"))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return At(file, b, int64(len(b)), errors.New("the document ends early (truncated?)"))
	case errors.As(err, &se):
		if se.Error() == "" {
			return At(file, b, se.Offset, errors.New("unexpected data after the document"))
		}
		return At(file, b, se.Offset, err)
	case errors.As(err, &te):
		return At(file, b, te.Offset, err)
	}
	return New(file, err)
}
