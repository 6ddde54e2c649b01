with {}; a/b
