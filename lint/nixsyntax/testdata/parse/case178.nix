with {}; a + b * c - d / e
