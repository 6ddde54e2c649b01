with {}; a - b
