with {}; { a.${x}.c = 1; }
