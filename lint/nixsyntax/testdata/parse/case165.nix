with {}; !a + b
