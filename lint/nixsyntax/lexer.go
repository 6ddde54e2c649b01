package nixsyntax

import (
	"context"
	"strings"
)

type lexState int

const (
	stInitial lexState = iota
	stDefault
	stString
	stIndString
	stInPath
	stInPathSlash
)

// Options select language extensions.
type Options struct {
	// NoPipes disables the pipe operators `|>` and `<|` (as in Nix 2.8,
	// where `a |> b` is a syntax error).
	NoPipes bool

	// Printed accepts what Nix's printer (nix-instantiate --parse)
	// writes but its parser rejects: a path with a trailing slash,
	// `assert` as a function argument. Tests use it to read that output
	// back.
	Printed bool
}

type lexer struct {
	src      string
	file     string
	off      int
	line     int
	col      int
	stack    []lexState
	toks     []Token
	comments []Comment
	opts     Options
	err      *Error

	ctx context.Context // nil when it cannot be cancelled

	// Scans that may fail without consuming what they read are memoized,
	// so that a long run (`a.b.b.b…`, `----1`, `/* /* …`) is read once
	// rather than again from every token inside it.
	pathFrom, pathEnd     int // s[pathFrom:pathEnd] is a maximal run of path chars
	schemeFrom, schemeEnd int // likewise for URI scheme chars
	noCloseFrom           int // no "*/" at or after this offset; -1 if unknown
}

// Lex splits src into tokens (the last one is EOF) and comments. On a
// lexical error it returns the tokens so far and the error.
func Lex(file, src string) ([]Token, []Comment, error) {
	return lexOpts(context.Background(), file, src, Options{})
}

// lexOpts lexes src; when ctx (which may be nil) is done it stops early,
// and the caller reports ctx.Err().
func lexOpts(ctx context.Context, file, src string, opts Options) ([]Token, []Comment, error) {
	lx := &lexer{src: src, file: file, line: 1, col: 1, stack: []lexState{stInitial}, opts: opts, ctx: ctx,
		pathFrom: 1, schemeFrom: 1, noCloseFrom: -1}
	lx.toks = make([]Token, 0, len(src)/4+4)
	lx.run()
	if lx.err != nil {
		return lx.toks, lx.comments, lx.err
	}
	return lx.toks, lx.comments, nil
}

func (lx *lexer) pos() Pos { return Pos{Offset: lx.off, Line: lx.line, Col: lx.col} }

// advance moves over n bytes, keeping line and column.
func (lx *lexer) advance(n int) {
	end := lx.off + n
	if end > len(lx.src) {
		end = len(lx.src)
	}
	for i := lx.off; i < end; i++ {
		c := lx.src[i]
		if c == '\n' {
			lx.line++
			lx.col = 1
		} else if c&0xC0 != 0x80 {
			lx.col++
		}
	}
	lx.off = end
}

func (lx *lexer) top() lexState { return lx.stack[len(lx.stack)-1] }
func (lx *lexer) push(s lexState) {
	lx.stack = append(lx.stack, s)
}
func (lx *lexer) pop() {
	if len(lx.stack) > 1 {
		lx.stack = lx.stack[:len(lx.stack)-1]
	}
}

func (lx *lexer) emit(k Kind, n int, value string, indent bool) {
	start := lx.pos()
	text := lx.src[lx.off : lx.off+n]
	lx.advance(n)
	if len(lx.toks) == cap(lx.toks) {
		// double: append grows large slices by only 1.25x, which copies
		// (and clears) a dense file's tokens many times over
		lx.toks = append(make([]Token, 0, 2*cap(lx.toks)+16), lx.toks...)
	}
	lx.toks = append(lx.toks, Token{Kind: k, Range: Range{start, lx.pos()}, Text: text, Value: value, Indent: indent})
}

func (lx *lexer) fail(msg string) {
	if lx.err == nil {
		lx.err = &Error{File: lx.file, Pos: lx.pos(), Msg: msg}
	}
}

func (lx *lexer) run() {
	for tick := 0; lx.err == nil; tick++ {
		if lx.ctx != nil && tick%cancelEvery == 0 && lx.ctx.Err() != nil {
			return
		}
		if lx.off >= len(lx.src) {
			switch lx.top() {
			case stInPath:
				lx.pop()
				lx.emit(PATH_END, 0, "", false)
				continue
			case stInPathSlash:
				if lx.opts.Printed {
					lx.pop()
					lx.emit(PATH_END, 0, "", false)
					continue
				}
				lx.fail("path has a trailing slash")
				return
			}
			lx.emit(EOF, 0, "", false)
			return
		}
		switch lx.top() {
		case stInitial, stDefault:
			lx.lexDefault()
		case stString:
			lx.lexString()
		case stIndString:
			lx.lexIndString()
		case stInPath, stInPathSlash:
			lx.lexInPath()
		}
	}
}

func isPathChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '_' || c == '-' || c == '+'
}
func isIDStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isIDChar(c byte) bool {
	return isIDStart(c) || c >= '0' && c <= '9' || c == '\'' || c == '-'
}
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isURIChar(c byte) bool {
	if isAlpha(c) || isDigit(c) {
		return true
	}
	return strings.IndexByte("%/?:@&=+$,-_.!~*'", c) >= 0
}

// The match functions return the length of the longest match of one
// lexer rule at s[i:], or 0.

func matchID(s string, i int) int {
	if i >= len(s) || !isIDStart(s[i]) {
		return 0
	}
	j := i + 1
	for j < len(s) && isIDChar(s[j]) {
		j++
	}
	return j - i
}

func matchInt(s string, i int) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j - i
}

func matchExp(s string, j int) int {
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		d := matchInt(s, k)
		if d > 0 {
			return k + d - j
		}
	}
	return 0
}

// FLOAT (([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?
func matchFloat(s string, i int) int {
	best := 0
	// alternative A
	if i < len(s) && s[i] >= '1' && s[i] <= '9' {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '.' {
			j++
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			j += matchExp(s, j)
			best = j - i
		}
	}
	// alternative B
	j := i
	if j < len(s) && s[j] == '0' {
		j++
	}
	for _, start := range []int{i, j} {
		if start < len(s) && s[start] == '.' {
			d := matchInt(s, start+1)
			if d > 0 {
				k := start + 1 + d
				k += matchExp(s, k)
				if k-i > best {
					best = k - i
				}
			}
		}
	}
	return best
}

// pathChars is the length of the run of path chars at i. A run that
// does not turn into a path is read again from each token inside it
// (`a.b.b.b…`, `1-1-1…`), so the last non-empty run is remembered.
func (lx *lexer) pathChars(i int) int {
	if lx.pathFrom <= i && i <= lx.pathEnd {
		return lx.pathEnd - i
	}
	s := lx.src
	j := i
	for j < len(s) && isPathChar(s[j]) {
		j++
	}
	if j > i {
		lx.pathFrom, lx.pathEnd = i, j
	}
	return j - i
}

// PATH {PATH_CHAR}*(\/{PATH_CHAR}+)+\/?
func (lx *lexer) matchPath(i int) int {
	s := lx.src
	j := i + lx.pathChars(i)
	segs := 0
	for j < len(s) && s[j] == '/' {
		n := lx.pathChars(j + 1)
		if n == 0 {
			break
		}
		j += 1 + n
		segs++
	}
	if segs == 0 {
		return 0
	}
	if j < len(s) && s[j] == '/' {
		j++
	}
	return j - i
}

// PATH_SEG {PATH_CHAR}*\/
func (lx *lexer) matchPathSeg(i int) int {
	s := lx.src
	j := i + lx.pathChars(i)
	if j < len(s) && s[j] == '/' {
		return j + 1 - i
	}
	return 0
}

// HPATH \~(\/{PATH_CHAR}+)+\/?
func (lx *lexer) matchHPath(i int) int {
	s := lx.src
	if i >= len(s) || s[i] != '~' {
		return 0
	}
	j := i + 1
	segs := 0
	for j < len(s) && s[j] == '/' {
		n := lx.pathChars(j + 1)
		if n == 0 {
			break
		}
		j += 1 + n
		segs++
	}
	if segs == 0 {
		return 0
	}
	if j < len(s) && s[j] == '/' {
		j++
	}
	return j - i
}

// SPATH \<{PATH_CHAR}+(\/{PATH_CHAR}+)*\>
func (lx *lexer) matchSPath(i int) int {
	s := lx.src
	if i >= len(s) || s[i] != '<' {
		return 0
	}
	j := i + 1
	n := lx.pathChars(j)
	if n == 0 {
		return 0
	}
	j += n
	for j < len(s) && s[j] == '/' {
		n := lx.pathChars(j + 1)
		if n == 0 {
			break
		}
		j += 1 + n
	}
	if j < len(s) && s[j] == '>' {
		return j + 1 - i
	}
	return 0
}

