with {}; a || b || c
