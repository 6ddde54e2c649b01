with {}; a * b / c
