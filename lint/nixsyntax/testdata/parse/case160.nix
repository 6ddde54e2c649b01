with {}; !a
