with {}; !a == b
