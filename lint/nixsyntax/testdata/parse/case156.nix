with {}; a < b