// URI [a-zA-Z][a-zA-Z0-9\+\-\.]*\:[a-zA-Z0-9\%\/\?\:\@\&\=\+\$\,\-\_\.\!\~\*\']+
func (lx *lexer) matchURI(i int) int {
	s := lx.src
	if i >= len(s) || !isAlpha(s[i]) {
		return 0
	}
	j := lx.schemeRun(i + 1)
	if j >= len(s) || s[j] != ':' {
		return 0
	}
	j++
	k := j
	for k < len(s) && isURIChar(s[k]) {
		k++
	}
	if k == j {
		return 0
	}
	return k - i
}

// schemeRun returns the end of the run of URI scheme chars at i,
// remembered like pathChars.
func (lx *lexer) schemeRun(i int) int {
	if lx.schemeFrom <= i && i <= lx.schemeEnd {
		return lx.schemeEnd
	}
	s := lx.src
	j := i
	for j < len(s) && (isAlpha(s[j]) || isDigit(s[j]) || s[j] == '+' || s[j] == '-' || s[j] == '.') {
		j++
	}
	if j > i {
		lx.schemeFrom, lx.schemeEnd = i, j
	}
	return j
}

var keywords = map[string]Kind{
	"if": IF, "then": THEN, "else": ELSE, "assert": ASSERT, "with": WITH,
	"let": LET, "in": IN, "rec": REC, "inherit": INHERIT, "or": OR_KW,
}

var singles = map[byte]Kind{
	'[': LBRACKET, ']': RBRACKET, '(': LPAREN, ')': RPAREN, ';': SEMI, ':': COLON,
	',': COMMA, '@': AT, '=': ASSIGN, '.': DOT, '?': QUESTION, '!': NOT, '+': PLUS,
	'-': MINUS, '*': STAR, '/': SLASH, '<': LT, '>': GT,
}

type cand struct {
	n    int
	rule int
}

