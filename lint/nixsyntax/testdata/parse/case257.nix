with {}; 2 < 3
