// Package nixsyntax is a lexer and recursive-descent parser for the Nix
// expression language with exact positions (byte offsets and 1-based
// line:column, columns counted in runes), the checks Nix's parser makes
// beyond the grammar, and a lookup of NixOS option definitions inside a
// parsed file. Package nixprint prints a parsed file the way
// `nix-instantiate --parse` does.
//
// The lexer follows the rules of Nix's flex lexer (longest match, the
// earlier rule on a tie, the same start-condition stack for strings,
// indented strings and interpolated paths), so that the tokens — and the
// quirks that come with them, such as `a:b` being a URI or `2/3` a path —
// are the ones Nix sees.
package nixsyntax

import "fmt"

// Pos is a position in a source file. Offset is a 0-based byte offset;
// Line and Col are 1-based, Col counts runes (a tab is one column).
type Pos struct {
	Offset int
	Line   int
	Col    int
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Range is a half-open source range: End is exclusive.
type Range struct {
	Start Pos
	End   Pos
}

func (r Range) String() string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Col, r.End.Line, r.End.Col)
}

// Kind is a token kind.
type Kind int

// Token kinds. Single-character tokens use their own kind values.
const (
	EOF Kind = iota
	ID
	INT
	FLOAT
	STR     // a literal piece of a string or of an interpolated path
	IND_STR // a piece of an indented string
	PATH
	HPATH
	SPATH
	URI
	PATH_END
	IF
	THEN
	ELSE
	ASSERT
	WITH
	LET
	IN
	REC
	INHERIT
	OR_KW
	ELLIPSIS
	EQ
	NEQ
	LEQ
	GEQ
	AND
	OR
	IMPL
	UPDATE
	CONCAT
	PIPE_FROM // <|
	PIPE_INTO // |>
	DOLLAR_CURLY
	IND_STRING_OPEN
	IND_STRING_CLOSE
	// single characters
	LBRACE   // {
	RBRACE   // }
	LBRACKET // [
	RBRACKET // ]
	LPAREN   // (
	RPAREN   // )
	SEMI     // ;
	COLON    // :
	COMMA    // ,
	AT       // @
	ASSIGN   // =
	DOT      // .
	QUESTION // ?
	NOT      // !
	PLUS     // +
	MINUS    // -
	STAR     // *
	SLASH    // /
	LT       // <
	GT       // >
	QUOTE    // "
	ILLEGAL  // any other character
)

var kindNames = map[Kind]string{
	EOF: "end of file", ID: "identifier", INT: "integer", FLOAT: "float",
	STR: "string", IND_STR: "string", PATH: "path", HPATH: "path", SPATH: "<path>",
	URI: "URI", PATH_END: "end of path", IF: "'if'", THEN: "'then'", ELSE: "'else'",
	ASSERT: "'assert'", WITH: "'with'", LET: "'let'", IN: "'in'", REC: "'rec'",
	INHERIT: "'inherit'", OR_KW: "'or'", ELLIPSIS: "'...'", EQ: "'=='", NEQ: "'!='",
	LEQ: "'<='", GEQ: "'>='", AND: "'&&'", OR: "'||'", IMPL: "'->'", UPDATE: "'//'",
	CONCAT: "'++'", PIPE_FROM: "'<|'", PIPE_INTO: "'|>'", DOLLAR_CURLY: "'${'",
	IND_STRING_OPEN: "\"''\"", IND_STRING_CLOSE: "\"''\"",
	LBRACE: "'{'", RBRACE: "'}'", LBRACKET: "'['", RBRACKET: "']'", LPAREN: "'('",
	RPAREN: "')'", SEMI: "';'", COLON: "':'", COMMA: "','", AT: "'@'", ASSIGN: "'='",
	DOT: "'.'", QUESTION: "'?'", NOT: "'!'", PLUS: "'+'", MINUS: "'-'", STAR: "'*'",
	SLASH: "'/'", LT: "'<'", GT: "'>'", QUOTE: "'\"'", ILLEGAL: "character",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("token(%d)", int(k))
}

// Token is one lexical token.
type Token struct {
	Kind  Kind
	Range Range
	// Text is the source text of the token.
	Text string
	// Value is the decoded value of STR and IND_STR tokens (escapes
	// processed; for path pieces the raw text).
	Value string
	// Indent reports whether an IND_STR token is literal text that takes
	// part in indentation stripping (false for escapes like ''$).
	Indent bool
}

// Comment is a `#` or `/* */` comment with its position.
type Comment struct {
	Text  string // including the comment markers
	Block bool
	Range Range
}

// Error is a lexical or syntax error.
type Error struct {
	File string
	Pos  Pos
	Msg  string
}

func (e *Error) Error() string {
	if e.File != "" {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, e.Msg)
	}
	return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg)
}