func (lx *lexer) lexDefault() {
	s, i := lx.src, lx.off
	c := s[i]
	// whitespace and comments first: they cannot tie with anything that
	// matters (nothing else starts with these characters, except '/').
	switch c {
	case ' ', '\t', '\r', '\n':
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n') {
			j++
		}
		lx.advance(j - i)
		return
	case '#':
		j := i
		for j < len(s) && s[j] != '\n' && s[j] != '\r' {
			j++
		}
		start := lx.pos()
		lx.advance(j - i)
		lx.comments = append(lx.comments, Comment{Text: s[i:j], Range: Range{start, lx.pos()}})
		return
	}
	if c == '/' && i+1 < len(s) && s[i+1] == '*' && (lx.noCloseFrom < 0 || i+2 < lx.noCloseFrom) {
		// An unterminated "/*" is no comment; remember that nothing
		// closes after it, or `/* /* /* …` would search to the end from
		// each of them.
		if k := strings.Index(s[i+2:], "*/"); k < 0 {
			lx.noCloseFrom = i + 2
		} else {
			n := k + 4
			// a block comment beats any other rule starting with "/*"
			// (no other rule can match a '*' after '/').
			start := lx.pos()
			lx.advance(n)
			lx.comments = append(lx.comments, Comment{Text: s[i : i+n], Block: true, Range: Range{start, lx.pos()}})
			return
		}
	}

	// Candidate rules in the order of Nix's lexer; longest match wins,
	// the earlier rule on a tie.
	const (
		rKeyword = iota
		rEllipsis
		rOp
		rID
		rInt
		rFloat
		rDollarCurly
		rRBrace
		rLBrace
		rQuote
		rIndOpen
		rPathSegDollar
		rHPathStartDollar
		rPath
		rHPath
		rSPath
		rURI
		rAny
	)
	best := cand{1, rAny}
	try := func(n, rule int) {
		if n > best.n || (n == best.n && rule < best.rule) {
			best = cand{n, rule}
		}
	}
	var opKind Kind
	idn := matchID(s, i)
	if idn > 0 {
		if _, ok := keywords[s[i:i+idn]]; ok {
			try(idn, rKeyword)
		}
		try(idn, rID)
	}
	if strings.HasPrefix(s[i:], "...") {
		try(3, rEllipsis)
	}
	if i+1 < len(s) {
		switch s[i : i+2] {
		case "==":
			opKind = EQ
		case "!=":
			opKind = NEQ
		case "<=":
			opKind = LEQ
		case ">=":
			opKind = GEQ
		case "&&":
			opKind = AND
		case "||":
			opKind = OR
		case "->":
			opKind = IMPL
		case "//":
			opKind = UPDATE
		case "++":
			opKind = CONCAT
		case "|>":
			if !lx.opts.NoPipes {
				opKind = PIPE_INTO
			}
		case "<|":
			if !lx.opts.NoPipes {
				opKind = PIPE_FROM
			}
		}
		if opKind != 0 {
			try(2, rOp)
		}
	}
	if isDigit(c) {
		try(matchInt(s, i), rInt)
	}
	if isDigit(c) || c == '.' {
		if n := matchFloat(s, i); n > 0 {
			try(n, rFloat)
		}
	}
	switch c {
	case '$':
		if i+1 < len(s) && s[i+1] == '{' {
			try(2, rDollarCurly)
		}
	case '}':
		try(1, rRBrace)
	case '{':
		try(1, rLBrace)
	case '"':
		try(1, rQuote)
	case '\'':
		if i+1 < len(s) && s[i+1] == '\'' {
			j := i + 2
			for j < len(s) && s[j] == ' ' {
				j++
			}
			if j < len(s) && s[j] == '\n' {
				try(j+1-i, rIndOpen)
			} else {
				try(2, rIndOpen)
			}
		}
	case '~':
		if strings.HasPrefix(s[i:], "~/${") {
			try(4, rHPathStartDollar)
		}
		if n := lx.matchHPath(i); n > 0 {
			try(n, rHPath)
		}
	case '<':
		if n := lx.matchSPath(i); n > 0 {
			try(n, rSPath)
		}
	}
	if isPathChar(c) || c == '/' {
		if n := lx.matchPathSeg(i); n > 0 && strings.HasPrefix(s[i+n:], "${") {
			try(n+2, rPathSegDollar)
		}
		if n := lx.matchPath(i); n > 0 {
			try(n, rPath)
		}
	}
	if isAlpha(c) {
		if n := lx.matchURI(i); n > 0 {
			try(n, rURI)
		}
	}

	switch best.rule {
	case rKeyword:
		lx.emit(keywords[s[i:i+best.n]], best.n, "", false)
	case rEllipsis:
		lx.emit(ELLIPSIS, 3, "", false)
	case rOp:
		lx.emit(opKind, 2, "", false)
	case rID:
		lx.emit(ID, best.n, "", false)
	case rInt:
		lx.emit(INT, best.n, "", false)
	case rFloat:
		lx.emit(FLOAT, best.n, "", false)
	case rDollarCurly:
		lx.push(stDefault)
		lx.emit(DOLLAR_CURLY, 2, "", false)
	case rRBrace:
		if lx.top() != stInitial {
			lx.pop()
		}
		lx.emit(RBRACE, 1, "", false)
	case rLBrace:
		lx.push(stDefault)
		lx.emit(LBRACE, 1, "", false)
	case rQuote:
		lx.push(stString)
		lx.emit(QUOTE, 1, "", false)
	case rIndOpen:
		lx.push(stIndString)
		lx.emit(IND_STRING_OPEN, best.n, "", false)
	case rPathSegDollar:
		lx.push(stInPathSlash)
		lx.emit(PATH, best.n-2, s[i:i+best.n-2], false)
	case rHPathStartDollar:
		lx.push(stInPathSlash)
		lx.emit(HPATH, 2, "~/", false)
	case rPath, rHPath:
		if s[i+best.n-1] == '/' {
			lx.push(stInPathSlash)
		} else {
			lx.push(stInPath)
		}
		k := PATH
		if best.rule == rHPath {
			k = HPATH
		}
		lx.emit(k, best.n, s[i:i+best.n], false)
	case rSPath:
		lx.emit(SPATH, best.n, s[i:i+best.n], false)
	case rURI:
		lx.emit(URI, best.n, s[i:i+best.n], false)
	default:
		if k, ok := singles[c]; ok {
			lx.emit(k, 1, "", false)
		} else {
			lx.emit(ILLEGAL, 1, "", false)
		}
	}
}

// strUnits scans the units of a double-quoted string body:
// [^$"\\] | \$[^{"\\] | \\ANY | \$\\ANY
func strUnits(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		switch c {
		case '"':
			return j - i
		case '\\':
			if j+1 < len(s) {
				j += 2
				continue
			}
			return j - i
		case '$':
			if j+1 >= len(s) {
				return j - i
			}
			d := s[j+1]
			if d == '\\' {
				if j+2 < len(s) {
					j += 3
					continue
				}
				return j - i
			}
			if d == '{' || d == '"' {
				return j - i
			}
			j += 2
		default:
			j++
		}
	}
	return j - i
}

