with {}; a != b
