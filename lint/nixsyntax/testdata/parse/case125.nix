with {}; f 1 2 3