func (lx *lexer) lexString() {
	s, i := lx.src, lx.off
	n := strUnits(s, i)
	// rule 1: units* \$ / \"
	if i+n+1 < len(s) && s[i+n] == '$' && s[i+n+1] == '"' {
		n++
	}
	if n > 0 {
		lx.emit(STR, n, unescapeStr(s[i:i+n]), false)
		return
	}
	switch {
	case strings.HasPrefix(s[i:], "${"):
		lx.push(stDefault)
		lx.emit(DOLLAR_CURLY, 2, "", false)
	case s[i] == '"':
		lx.pop()
		lx.emit(QUOTE, 1, "", false)
	default:
		// `$`, `\` or `$\` at the end of input
		m := 1
		if strings.HasPrefix(s[i:], "$\\") {
			m = 2
		}
		lx.emit(STR, m, unescapeStr(s[i:i+m]), false)
	}
}

// unescapeStr decodes the escapes of a double-quoted string piece as Nix
// does: \n \r \t, any other escaped character stands for itself, CR and
// CR LF become LF. Like Nix, a NUL byte ends the piece.
func unescapeStr(s string) string {
	if strings.IndexByte(s, '\\') < 0 && strings.IndexByte(s, '\r') < 0 && strings.IndexByte(s, 0) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 0 {
			break
		}
		switch c {
		case '\\':
			i++
			if i >= len(s) || s[i] == 0 {
				return b.String()
			}
			switch c = s[i]; c {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			}
			b.WriteByte(c)
		case '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// indUnits scans ([^$']|\$[^{']|'[^'$])+
func indUnits(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		switch c {
		case '$':
			if j+1 < len(s) && s[j+1] != '{' && s[j+1] != '\'' {
				j += 2
				continue
			}
			return j - i
		case '\'':
			if j+1 < len(s) && s[j+1] != '\'' && s[j+1] != '$' {
				j += 2
				continue
			}
			return j - i
		default:
			j++
		}
	}
	return j - i
}

func (lx *lexer) lexIndString() {
	s, i := lx.src, lx.off
	best, rule := 0, -1
	try := func(n, r int) {
		if n > best || (n == best && r < rule) {
			best, rule = n, r
		}
	}
	if n := indUnits(s, i); n > 0 {
		try(n, 0)
	}
	rest := s[i:]
	if strings.HasPrefix(rest, "''$") {
		try(3, 1)
	}
	if rest[0] == '$' {
		try(1, 1)
	}
	if strings.HasPrefix(rest, "'''") {
		try(3, 2)
	}
	if strings.HasPrefix(rest, "''\\") && len(rest) > 3 {
		try(4, 3)
	}
	if strings.HasPrefix(rest, "${") {
		try(2, 4)
	}
	if strings.HasPrefix(rest, "''") {
		try(2, 5)
	}
	if rest[0] == '\'' {
		try(1, 6)
	}
	switch rule {
	case 0:
		lx.emit(IND_STR, best, rest[:best], true)
	case 1:
		lx.emit(IND_STR, best, "$", false)
	case 2:
		lx.emit(IND_STR, best, "''", false)
	case 3:
		lx.emit(IND_STR, best, unescapeStr(rest[2:4]), false)
	case 4:
		lx.push(stDefault)
		lx.emit(DOLLAR_CURLY, 2, "", false)
	case 5:
		lx.pop()
		lx.emit(IND_STRING_CLOSE, 2, "", false)
	case 6:
		lx.emit(IND_STR, 1, "'", false)
	}
}

func (lx *lexer) lexInPath() {
	s, i := lx.src, lx.off
	if strings.HasPrefix(s[i:], "${") {
		lx.pop()
		lx.push(stInPath)
		lx.push(stDefault)
		lx.emit(DOLLAR_CURLY, 2, "", false)
		return
	}
	n := lx.matchPath(i)
	if m := lx.matchPathSeg(i); m > n {
		n = m
	}
	if m := lx.pathChars(i); m > n {
		n = m
	}
	if n > 0 {
		lx.pop()
		if s[i+n-1] == '/' {
			lx.push(stInPathSlash)
		} else {
			lx.push(stInPath)
		}
		lx.emit(STR, n, s[i:i+n], false)
		return
	}
	if lx.top() == stInPathSlash && !lx.opts.Printed {
		lx.fail("path has a trailing slash")
		return
	}
	lx.pop()
	lx.emit(PATH_END, 0, "", false)
}
