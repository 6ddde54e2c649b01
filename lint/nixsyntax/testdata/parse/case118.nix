with {}; let a.${x} = 1; in a
