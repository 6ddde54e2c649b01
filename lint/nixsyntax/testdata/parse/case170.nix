with {}; a - -1
