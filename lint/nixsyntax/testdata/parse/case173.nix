with {}; a && b || c
