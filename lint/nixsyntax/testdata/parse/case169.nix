with {}; a + -b
