with {}; a ? "b c"
