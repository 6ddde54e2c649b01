with {}; a + b + c
