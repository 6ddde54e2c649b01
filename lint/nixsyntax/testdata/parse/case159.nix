with {}; a >= b
