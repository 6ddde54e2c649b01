with {}; let inherit (a) b; in b
