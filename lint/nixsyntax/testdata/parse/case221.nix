with {}; let f = { a ? 1, b ? 2 }: a + b; in f { }
