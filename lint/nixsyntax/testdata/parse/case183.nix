with {}; a-b
