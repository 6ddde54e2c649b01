with {}; a - b - c
