with {}; a ? ${b}
