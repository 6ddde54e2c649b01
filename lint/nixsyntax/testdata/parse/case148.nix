with {}; a && b && c
