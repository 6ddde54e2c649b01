with {}; a -> b || c
